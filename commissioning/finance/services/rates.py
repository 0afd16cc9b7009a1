"""Writes of rate cards and complexity criteria: a card is drafted, filled in and approved; an
approved card is never edited, a change is a new version from a date."""
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from commissioning.core.audit import Action, audit_record
from commissioning.core.workflow import transition

from ..choices import RateStatus
from ..domain.pricing import half_up
from ..models import ComplexityCriterion, DayType, RateCard, RateLine, TimeBand
from ..transitions import RATE_CARD


@transaction.atomic
def rate_card_create(*, service_type, financial_year: int, effective_from: date, note: str = "", by) -> RateCard:
    """Start a draft card for a market and year, numbered as the next version of that year."""
    latest = RateCard.objects.filter(service_type=service_type, financial_year=financial_year) \
        .aggregate(Max("version"))["version__max"] or 0
    card = RateCard.objects.create(service_type=service_type, financial_year=financial_year, version=latest + 1,
                                   effective_from=effective_from, note=note)
    audit_record(actor=by, action=Action.CREATED, obj=card, note=note or "Draft rate card")
    return card


@transaction.atomic
def rate_card_approve(*, card: RateCard, by) -> RateCard:
    """Approve a draft card that has at least the weekday day rate; from then on it is never edited."""
    card = RateCard.objects.select_for_update().get(pk=card.pk)
    if RATE_CARD.allows(card.status, "approve") and not card.lines.filter(
            time_band=TimeBand.DAY, day_type=DayType.WEEKDAY).exists():
        raise ValidationError("Give at least the weekday day rate before approving")
    return transition(card, RATE_CARD, "approve", by=by, approved_by=by, approved_at=timezone.now())


@transaction.atomic
def rate_line_save(*, card: RateCard, by, time_band: str, day_type: str, locality_band: str,
                   rate_pence: int) -> RateLine:
    """Set one cell of a draft card; approved rates cannot be edited."""
    card = RateCard.objects.select_for_update().get(pk=card.pk)
    if card.status == RateStatus.APPROVED:
        raise ValidationError("Approved rates cannot be edited: make a new version from a date")
    line, _ = RateLine.objects.update_or_create(card=card, time_band=time_band, day_type=day_type,
                                                locality_band=locality_band, defaults={"rate_pence": rate_pence})
    audit_record(actor=by, action=Action.UPDATED, obj=card, note=f"{line}: {rate_pence}p")
    return line


@transaction.atomic
def rate_lines_save(*, card: RateCard, by, rates: dict[tuple[str, str, str], int]) -> list[RateLine]:
    """Set several cells of a draft card at once, keyed by (time band, day type, locality band); all or none."""
    return [rate_line_save(card=card, by=by, time_band=band, day_type=day, locality_band=area, rate_pence=pence)
            for (band, day, area), pence in rates.items()]


@transaction.atomic
def rate_card_new_version(*, card: RateCard, by, effective_from: date, factor: Decimal = Decimal(1),
                          note: str = "", approve: bool = False) -> RateCard:
    """A new version of a card from a date, its lines copied (times `factor`, rounded half up)."""
    if effective_from < card.effective_from:
        raise ValidationError("A new version cannot start before the version it replaces")
    latest = RateCard.objects.filter(service_type=card.service_type, financial_year=card.financial_year).aggregate(
        Max("version"))["version__max"]
    new = RateCard.objects.create(service_type=card.service_type, financial_year=card.financial_year,
                                  version=latest + 1, effective_from=effective_from, note=note)
    RateLine.objects.bulk_create([
        RateLine(card=new, time_band=line.time_band, day_type=line.day_type, locality_band=line.locality_band,
                 rate_pence=half_up(line.rate_pence * factor)) for line in card.lines.all()])
    audit_record(actor=by, action=Action.CREATED, obj=new, note=note or f"New version of {card}")
    return rate_card_approve(card=new, by=by) if approve else new


@transaction.atomic
def criterion_create(*, name: str, kind: str, amount: Decimal, by) -> ComplexityCriterion:
    """Configure a reason for an enhanced rate: an addition in pence or a percentage uplift; names are unique."""
    if ComplexityCriterion.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "A criterion with this name already exists"})
    criterion = ComplexityCriterion.objects.create(name=name.strip(), kind=kind, amount=amount)
    audit_record(actor=by, action=Action.CREATED, obj=criterion,
                 note=f"{criterion.get_kind_display()}: {amount}")
    return criterion
