"""Writes of a contract's changes: variations and extensions proposed, approved or refused once, and
decommissioning with its plan, steps and the people affected. Each is atomic, takes the acting user,
and records an audit event; a refusal of bad input is a ValidationError by field."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from commissioning.core.audit import Action, audit_record
from commissioning.core.money import format_pounds
from commissioning.core.workflow import transition

from .. import rules
from ..choices import ContractStatus, VariationKind, VariationStatus
from ..domain.changes import variation_errors, varied
from ..models import Contract, DecommissionPlan, DecommissionStep, NewArrangement, Variation
from ..transitions import CONTRACT, VARIATION
from .register import contract_save

VARIABLE = (ContractStatus.PLANNED, ContractStatus.LIVE)


def _check(contract: Contract, variation: Variation) -> None:
    """Refuse the change if it cannot be made to the contract as it is now."""
    from ..selectors_changes import committed, terms_of

    if contract.status not in VARIABLE:
        raise ValidationError(f"A contract that is {contract.get_status_display().lower()} cannot be varied")
    extension = variation.kind == VariationKind.EXTENSION
    errors = variation_errors(
        terms_of(contract), extension=extension, value_change_pence=variation.value_change_pence,
        annual_value_change_pence=variation.annual_value_change_pence, new_end_date=variation.new_end_date,
        takes_effect_on=variation.takes_effect_on,
        committed_pence=committed(contract, end=variation.new_end_date if extension else None))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def variation_propose(*, variation: Variation, by) -> Variation:
    """Propose a variation or extension of `variation.contract`, numbered after the contract's others."""
    if not rules.can_edit(by):
        raise PermissionDenied("Only the register's editors may propose a variation")
    contract = Contract.objects.select_for_update().get(pk=variation.contract_id)
    _check(contract, variation)
    variation.contract = contract
    variation.number = (contract.variations.aggregate(last=Max("number"))["last"] or 0) + 1
    variation.proposed_by = by
    variation.status = VariationStatus.PROPOSED
    variation.save()
    variation.status_events.create(by=by, event="propose", to_status=variation.status, note=variation.reason)
    audit_record(actor=by, action=Action.CREATED, obj=variation, note=f"Proposed for {contract}", changes={
        "Change to the value over the term": ["", format_pounds(variation.value_change_pence)],
        "Change to the value a year": ["", format_pounds(variation.annual_value_change_pence)],
        "New end date": ["", f"{variation.new_end_date:%-d %B %Y}" if variation.new_end_date else ""]})
    return variation


def _decide(variation: Variation, by) -> tuple[Variation, Contract]:
    """Lock the variation and its contract, and refuse anyone without approval authority or who proposed it."""
    variation = Variation.objects.select_for_update().get(pk=variation.pk)
    if not rules.can_decide(by, variation):
        raise PermissionDenied("A variation is decided by the head of commissioning or an administrator "
                               "who did not propose it")
    return variation, Contract.objects.select_for_update().get(pk=variation.contract_id)


@transaction.atomic
def variation_approve(*, variation: Variation, by) -> Variation:
    """Approve a proposed variation: the contract's value, value a year and (for an extension) end date
    change in the same transaction, on its audit trail, and the terms before and after are kept on the
    variation. It can be approved once: the row is locked and the workflow allows approve only from
    proposed, so a second approval (or two at once) is refused."""
    variation, contract = _decide(variation, by)
    VARIATION.next_status(variation.status, "approve")
    _check(contract, variation)
    before = (contract.value_pence, contract.annual_value_pence, contract.end_date)
    after = varied(_terms(contract), value_change_pence=variation.value_change_pence,
                   annual_value_change_pence=variation.annual_value_change_pence,
                   new_end_date=variation.new_end_date if variation.kind == VariationKind.EXTENSION else None)
    contract.value_pence, contract.annual_value_pence, contract.end_date = (
        after.value_pence, after.annual_value_pence, after.end_date)
    contract_save(contract=contract, by=by, note=f"{variation} approved")
    return transition(variation, VARIATION, "approve", by=by, decided_by=by, decided_at=timezone.now(),
                      value_before_pence=before[0], annual_value_before_pence=before[1], end_date_before=before[2],
                      value_after_pence=after.value_pence, annual_value_after_pence=after.annual_value_pence,
                      end_date_after=after.end_date)


def _terms(contract):
    from ..selectors_changes import terms_of

    return terms_of(contract)


@transaction.atomic
def variation_refuse(*, variation: Variation, by, reason: str) -> Variation:
    """Refuse a proposed variation with a reason; the contract does not change."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"refusal_reason": "Enter why the variation is refused"})
    variation, _ = _decide(variation, by)
    return transition(variation, VARIATION, "refuse", by=by, note=reason, decided_by=by, decided_at=timezone.now(),
                      refusal_reason=reason)


def apply_approved(contract: Contract) -> None:
    """Re-apply a contract's approved variations to terms that were just reset from elsewhere (a list's
    entry takes its value and term from the list each time the list changes)."""
    if contract.pk is None:
        return
    for variation in contract.variations.filter(status=VariationStatus.APPROVED).order_by("decided_at", "pk"):
        contract.value_pence += variation.value_change_pence
        contract.annual_value_pence += variation.annual_value_change_pence
        if variation.kind == VariationKind.EXTENSION and variation.end_date_after > contract.end_date:
            contract.end_date = variation.end_date_after


@transaction.atomic
def plan_start(*, plan: DecommissionPlan, by) -> DecommissionPlan:
    """Start decommissioning a live contract: its plan is made and the contract moves to decommissioning."""
    if not rules.can_edit(by):
        raise PermissionDenied("Only the register's editors may decommission a contract")
    contract = Contract.objects.select_for_update().get(pk=plan.contract_id)
    if DecommissionPlan.objects.filter(contract=contract).exists():
        raise ValidationError("This contract already has a decommissioning plan")
    if plan.service_stops_on and not contract.start_date <= plan.service_stops_on <= contract.end_date:
        raise ValidationError({"service_stops_on": (
            f"The date the service stops must be within the contract's term, {contract.start_date:%-d %B %Y} "
            f"to {contract.end_date:%-d %B %Y}")})
    CONTRACT.next_status(contract.status, "decommission")
    plan.contract, plan.created_by = contract, by
    plan.save()
    audit_record(actor=by, action=Action.CREATED, obj=plan, note=plan.reason)
    transition(contract, CONTRACT, "decommission", by=by, note="Decommissioning begun")
    return plan


def _open(plan: DecommissionPlan) -> DecommissionPlan:
    plan = DecommissionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.completed_at:
        raise ValidationError("The plan is complete: it can no longer be changed")
    return plan


@transaction.atomic
def step_add(*, step: DecommissionStep, by) -> DecommissionStep:
    if not rules.can_edit(by):
        raise PermissionDenied("Only the register's editors may add a step")
    step.plan = _open(step.plan)
    step.save()
    audit_record(actor=by, action=Action.UPDATED, obj=step.plan, note=f"Step added: {step.description}"[:500],
                 changes={"Step": ["", f"{step.description}, owned by {step.owner}, due {step.due_on:%-d %B %Y}"]})
    return step


@transaction.atomic
def step_done(*, step: DecommissionStep, by) -> DecommissionStep:
    """Mark a step done, once: by its owner or an editor of the register."""
    step = DecommissionStep.objects.select_for_update().get(pk=step.pk)
    if step.owner_id != by.pk and not rules.can_edit(by):
        raise PermissionDenied("Only the step's owner or the register's editors may mark it done")
    plan = _open(step.plan)
    if step.done_on:
        raise ValidationError(f"This step was already marked done on {step.done_on:%-d %B %Y}")
    step.done_on, step.done_by = timezone.localdate(), by
    step.save(update_fields=["done_on", "done_by"])
    audit_record(actor=by, action=Action.UPDATED, obj=plan, note=f"Step done: {step.description}"[:500])
    return step


@transaction.atomic
def arrangement_mark(*, plan: DecommissionPlan, agreement, by, arranged: bool, note: str = "") -> NewArrangement:
    """A reviewer marks whether a person affected has a new arrangement for their care."""
    from ..selectors_changes import people_affected

    if by.role not in rules.MARK_ARRANGED:
        raise PermissionDenied("Only social workers and brokerage officers mark new arrangements")
    plan = _open(plan)
    if agreement.pk not in {a.pk for a in people_affected(plan)}:
        raise ValidationError("This person is not affected by the contract's decommissioning")
    mark, _ = NewArrangement.objects.update_or_create(plan=plan, agreement=agreement, defaults={
        "arranged": arranged, "note": note.strip(), "marked_by": by})
    audit_record(actor=by, action=Action.UPDATED, obj=plan,
                 note=f"{agreement.reference}: {'new arrangement made' if arranged else 'no new arrangement yet'}",
                 changes={"New arrangement": ["", "Yes" if arranged else "Not yet"]})
    return mark


@transaction.atomic
def plan_complete(*, plan: DecommissionPlan, by) -> DecommissionPlan:
    """Complete the plan when every step is done and every person affected has a new arrangement; the
    contract moves on to ended, once (the plan is locked and the workflow ends a contract only from
    decommissioning)."""
    from ..selectors_changes import people_affected, plan_readiness

    if not rules.can_edit(by):
        raise PermissionDenied("Only the register's editors may complete a plan")
    plan = _open(plan)
    contract = Contract.objects.select_for_update().get(pk=plan.contract_id)
    reasons = plan_readiness(plan, people_affected(plan))
    if reasons:
        raise ValidationError(reasons)
    CONTRACT.next_status(contract.status, "end")
    plan.completed_at, plan.completed_by = timezone.now(), by
    plan.save(update_fields=["completed_at", "completed_by", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=plan, note="Plan complete")
    transition(contract, CONTRACT, "end", by=by, note="Decommissioning plan complete")
    return plan
