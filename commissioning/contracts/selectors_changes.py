"""Reads of a contract's changes: its variations and extensions with the terms before them, what is
committed on it, and its decommissioning plan with the people affected (council staff only)."""
import copy
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from commissioning.brokerage.choices import AgreementStatus
from commissioning.brokerage.models import Agreement

from .choices import ContractStatus, VariationStatus
from .domain.changes import Terms
from .models import Contract, DecommissionPlan, DecommissionStep, Variation
from .selectors import deliveries


def terms_of(contract: Contract) -> Terms:
    return Terms(value_pence=contract.value_pence, annual_value_pence=contract.annual_value_pence,
                 start_date=contract.start_date, end_date=contract.end_date)


def committed(contract: Contract, *, end=None) -> int:
    """What is already spent or committed on the contract: the larger of what its call-offs commit the
    council to (to `end`, its end after a change, else its end now) and what has been paid on it."""
    counted = copy.copy(contract)
    counted.end_date = end or contract.end_date
    delivery = deliveries([counted])[contract.pk]
    return max(delivery.commissioned_pence, delivery.paid_pence)


def variation_scope(*, user) -> QuerySet[Variation]:
    """The variations `user` may see: those of the contracts they may see."""
    return Variation.objects.for_user(user).select_related("contract", "proposed_by", "decided_by")


def variations_of(*, user, contract: Contract) -> list[Variation]:
    return list(variation_scope(user=user).filter(contract=contract).order_by("number"))


def waiting_for_decision(*, user) -> QuerySet[Variation]:
    """Variations and extensions waiting for approval that `user` may decide (not those they proposed)."""
    return (variation_scope(user=user).filter(status=VariationStatus.PROPOSED).exclude(proposed_by=user)
            .order_by("created_at"))


def original_terms(contract: Contract, variations: list[Variation]) -> Terms:
    """The contract's terms before any approved variation: the current ones less the approved changes,
    and the end before the first approved extension."""
    approved = [v for v in variations if v.status == VariationStatus.APPROVED]
    extensions = sorted((v for v in approved if v.end_date_before), key=lambda v: v.decided_at)
    return Terms(value_pence=contract.value_pence - sum(v.value_change_pence for v in approved),
                 annual_value_pence=contract.annual_value_pence - sum(v.annual_value_change_pence for v in approved),
                 start_date=contract.start_date,
                 end_date=extensions[0].end_date_before if extensions else contract.end_date)


def plan_of(*, user, contract: Contract) -> DecommissionPlan | None:
    return DecommissionPlan.objects.for_user(user).filter(contract=contract).select_related(
        "created_by", "completed_by").first()


def people_affected(plan: DecommissionPlan) -> list[Agreement]:
    """The people with live individual service agreements under the contract: for a list's entry, the
    accepted agreements on its lots, and any an earlier mark was made against (so a person whose
    agreement has since ended on their move stays on the list). A single supplier's contract has no
    call-offs recorded in the platform (ADR 0026), so nobody is found for it. Each agreement carries
    `mark`, the reviewer's mark or None. Council staff only: the caller checks `rules.SEE_PEOPLE`."""
    contract = plan.contract
    marks = {m.agreement_id: m for m in plan.arrangements.select_related("marked_by")}
    if not contract.approved_list_id and not marks:
        return []
    live = Q(lot__approved_list_id=contract.approved_list_id, status=AgreementStatus.ACCEPTED) \
        if contract.approved_list_id else Q(pk__in=[])
    agreements = list(Agreement.objects.filter(live | Q(pk__in=list(marks)))
                      .select_related("person", "provider").order_by("person__reference", "pk"))
    for agreement in agreements:
        agreement.mark = marks.get(agreement.pk)
    return agreements


def plan_readiness(plan: DecommissionPlan, people: list[Agreement]) -> list[str]:
    """What stops the plan being completed, in people's words (empty when it can be)."""
    steps = list(plan.steps.all())
    reasons = []
    if not steps:
        reasons.append("Add at least one step to the plan")
    elif any(s.done_on is None for s in steps):
        reasons.append("Mark every step done")
    waiting = sum(1 for a in people if not (a.mark and a.mark.arranged))
    if waiting:
        reasons.append(f"Make a new arrangement for every person affected ({waiting} still waiting)")
    return reasons


def step_scope(*, user) -> QuerySet[DecommissionStep]:
    """The steps of decommissioning plans `user` may see (council staff only), with their plan."""
    return DecommissionStep.objects.for_user(user).select_related("plan")


def steps_due(*, user, within_days: int = 14) -> QuerySet[DecommissionStep]:
    """The steps `user` owns that are not done and due within `within_days` (or overdue), on plans not complete."""
    soon = timezone.localdate() + timedelta(days=within_days)
    return (DecommissionStep.objects.for_user(user).filter(
        owner=user, done_on__isnull=True, due_on__lte=soon, plan__completed_at__isnull=True,
        plan__contract__status=ContractStatus.DECOMMISSIONING))
