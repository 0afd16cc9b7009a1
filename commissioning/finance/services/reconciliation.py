"""Reconciling a provider's weeks of visits, and the brokerage review of a week over the exception
level: such a week is referred to brokerage and cannot be invoiced until brokerage clears it."""
from datetime import timedelta
from decimal import Decimal

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.brokerage.models import Agreement
from commissioning.core.audit import Source
from commissioning.core.domain.working_days import bank_holidays
from commissioning.core.workflow import transition

from ..choices import WeekReview
from ..domain.reconciliation import PaymentRules, reconcile
from ..models import DayType, PaymentRuleSet, ProviderWeek, TimeBand, Visit
from ..selectors import card_on, price_on
from ..transitions import WEEK_REVIEW
from .prices import locality_band

VISIT_RESULTS = ("planned_minutes", "actual_minutes", "paid_minutes", "rate_pence", "amount_pence", "missed", "late",
                 "short", "manual")


def _rules_for(agreement: Agreement, week) -> PaymentRules:
    rules, _ = PaymentRuleSet.objects.get_or_create(agreement=agreement,
                                                    defaults=settings.FINANCE_DEFAULT_PAYMENT_RULES)
    rate, _ = price_on(agreement, week)
    card = card_on(agreement.request.service_type, week)
    band = locality_band(agreement)
    rates = {}
    base = card.rate(TimeBand.DAY, DayType.WEEKDAY, band) if card else None
    for time_band in ("day", "evening", "night"):
        for day_type in DayType.values:
            cell = card.rate(time_band, day_type, band) if card else None
            # The card's premium for this band and day, on top of the agreement's own rate.
            rates[(time_band, day_type)] = rate + (cell - base if cell is not None and base else 0)
    return PaymentRules(agreement_id=agreement.pk, rates=rates, basis=rules.basis, rounding=rules.rounding,
                        step=rules.step, cap_tolerance=rules.cap_tolerance, minimum_minutes=rules.minimum_minutes,
                        late_after=rules.late_after, short_below_percent=rules.short_below_percent,
                        in_home_target_percent=rules.in_home_target_percent,
                        exception_percent=rules.exception_percent)


@transaction.atomic
def reconcile_weeks(*, provider, weeks, by=None) -> list[ProviderWeek]:
    """Reconcile every visit of the provider in those weeks (columnar) and store the results; a week
    over the exception level is referred to brokerage, one back under it is released."""
    out = []
    for week in sorted(weeks):
        visits = list(Visit.objects.filter(agreement__provider=provider, week=week).select_related(
            "agreement__request__service_type", "agreement__request__locality"))
        if not visits:
            continue
        agreements = {v.agreement_id: v.agreement for v in visits}
        frame = pl.DataFrame([{
            "visit_id": v.pk, "provider_id": provider.pk, "agreement_id": v.agreement_id, "carer": v.carer,
            "scheduled_start": timezone.localtime(v.scheduled_start).replace(tzinfo=None),
            "scheduled_end": timezone.localtime(v.scheduled_end).replace(tzinfo=None),
            "check_in": timezone.localtime(v.check_in).replace(tzinfo=None) if v.check_in else None,
            "check_out": timezone.localtime(v.check_out).replace(tzinfo=None) if v.check_out else None,
            "method": v.method} for v in visits])
        holidays = sorted(bank_holidays(week.year) | bank_holidays((week + timedelta(days=6)).year))
        results, weekly = reconcile(frame, [_rules_for(a, week) for a in agreements.values()], holidays)
        by_id = {r["visit_id"]: r for r in results.to_dicts()}
        for v in visits:
            for field in VISIT_RESULTS:
                setattr(v, field, by_id[v.pk][field])
        Visit.objects.bulk_update(visits, list(VISIT_RESULTS))
        for w in weekly.to_dicts():
            out.append(_store_week(provider=provider, result=w, by=by))
    return out


def _store_week(*, provider, result: dict, by) -> ProviderWeek:
    share = Decimal(str(round(result["in_home_share"], 4))) if result["in_home_share"] is not None else None
    figures = {"visits": result["visits"], "amount_pence": result["amount_pence"], "missed": result["missed"],
               "late": result["late"], "short": result["short"], "manual": result["manual"], "in_home_share": share,
               "meets_in_home_target": result["meets_in_home_target"], "exception": result["exception"]}
    row = ProviderWeek.objects.select_for_update().filter(provider=provider, week=result["week"]).first()
    if row is None:
        row = ProviderWeek.objects.create(provider=provider, week=result["week"], **figures)
        if row.exception:
            week_refer(week=row, by=by, note="Over the exception level when reconciled")
        return row
    for name, value in figures.items():
        setattr(row, name, value)
    row.save()
    if row.exception and row.review != WeekReview.WITH_BROKERAGE:
        week_refer(week=row, by=by, note="Over the exception level when reconciled again")
    elif not row.exception and row.review != WeekReview.NOT_NEEDED:
        week_release(week=row, by=by, note="Within the exception level when reconciled again")
    return row


@transaction.atomic
def week_refer(*, week: ProviderWeek, by, note: str) -> ProviderWeek:
    """A week over the exception level goes to brokerage for review before it can be invoiced."""
    week = ProviderWeek.objects.select_for_update().get(pk=week.pk)
    return transition(week, WEEK_REVIEW, "refer", by=by, note=note, source=Source.SYSTEM if by is None else Source.WEB)


@transaction.atomic
def week_release(*, week: ProviderWeek, by, note: str) -> ProviderWeek:
    """A week reconciled again within the exception level needs no review."""
    week = ProviderWeek.objects.select_for_update().get(pk=week.pk)
    return transition(week, WEEK_REVIEW, "release", by=by, note=note,
                      source=Source.SYSTEM if by is None else Source.WEB)


@transaction.atomic
def week_clear(*, week: ProviderWeek, by, note: str) -> ProviderWeek:
    """Brokerage has looked at an exception week and lets it be paid."""
    if not note.strip():
        raise ValidationError("Record what brokerage found")
    week = ProviderWeek.objects.select_for_update().get(pk=week.pk)
    return transition(week, WEEK_REVIEW, "clear", by=by, note=note, review_note=note)
