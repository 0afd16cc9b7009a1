"""Contract management: meetings at the market's frequency and their records, KPIs of a contract,
and the providers' KPI returns."""
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, audit_record
from commissioning.procurement.models import ApprovedList
from commissioning.providers.models import Provider

from .. import selectors
from ..choices import KpiDirection, KpiPeriod
from ..domain import periods
from ..models import ContractMeeting, KpiDefinition, KpiReturn
from ._common import today

MEETING_FIELDS = ("held_on", "compliance", "breaches", "penalties_pence", "performance", "quality", "improvement")


@transaction.atomic
def meetings_schedule(*, provider: Provider, by, market_area, start: date, months: int = 12) -> int:
    """Schedule the provider's contract meetings at its market's frequency for the months ahead."""
    market_area = getattr(market_area, "code", market_area)  # a Market chosen on the form, or its code
    every = settings.CONTRACT_MEETING_MONTHS.get(market_area, 3)  # a market the council added: quarterly
    made = 0
    for step in range(0, months, every):
        when = periods.add_months(start, step)
        _, created = ContractMeeting.objects.get_or_create(provider=provider, market_area_id=market_area,
                                                           scheduled_for=when)
        made += int(created)
    audit_record(actor=by, action=Action.CREATED, obj=provider, note=f"{made} contract meetings scheduled")
    return made


@transaction.atomic
def meeting_record(*, meeting: ContractMeeting, by, **fields) -> ContractMeeting:
    """Record a held meeting (not in the future) covering at least one of the four areas."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a meeting record: {sorted(unknown)}")
    meeting = ContractMeeting.objects.select_for_update().get(pk=meeting.pk)
    held = fields.get("held_on")
    if held is None:
        raise ValidationError("Enter the date the meeting was held")
    if held > today():
        raise ValidationError("The meeting cannot have been held in the future")
    if not any(str(fields.get(k, "")).strip() for k in ("compliance", "performance", "quality", "improvement")):
        raise ValidationError("Record at least one of the four areas")
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    audit_record(actor=by, action=Action.UPDATED, obj=meeting, note="Meeting record saved")
    return meeting


@transaction.atomic
def kpi_create(*, by, approved_list: ApprovedList, name: str, unit: str, target: Decimal,
               direction: str = KpiDirection.AT_LEAST, period: str = KpiPeriod.MONTHLY,
               days_to_submit: int = 10) -> KpiDefinition:
    """Add a KPI with its target to a contract; returns are due 1 to 90 days after each period."""
    kpi = KpiDefinition(approved_list=approved_list, name=name.strip(), unit=unit.strip(), target=target,
                        direction=direction, period=period, days_to_submit=days_to_submit)
    kpi.full_clean()
    kpi.save()
    audit_record(actor=by, action=Action.CREATED, obj=kpi)
    return kpi


@transaction.atomic
def kpi_return_submit(*, kpi: KpiDefinition, by, period_start: date, value: Decimal, note: str = "") -> KpiReturn:
    """A provider's figure for one period; a return after its deadline is recorded and marked late."""
    day = today()
    problems = []
    if not periods.is_period_start(kpi.period, period_start):
        problems.append(f"Choose the first day of a {kpi.get_period_display().lower()} period")
    elif periods.period_end(kpi.period, period_start) >= day:
        problems.append("That period has not ended yet")
    if not selectors.holds_list(provider_id=by.provider_id, approved_list=kpi.approved_list):
        problems.append(f"Your organisation does not hold {kpi.approved_list}")
    if value is None or value < 0:
        problems.append("Enter the figure as 0 or more")
    if KpiReturn.objects.filter(kpi=kpi, provider_id=by.provider_id, period_start=period_start).exists():
        problems.append("A return for this period has already been sent")
    if problems:
        raise ValidationError(problems)
    sent = KpiReturn.objects.create(
        kpi=kpi, provider_id=by.provider_id, period_start=period_start, value=value, note=note,
        submitted_at=timezone.now(), submitted_by=by,
        late=day > periods.return_due(kpi.period, period_start, kpi.days_to_submit))
    audit_record(actor=by, action=Action.CREATED, obj=sent, note="Late" if sent.late else "")
    return sent
