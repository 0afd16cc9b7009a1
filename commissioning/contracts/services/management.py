"""Writes of contract management (ADR 0026, "Contract management"): meetings scheduled at the
market's frequency and their records, the actions they agree, breaches with the penalty (whole
pence) or remedy applied, KPIs of a contract and the providers' returns. Each is atomic and audited."""
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, audit_record, diff
from commissioning.core.money import format_pounds
from commissioning.quality.domain import periods

from ..choices import BreachStatus, KpiDirection, KpiPeriod
from ..models import Breach, Contract, ContractMeeting, KpiDefinition, KpiReturn, MeetingAction
from ..models.management import FOUR_AREAS

MEETING_FIELDS = ("held_on", "compliance", "breaches", "performance", "quality", "improvement")
# Where a breach may go next: remedied once put right, closed when the council is satisfied.
BREACH_MOVES = {BreachStatus.OPEN: {BreachStatus.REMEDIED, BreachStatus.CLOSED},
                BreachStatus.REMEDIED: {BreachStatus.CLOSED, BreachStatus.OPEN},
                BreachStatus.CLOSED: set()}


def _today() -> date:
    return timezone.localdate()


def market_of(contract: Contract, market=None):
    """The market a contract's meetings follow: its approved list's, else the one chosen."""
    if contract.approved_list_id:
        return contract.approved_list.market_area
    if market is None:
        raise ValidationError({"market_area": "Choose the market area whose frequency the meetings follow"})
    return market


@transaction.atomic
def meetings_schedule(*, contract: Contract, provider, by, start: date, months: int = 12, market=None) -> int:
    """Schedule the contract's meetings with a provider for the months ahead, every so many months as
    its market says (a meeting already on a date is kept); returns how many were made."""
    from ..selectors_management import holds_contract

    if not holds_contract(provider_id=provider.pk, contract=contract):
        raise ValidationError({"provider": f"{provider} does not hold {contract.title}"})
    if start < _today():
        raise ValidationError({"start": "The first meeting must be today or later"})
    if not 1 <= months <= 36:
        raise ValidationError({"months": "Schedule between 1 and 36 months ahead"})
    market = market_of(contract, market)
    made = 0
    for step in range(0, months, market.meeting_every_months):
        when = periods.add_months(start, step)
        _, created = ContractMeeting.objects.get_or_create(contract=contract, provider=provider, scheduled_for=when,
                                                           defaults={"market_area": market})
        made += int(created)
    audit_record(actor=by, action=Action.UPDATED, obj=contract,
                 note=f"{made} contract meetings with {provider} scheduled, every {market.meeting_every_months} "
                      f"months ({market})")
    return made


@transaction.atomic
def meeting_record(*, meeting: ContractMeeting, by, contract: Contract | None = None, **fields) -> ContractMeeting:
    """Record a held meeting (not in the future) covering at least one of the four areas; a meeting
    without a contract (moved from before meetings had one) takes the contract chosen."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a meeting record: {sorted(unknown)}")
    meeting = ContractMeeting.objects.select_for_update().get(pk=meeting.pk)
    held = fields.get("held_on")
    if held is None:
        raise ValidationError({"held_on": "Enter the date the meeting was held"})
    if held > _today():
        raise ValidationError({"held_on": "The meeting cannot have been held in the future"})
    if not any(str(fields.get(k, "")).strip() for k in FOUR_AREAS):
        raise ValidationError("Record at least one of the four areas")
    if meeting.contract_id is None:
        if contract is None:
            raise ValidationError({"contract": "Choose the contract the meeting was about"})
        meeting.contract = contract
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    audit_record(actor=by, action=Action.UPDATED, obj=meeting, note="Meeting record saved")
    return meeting


@transaction.atomic
def action_add(*, meeting: ContractMeeting, by, what: str, owner, due: date) -> MeetingAction:
    """An action agreed at the meeting, with its owner and due date."""
    if not what.strip():
        raise ValidationError({"what": "Enter what is to be done"})
    if due < _today():
        raise ValidationError({"due": "The due date must be today or later"})
    if not owner.is_active:
        raise ValidationError({"owner": "Choose someone who can still sign in"})
    if owner.provider_id and owner.provider_id != meeting.provider_id:
        raise ValidationError({"owner": f"Choose council staff or someone at {meeting.provider}"})
    action = MeetingAction.objects.create(meeting=meeting, what=what.strip(), owner=owner, due=due)
    audit_record(actor=by, action=Action.CREATED, obj=action, note=f"Action for {owner}, due {due:%-d %B %Y}")
    return action


@transaction.atomic
def action_done(*, action: MeetingAction, by, done_on: date | None) -> MeetingAction:
    """Mark an action done on a day (not in the future), or open again (no day)."""
    action = MeetingAction.objects.select_for_update().get(pk=action.pk)
    if done_on and done_on > _today():
        raise ValidationError({"done_on": "The date done cannot be in the future"})
    action.done_on = done_on
    action.save(update_fields=["done_on", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=action,
                 note=f"Done on {done_on:%-d %B %Y}" if done_on else "Open again")
    return action


def _breach_snapshot(breach: Breach) -> dict:
    return {"status": breach.get_status_display(), "penalty_pence": format_pounds(breach.penalty_pence),
            "remedy": breach.remedy}


@transaction.atomic
def breach_record(*, contract: Contract, provider, by, what_happened: str, term: str, found_on: date,
                  penalty_pence: int = 0, remedy: str = "", meeting: ContractMeeting | None = None) -> Breach:
    """Record a breach of the contract by a provider holding it, found on a day (not in the future),
    with the penalty in whole pence or the remedy applied (at least one); at a meeting, the meeting's."""
    from ..selectors_management import holds_contract

    problems: dict[str, str] = {}
    if not isinstance(penalty_pence, int) or isinstance(penalty_pence, bool):
        raise TypeError("A penalty is whole pence (an int)")
    if meeting is not None:
        if meeting.contract_id != contract.pk or meeting.provider_id != provider.pk:
            raise ValidationError("The meeting is not about this contract with this provider")
    elif not holds_contract(provider_id=provider.pk, contract=contract):
        problems["provider"] = f"{provider} does not hold {contract.title}"
    if not what_happened.strip():
        problems["what_happened"] = "Enter what happened"
    if not term.strip():
        problems["term"] = "Enter the term breached"
    if found_on > _today():
        problems["found_on"] = "The date found cannot be in the future"
    if penalty_pence < 0:
        problems["penalty"] = "The penalty must be £0 or more"
    if penalty_pence == 0 and not remedy.strip():
        problems["remedy"] = "Enter the remedy applied, or a penalty"
    if problems:
        raise ValidationError(problems)
    breach = Breach(contract=contract, provider=provider, meeting=meeting, what_happened=what_happened.strip(),
                    term=term.strip(), found_on=found_on, penalty_pence=penalty_pence, remedy=remedy.strip(),
                    recorded_by=by)
    breach.full_clean()
    breach.save()
    applied = f"penalty {format_pounds(penalty_pence)}" if penalty_pence else "remedy only"
    audit_record(actor=by, action=Action.CREATED, obj=breach, note=f"Breach of {breach.term} recorded, {applied}")
    audit_record(actor=by, action=Action.UPDATED, obj=contract,
                 note=f"Breach by {provider} recorded ({breach.term}), {applied}")
    return breach


@transaction.atomic
def breach_move(*, breach: Breach, by, status: str, note: str = "") -> Breach:
    """Move a breach: open → remedied or closed, remedied → closed (or open again). Recorded in its history."""
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    status = BreachStatus(status)
    if status not in BREACH_MOVES[breach.status]:
        raise ValidationError({"status": f"A breach that is {breach.get_status_display().lower()} cannot be "
                                         f"marked {status.label.lower()}"})
    before = _breach_snapshot(breach)
    breach.status = status
    breach.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=breach, changes=diff(breach, before, _breach_snapshot(breach)),
                 note=note.strip())
    return breach


@transaction.atomic
def kpi_create(*, by, contract: Contract, name: str, unit: str, target: Decimal,
               direction: str = KpiDirection.AT_LEAST, period: str = KpiPeriod.MONTHLY,
               days_to_submit: int = 10) -> KpiDefinition:
    """Add a KPI with its target to a contract; returns are due 1 to 90 days after each period."""
    kpi = KpiDefinition(contract=contract, name=name.strip(), unit=unit.strip(), target=target,
                        direction=direction, period=period, days_to_submit=days_to_submit)
    kpi.full_clean()
    kpi.save()
    audit_record(actor=by, action=Action.CREATED, obj=kpi)
    return kpi


@transaction.atomic
def kpi_return_submit(*, kpi: KpiDefinition, by, period_start: date, value: Decimal, note: str = "") -> KpiReturn:
    """A provider's figure for one period; a return after its deadline is recorded and marked late."""
    from ..selectors_management import holds_contract

    day = _today()
    problems = []
    if not periods.is_period_start(kpi.period, period_start):
        problems.append(f"Choose the first day of a {kpi.get_period_display().lower()} period")
    elif periods.period_end(kpi.period, period_start) >= day:
        problems.append("That period has not ended yet")
    if not holds_contract(provider_id=by.provider_id, contract=kpi.contract):
        problems.append(f"Your organisation does not hold {kpi.contract.title}")
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
