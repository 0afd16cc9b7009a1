"""Writes of agreement prices and payment rules: a price runs from a date and is never edited, so
the weekly cost at any date is known; the agreement's current rate is set through brokerage."""
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.brokerage.models import Agreement
from commissioning.brokerage.services import agreement_reprice
from commissioning.core.audit import Action, audit_record

from ..domain.pricing import enhanced_rate, weekly_cost_pence
from ..models import AgreementPrice, DayType, LocalityBand, PaymentRuleSet, RateCard, TimeBand
from ..selectors import card_on


def locality_band(agreement: Agreement) -> str:
    """The locality band an agreement's rate comes from (rural or urban), by its request's locality."""
    locality = agreement.request.locality.name if agreement.request.locality_id else ""
    return settings.FINANCE_LOCALITY_BANDS.get(locality, LocalityBand.URBAN)


@transaction.atomic
def price_agreement(*, agreement: Agreement, by, effective_from: date, reason: str, criteria=(),
                    base_pence: int | None = None, rate_card: RateCard | None = None) -> AgreementPrice:
    """Price an agreement from a date: the standard rate (the card in force, else its tendered rate)
    with complexity criteria applied. Earlier prices stay as history."""
    if not reason.strip():
        raise ValidationError("Give the reason for the price")
    if agreement.prices.filter(effective_from__gt=effective_from).exists():
        raise ValidationError("A later price exists: price from a date after it")
    card = rate_card or card_on(agreement.request.service_type, effective_from)
    if base_pence is None:
        base_pence = (card.rate(TimeBand.DAY, DayType.WEEKDAY, locality_band(agreement)) if card else None) \
            or agreement.rate_pence
    rate = enhanced_rate(base_pence, criteria)
    price = AgreementPrice.objects.create(
        agreement=agreement, effective_from=effective_from, rate_card=card, base_rate_pence=base_pence,
        rate_pence=rate, reason=reason, created_by=by,
        weekly_cost_pence=weekly_cost_pence(rate, counts_beds=agreement.counts_beds,
                                            hours_per_week=agreement.hours_per_week))
    price.criteria.set(criteria)
    note = f"Priced from {effective_from:%d %b %Y}: {rate}p, {price.weekly_cost_pence}p a week ({reason})"
    if effective_from <= timezone.localdate():
        agreement_reprice(agreement=agreement, rate_pence=rate, weekly_cost_pence=price.weekly_cost_pence, by=by,
                          note=note)
    else:
        audit_record(actor=by, action=Action.UPDATED, obj=agreement, note=note)
    return price


@transaction.atomic
def agreement_started(*, agreement: Agreement, by=None) -> None:
    """When a provider accepts an agreement: its first price and its payment rules."""
    if not agreement.prices.exists():
        price_agreement(agreement=agreement, by=by, effective_from=agreement.start_date, reason="Agreement start",
                        base_pence=agreement.rate_pence)
    PaymentRuleSet.objects.get_or_create(agreement=agreement, defaults=settings.FINANCE_DEFAULT_PAYMENT_RULES)
