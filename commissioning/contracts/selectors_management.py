"""Reads of contract management (ADR 0026, "Contract management"): meetings, their actions,
breaches, KPIs and returns, each starting from the user's scope (`for_user`, querysets.py): council
staff see all, a provider user only its own organisation's. The reads scheduled work makes for the
whole council (returns not sent) take no user."""
from datetime import date, timedelta

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from commissioning.core.audit import history_for
from commissioning.procurement.choices import MembershipStatus
from commissioning.procurement.models import Membership
from commissioning.quality.domain import periods

from .choices import BreachStatus
from .models import Breach, Contract, ContractMeeting, KpiDefinition, KpiReturn, MeetingAction


def meeting_scope(*, user) -> QuerySet[ContractMeeting]:
    """The contract meetings the user may open."""
    return ContractMeeting.objects.for_user(user).select_related("provider", "contract", "market_area")


def action_scope(*, user) -> QuerySet[MeetingAction]:
    """The actions of the meetings the user may open."""
    return MeetingAction.objects.for_user(user).select_related("meeting__provider", "meeting__contract", "owner")


def breach_scope(*, user) -> QuerySet[Breach]:
    """The breaches the user may open."""
    return Breach.objects.for_user(user).select_related("contract", "provider", "meeting", "recorded_by")


def kpi_scope(*, user) -> QuerySet[KpiDefinition]:
    """The KPIs the user may see (a provider user: those of its contracts and of the lists it is on)."""
    return KpiDefinition.objects.for_user(user).select_related("contract")


def kpi_return_scope(*, user) -> QuerySet[KpiReturn]:
    """The KPI returns the user may see."""
    return KpiReturn.objects.for_user(user).select_related("kpi", "provider")


def due_actions(*, user, today: date | None = None) -> QuerySet[MeetingAction]:
    """The open actions `user` owns that are due within a fortnight or overdue."""
    today = today or timezone.localdate()
    return action_scope(user=user).filter(owner=user, done_on__isnull=True,
                                          due__lte=today + timedelta(days=14))


def contract_management(*, user, contract: Contract) -> dict:
    """What the contract's page shows of its management: meetings, open and done actions, breaches
    with their penalties in whole pence, and KPIs."""
    meetings = meeting_scope(user=user).filter(contract=contract).order_by("-scheduled_for")
    breaches = breach_scope(user=user).filter(contract=contract)
    return {
        "meetings": meetings[:50], "meeting_count": meetings.count(),
        "actions": action_scope(user=user).filter(meeting__contract=contract).order_by("done_on", "due")[:50],
        "breaches": breaches[:50],
        "penalties_pence": breaches.aggregate(total=Sum("penalty_pence"))["total"] or 0,
        "open_breaches": breaches.filter(status=BreachStatus.OPEN).count(),
        "kpis": kpi_scope(user=user).filter(contract=contract),
    }


def provider_breaches(*, user, provider) -> QuerySet[Breach]:
    """The breaches by a provider across the council's contracts."""
    return breach_scope(user=user).filter(provider=provider)


def contract_providers(contract: Contract) -> QuerySet:
    """The providers a contract is managed with: its supplier, or the members of its approved list."""
    from commissioning.providers.models import Provider

    if contract.approved_list_id:
        return Provider.objects.filter(memberships__lot__approved_list_id=contract.approved_list_id).distinct()
    return Provider.objects.filter(pk=contract.supplier_id)


def holds_contract(*, provider_id, contract: Contract) -> bool:
    """Whether the provider supplies the contract or holds a place on its approved list."""
    if contract.supplier_id and contract.supplier_id == provider_id:
        return True
    return bool(contract.approved_list_id) and Membership.objects.filter(
        lot__approved_list_id=contract.approved_list_id, provider_id=provider_id).exists()


def owing_returns(kpi: KpiDefinition, provider=None) -> dict:
    """Who owes returns for the KPI and since when: the active members of its contract's list from
    their admission, or its supplier from the contract's start."""
    contract = kpi.contract
    if contract.approved_list_id:
        members = Membership.objects.filter(lot__approved_list_id=contract.approved_list_id,
                                            status=MembershipStatus.ACTIVE).select_related("provider")
        if provider is not None:
            members = members.filter(provider=provider)
        owing: dict = {}
        for m in members.order_by("admitted_on"):
            owing.setdefault(m.provider_id, (m.provider, m.admitted_on))
        return owing
    if contract.supplier_id and (provider is None or provider.pk == contract.supplier_id):
        return {contract.supplier_id: (contract.supplier, contract.start_date)}
    return {}


def unsent_returns(*, today: date | None = None, provider=None, months_back: int = 12) -> list[dict]:
    """Returns of ended periods not yet sent, per KPI, provider and period, each marked overdue when its
    deadline has passed (the others are due now)."""
    today = today or timezone.localdate()
    since = periods.add_months(today, -months_back)
    kpis = KpiDefinition.objects.select_related("contract__supplier")
    if provider is not None:
        kpis = kpis.filter(Q(contract__supplier=provider)
                           | Q(contract__approved_list__lots__memberships__provider=provider)).distinct()
    unsent = []
    for kpi in kpis:
        owing = owing_returns(kpi, provider)
        sent = set(KpiReturn.objects.filter(kpi=kpi).values_list("provider_id", "period_start"))
        for start in periods.ended_periods(kpi.period, since, today):
            due = periods.return_due(kpi.period, start, kpi.days_to_submit)
            for provider_id, (who, since_day) in owing.items():
                if since_day <= periods.period_end(kpi.period, start) and (provider_id, start) not in sent:
                    unsent.append({"kpi": kpi, "provider": who, "period_start": start, "due": due,
                                   "overdue": due < today})
    return unsent


def missing_returns(*, today: date | None = None, provider=None, months_back: int = 12) -> list[dict]:
    """Returns past their deadline and not sent, per KPI, provider and period."""
    return [row for row in unsent_returns(today=today, provider=provider, months_back=months_back) if row["overdue"]]


def breach_history(breach: Breach):
    """Who recorded and changed the breach, when, and what."""
    return history_for([breach]).select_related("actor")
