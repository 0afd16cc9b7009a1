"""Writes of paying providers. Each is atomic and audited; money is integer pence with explicit
half-up rounding; approved rates and prices are new versions, never edits."""
import csv
import io
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from commissioning.brokerage.choices import AgreementStatus
from commissioning.brokerage.domain.ranking import weekly_cost_pence
from commissioning.brokerage.models import Agreement
from commissioning.brokerage.services import agreement_reprice
from commissioning.core.audit import Action, audit_record
from commissioning.core.domain.working_days import bank_holidays

from .domain.reconciliation import PaymentRules, reconcile
from .models import (
    ActualsFile,
    AgreementPrice,
    Budget,
    DayType,
    DisputeMessage,
    Invoice,
    InvoiceLine,
    LocalityBand,
    PaymentRuleSet,
    PaymentRun,
    ProviderWeek,
    RateCard,
    RateLine,
    RateStatus,
    TimeBand,
    UpliftScenario,
    Visit,
)

SCHEDULED_MARKETS = ("care_homes", "supported_living")  # paid on schedule, 4-weekly, without actuals


def _half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), ROUND_HALF_UP))


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# Rates and prices ---------------------------------------------------------------------------

@transaction.atomic
def rate_card_approve(*, card: RateCard, by) -> RateCard:
    card = RateCard.objects.select_for_update().get(pk=card.pk)
    if card.status == RateStatus.APPROVED:
        raise ValidationError("This version is already approved; approved rates are never changed")
    if not card.lines.filter(time_band=TimeBand.DAY, day_type=DayType.WEEKDAY).exists():
        raise ValidationError("Give at least the weekday day rate before approving")
    card.status, card.approved_by, card.approved_at = RateStatus.APPROVED, by, timezone.now()
    card.save()
    audit_record(actor=by, action=Action.UPDATED, obj=card, changes={"Status": ["Draft", "Approved"]})
    return card


@transaction.atomic
def rate_line_save(*, card: RateCard, by, time_band: str, day_type: str, locality_band: str,
                   rate_pence: int) -> RateLine:
    card = RateCard.objects.select_for_update().get(pk=card.pk)
    if card.status == RateStatus.APPROVED:
        raise ValidationError("Approved rates cannot be edited: make a new version from a date")
    line, _ = RateLine.objects.update_or_create(card=card, time_band=time_band, day_type=day_type,
                                                locality_band=locality_band, defaults={"rate_pence": rate_pence})
    audit_record(actor=by, action=Action.UPDATED, obj=card, note=f"{line}: {rate_pence}p")
    return line


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
                 rate_pence=_half_up(line.rate_pence * factor)) for line in card.lines.all()])
    audit_record(actor=by, action=Action.CREATED, obj=new, note=note or f"New version of {card}")
    return rate_card_approve(card=new, by=by) if approve else new


def card_on(service_type, day: date) -> RateCard | None:
    """The approved card in force for a market on a date: the latest version already started."""
    return (RateCard.objects.filter(service_type=service_type, status=RateStatus.APPROVED, effective_from__lte=day)
            .order_by("-effective_from", "-version").first())


def locality_band(agreement: Agreement) -> str:
    locality = agreement.request.locality.name if agreement.request.locality_id else ""
    return settings.FINANCE_LOCALITY_BANDS.get(locality, LocalityBand.URBAN)


def enhanced_rate(base_pence: int, criteria) -> int:
    """Additions first, then percentage uplifts, rounded half up to the penny."""
    rate = Decimal(base_pence)
    for criterion in criteria:
        if criterion.kind == "addition":
            rate += criterion.amount
    for criterion in criteria:
        if criterion.kind == "percent":
            rate *= 1 + criterion.amount / 100
    return _half_up(rate)


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
    if effective_from <= timezone.localdate():
        agreement_reprice(agreement=agreement, rate_pence=rate, weekly_cost_pence=price.weekly_cost_pence, by=by,
                          note=f"Priced from {effective_from:%d %b %Y}: {rate}p, {price.weekly_cost_pence}p a week "
                               f"({reason})")
    else:
        audit_record(actor=by, action=Action.UPDATED, obj=agreement,
                     note=f"Priced from {effective_from:%d %b %Y}: {rate}p, {price.weekly_cost_pence}p a week "
                          f"({reason})")
    return price


def price_on(agreement: Agreement, day: date) -> tuple[int, int]:
    """(rate, weekly cost) of an agreement on a date, from its price history."""
    price = agreement.prices.filter(effective_from__lte=day).order_by("-effective_from", "-id").first()
    if price is None:
        return agreement.rate_pence, agreement.weekly_cost_pence
    return price.rate_pence, price.weekly_cost_pence


def agreement_started(agreement: Agreement) -> None:
    """When a provider accepts an agreement: its first price and its payment rules."""
    if not agreement.prices.exists():
        price_agreement(agreement=agreement, by=None, effective_from=agreement.start_date, reason="Agreement start",
                        base_pence=agreement.rate_pence)
    PaymentRuleSet.objects.get_or_create(agreement=agreement, defaults=settings.FINANCE_DEFAULT_PAYMENT_RULES)


# Actuals --------------------------------------------------------------------------------------

ACTUALS_COLUMNS = ["file_reference", "provider", "agreement", "carer", "scheduled_start", "scheduled_end",
                   "check_in", "check_out", "method", "exception_code"]
METHODS = {"call": "call", "in-home call": "call", "app": "app", "manual": "manual"}


def _when(value: str, row: int, column: str, problems: list, required=True) -> datetime | None:
    value = (value or "").strip()
    if not value:
        if required:
            problems.append(f"Row {row}: {column} is missing")
        return None
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        problems.append(f"Row {row}: {column} {value!r} is not a date and time like 2026-11-23 08:00")
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def actuals_check(*, provider, data: bytes) -> tuple[str, list[dict], list[str]]:
    """Read and check an ECM export. Returns the file reference, the visit rows and every problem
    (with row numbers). Nothing is written."""
    problems: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "", [], ["The file is not UTF-8 text: export it as CSV (UTF-8)"]
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ACTUALS_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return "", [], [f"The file has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}"]
    agreements = {a.reference: a for a in Agreement.objects.filter(provider=provider).select_related("person")}
    by_person = {a.person.reference: a for a in agreements.values() if a.status == AgreementStatus.ACCEPTED}
    references, rows = set(), []
    for n, raw in enumerate(reader, start=2):
        references.add(raw["file_reference"].strip())
        named = raw["provider"].strip()
        if named not in (str(provider.pk), provider.name, provider.cqc_provider_id or ""):
            problems.append(f"Row {n}: provider {named!r} is not {provider.name}")
        ref = raw["agreement"].strip()
        agreement = agreements.get(ref) or by_person.get(ref)
        if agreement is None:
            problems.append(f"Row {n}: no agreement or person {ref!r} with {provider.name}")
        elif agreement.status != AgreementStatus.ACCEPTED:
            problems.append(f"Row {n}: agreement {ref} is {agreement.get_status_display().lower()}, not in force")
        method = METHODS.get(raw["method"].strip().lower())
        if method is None:
            problems.append(f"Row {n}: method {raw['method']!r} must be call, app or manual")
        code = raw["exception_code"].strip()
        if method == "manual" and not code:
            problems.append(f"Row {n}: a manual log needs an exception code")
        start = _when(raw["scheduled_start"], n, "scheduled_start", problems)
        end = _when(raw["scheduled_end"], n, "scheduled_end", problems)
        check_in = _when(raw["check_in"], n, "check_in", problems, required=False)
        check_out = _when(raw["check_out"], n, "check_out", problems, required=False)
        if start and end and end <= start:
            problems.append(f"Row {n}: the scheduled end is not after the start")
        if check_in and check_out and check_out < check_in:
            problems.append(f"Row {n}: the check-out is before the check-in")
        rows.append({"agreement": agreement, "carer": raw["carer"].strip(), "scheduled_start": start,
                     "scheduled_end": end, "check_in": check_in, "check_out": check_out, "method": method,
                     "exception_code": code})
    if not rows:
        problems.append("The file has no visits")
    weeks = {monday(timezone.localtime(r["scheduled_start"]).date()) for r in rows if r["scheduled_start"]}
    for billed in Invoice.objects.filter(provider=provider, kind=Invoice.Kind.ACTUALS, period_start__in=weeks):
        problems.append(f"The week of {billed.period_start:%d %B %Y} is already invoiced ({billed}): "
                        "send a correction through a dispute on that invoice")
    if len(references) > 1:
        problems.append(f"Every row must carry the same file reference; found {len(references)}")
    reference = references.pop() if len(references) == 1 else ""
    if not reference and rows:
        problems.append("The file reference is missing")
    if reference and ActualsFile.objects.filter(reference=reference).exists():
        problems = [f"File {reference} was uploaded before: a repeat is refused whole"]
    return reference, rows, problems


@transaction.atomic
def actuals_import(*, provider, by, data: bytes, file_name: str) -> ActualsFile:
    """Import a week of visits and reconcile the weeks they fall in. Any problem refuses the whole
    file: nothing is half-imported."""
    reference, rows, problems = actuals_check(provider=provider, data=data)
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            upload = ActualsFile.objects.create(provider=provider, reference=reference, file_name=file_name,
                                                uploaded_by=by, visits=len(rows))
    except IntegrityError:
        raise ValidationError([f"File {reference} was uploaded before: a repeat is refused whole"]) from None
    Visit.objects.bulk_create([
        Visit(file=upload, agreement=r["agreement"], carer=r["carer"], scheduled_start=r["scheduled_start"],
              scheduled_end=r["scheduled_end"], check_in=r["check_in"], check_out=r["check_out"],
              method=r["method"], exception_code=r["exception_code"],
              week=monday(timezone.localtime(r["scheduled_start"]).date())) for r in rows])
    reconcile_weeks(provider=provider, weeks={monday(timezone.localtime(r["scheduled_start"]).date()) for r in rows})
    audit_record(actor=by, action=Action.IMPORTED, obj=provider, note=f"Actuals {reference}: {len(rows)} visits")
    return upload


def _rules_for(agreement: Agreement, week: date) -> PaymentRules:
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


def reconcile_weeks(*, provider, weeks) -> list[ProviderWeek]:
    """Reconcile every visit of the provider in those weeks (columnar) and store the results."""
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
            r = by_id[v.pk]
            for field in ("planned_minutes", "actual_minutes", "paid_minutes", "rate_pence", "amount_pence",
                          "missed", "late", "short", "manual"):
                setattr(v, field, r[field])
        Visit.objects.bulk_update(visits, ["planned_minutes", "actual_minutes", "paid_minutes", "rate_pence",
                                           "amount_pence", "missed", "late", "short", "manual"])
        for w in weekly.to_dicts():
            share = Decimal(str(round(w["in_home_share"], 4))) if w["in_home_share"] is not None else None
            row, _ = ProviderWeek.objects.update_or_create(provider=provider, week=w["week"], defaults={
                "visits": w["visits"], "amount_pence": w["amount_pence"], "missed": w["missed"], "late": w["late"],
                "short": w["short"], "manual": w["manual"], "in_home_share": share,
                "meets_in_home_target": w["meets_in_home_target"], "exception": w["exception"],
                "review": ProviderWeek.Review.WITH_BROKERAGE if w["exception"] else ProviderWeek.Review.NOT_NEEDED})
            out.append(row)
    return out


@transaction.atomic
def week_clear(*, week: ProviderWeek, by, note: str) -> ProviderWeek:
    """Brokerage has looked at an exception week and lets it be paid."""
    if not note.strip():
        raise ValidationError("Record what brokerage found")
    week = ProviderWeek.objects.select_for_update().get(pk=week.pk)
    if week.review != ProviderWeek.Review.WITH_BROKERAGE:
        raise ValidationError("This week is not waiting for brokerage")
    week.review, week.review_note = ProviderWeek.Review.CLEARED, note
    week.save()
    audit_record(actor=by, action=Action.UPDATED, obj=week.provider, note=f"{week} cleared: {note}")
    return week


# Invoices -------------------------------------------------------------------------------------

def _total(invoice: Invoice) -> None:
    invoice.total_pence = invoice.lines.aggregate(total=Sum("amount_pence"))["total"] or 0
    invoice.save(update_fields=["total_pence", "updated_at"])


@transaction.atomic
def invoice_from_week(*, week: ProviderWeek, by) -> Invoice:
    """Self-bill a reconciled week: one line per agreement. An exception week must be cleared first."""
    week = ProviderWeek.objects.select_for_update().select_related("provider").get(pk=week.pk)
    if week.review == ProviderWeek.Review.WITH_BROKERAGE:
        raise ValidationError("This week is over the exception level: brokerage must review it before payment")
    existing = Invoice.objects.filter(provider=week.provider, kind=Invoice.Kind.ACTUALS, period_start=week.week)
    if existing.exists():
        raise ValidationError(f"{existing.get()} already bills this week")
    invoice = Invoice.objects.create(provider=week.provider, kind=Invoice.Kind.ACTUALS, period_start=week.week,
                                     period_end=week.week + timedelta(days=6))
    totals = defaultdict(lambda: [0, 0, 0])
    for v in Visit.objects.filter(agreement__provider=week.provider, week=week.week):
        t = totals[v.agreement_id]
        t[0] += v.amount_pence
        t[1] += v.paid_minutes
        t[2] += 1
    agreements = Agreement.objects.in_bulk(list(totals))
    InvoiceLine.objects.bulk_create([
        InvoiceLine(invoice=invoice, agreement=agreements[aid], minutes=minutes, amount_pence=amount,
                    description=f"{agreements[aid].reference} ({agreements[aid].person.reference}): {count} visits, "
                                f"{minutes // 60} h {minutes % 60:02d} min paid")
        for aid, (amount, minutes, count) in sorted(totals.items())])
    _total(invoice)
    audit_record(actor=by, action=Action.CREATED, obj=invoice, note=f"Self-billed from {week}")
    return invoice


@transaction.atomic
def invoices_on_schedule(*, period_start: date, by) -> list[Invoice]:
    """4-weekly invoices for care homes and supported living, from each agreement's price per week."""
    period_end = period_start + timedelta(days=27)
    weeks = [period_start + timedelta(weeks=i) for i in range(4)]
    agreements = (Agreement.objects.filter(status=AgreementStatus.ACCEPTED, start_date__lte=period_end,
                                           request__service_type__market_area__in=SCHEDULED_MARKETS)
                  .select_related("provider", "person").order_by("provider_id", "pk"))
    made = []
    for provider_id in dict.fromkeys(a.provider_id for a in agreements):
        own = [a for a in agreements if a.provider_id == provider_id]
        invoice, created = Invoice.objects.get_or_create(provider_id=provider_id, kind=Invoice.Kind.SCHEDULE,
                                                         period_start=period_start,
                                                         defaults={"period_end": period_end})
        if not created:
            continue
        lines = []
        for a in own:
            amount = sum(price_on(a, w)[1] for w in weeks if w >= monday(a.start_date))
            lines.append(InvoiceLine(invoice=invoice, agreement=a, amount_pence=amount,
                                     description=f"{a.reference} ({a.person.reference}): 4 weeks to "
                                                 f"{period_end:%d %b %Y}"))
        InvoiceLine.objects.bulk_create(lines)
        _total(invoice)
        audit_record(actor=by, action=Action.CREATED, obj=invoice, note="Scheduled 4-weekly invoice")
        made.append(invoice)
    return made


def _lock_line(line: InvoiceLine) -> InvoiceLine:
    return InvoiceLine.objects.select_for_update().select_related("invoice").get(pk=line.pk)


def _may_talk(line: InvoiceLine, by) -> None:
    if by.provider_id and by.provider_id != line.invoice.provider_id:
        raise ValidationError("This invoice is not your organisation's")
    if line.invoice.status in (Invoice.Status.APPROVED, Invoice.Status.PAID):
        raise ValidationError("An approved or paid invoice cannot be disputed")


@transaction.atomic
def line_dispute(*, line: InvoiceLine, by, text: str) -> InvoiceLine:
    line = _lock_line(line)
    _may_talk(line, by)
    if not text.strip():
        raise ValidationError("Say what is wrong with the line")
    line.status = InvoiceLine.Status.DISPUTED
    line.save(update_fields=["status"])
    DisputeMessage.objects.create(line=line, by=by, text=text)
    Invoice.objects.filter(pk=line.invoice_id).update(status=Invoice.Status.DISPUTED)
    return line


@transaction.atomic
def line_message(*, line: InvoiceLine, by, text: str) -> DisputeMessage:
    line = _lock_line(line)
    _may_talk(line, by)
    if not text.strip():
        raise ValidationError("Write the message")
    return DisputeMessage.objects.create(line=line, by=by, text=text)


@transaction.atomic
def line_resolve(*, line: InvoiceLine, by, text: str, new_amount_pence: int | None = None) -> InvoiceLine:
    """The finance officer resolves a disputed line, correcting its amount if need be."""
    line = _lock_line(line)
    if line.status != InvoiceLine.Status.DISPUTED:
        raise ValidationError("Only a disputed line can be resolved")
    if not text.strip():
        raise ValidationError("Explain the resolution")
    if new_amount_pence is not None and new_amount_pence < 0:
        raise ValidationError("The amount cannot be negative")
    DisputeMessage.objects.create(line=line, by=by, text=text, new_amount_pence=new_amount_pence)
    if new_amount_pence is not None:
        line.amount_pence = new_amount_pence
    line.status = InvoiceLine.Status.RESOLVED
    line.save()
    invoice = line.invoice
    _total(invoice)
    if not invoice.lines.filter(status=InvoiceLine.Status.DISPUTED).exists():
        invoice.status = Invoice.Status.DRAFT
        invoice.save(update_fields=["status", "updated_at"])
    return line


@transaction.atomic
def invoice_approve(*, invoice: Invoice, by) -> Invoice:
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != Invoice.Status.DRAFT:
        raise ValidationError(f"An invoice {invoice.get_status_display().lower()} cannot be approved")
    if invoice.lines.aggregate(total=Sum("amount_pence"))["total"] != invoice.total_pence:
        raise ValidationError("The lines do not add up to the total")
    invoice.status, invoice.approved_by = Invoice.Status.APPROVED, by
    invoice.save()
    audit_record(actor=by, action=Action.UPDATED, obj=invoice, changes={"Status": ["Draft", "Approved"]})
    return invoice


@transaction.atomic
def payment_run(*, kind: str, period_end: date, by) -> tuple[PaymentRun, bool]:
    """Pay every approved invoice of the kind up to the date. The same run again returns the first
    one and pays nothing: (run, created)."""
    key = f"{kind}:{period_end.isoformat()}"
    run, created = PaymentRun.objects.get_or_create(key=key, defaults={"kind": kind, "period_end": period_end,
                                                                       "created_by": by})
    if not created:
        return run, False
    invoice_kind = Invoice.Kind.ACTUALS if kind == PaymentRun.Kind.WEEKLY else Invoice.Kind.SCHEDULE
    due = Invoice.objects.select_for_update().filter(kind=invoice_kind, status=Invoice.Status.APPROVED,
                                                     period_end__lte=period_end, payment_run__isnull=True)
    total = sum(i.total_pence for i in due)
    count = due.update(status=Invoice.Status.PAID, payment_run=run)
    run.total_pence = total
    run.save(update_fields=["total_pence"])
    audit_record(actor=by, action=Action.CREATED, obj=run, note=f"{count} invoices, {total}p")
    return run, True


def remittance_csv(run: PaymentRun, provider=None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["payment_run", "paid_on", "provider", "invoice", "period_start", "period_end", "line",
                     "amount_pounds"])
    invoices = run.invoices.select_related("provider").order_by("provider__name", "pk")
    if provider is not None:
        invoices = invoices.filter(provider=provider)
    for invoice in invoices:
        for line in invoice.lines.all():
            writer.writerow([run.key, run.created_at.date().isoformat(), invoice.provider.name, str(invoice),
                             invoice.period_start.isoformat(), invoice.period_end.isoformat(), line.description,
                             f"{Decimal(line.amount_pence) / 100:.2f}"])
    return out.getvalue()


# Uplift scenarios ----------------------------------------------------------------------------

def scenario_rows(scenario: UpliftScenario) -> list[dict]:
    """Every live agreement of the market: its weekly cost now, after the uplift (unless excluded), and why."""
    before = scenario.effective_from - timedelta(days=1)
    factor = 1 + scenario.uplift_percent / 100
    rows = []
    for a in (Agreement.objects.filter(status=AgreementStatus.ACCEPTED, request__service_type=scenario.service_type)
              .select_related("person", "provider").prefetch_related("prices")):
        rate, weekly = price_on(a, before)
        last_priced = max((p.effective_from for p in a.prices.all()), default=a.start_date)
        excluded = ""
        if scenario.exclude_negotiated_since and last_priced >= scenario.exclude_negotiated_since:
            excluded = f"priced on {last_priced:%d %b %Y}"
        elif scenario.exclude_above_weekly_pence and weekly > scenario.exclude_above_weekly_pence:
            excluded = "above the cost threshold"
        new_rate = rate if excluded else _half_up(rate * factor)
        new_weekly = weekly if excluded else weekly_cost_pence(new_rate, counts_beds=a.counts_beds,
                                                               hours_per_week=a.hours_per_week)
        rows.append({"agreement": a, "rate": rate, "weekly": weekly, "new_rate": new_rate, "new_weekly": new_weekly,
                     "excluded": excluded})
    return rows


def scenario_summary(scenario: UpliftScenario) -> dict:
    rows = scenario_rows(scenario)
    budget = Budget.objects.filter(market_area=scenario.service_type.market_area,
                                   financial_year=scenario.financial_year).first()
    annual_now = sum(r["weekly"] for r in rows) * 52
    annual_new = sum(r["new_weekly"] for r in rows) * 52
    return {"scenario": scenario, "rows": rows, "agreements": len(rows),
            "excluded": sum(1 for r in rows if r["excluded"]), "annual_now": annual_now, "annual_new": annual_new,
            "increase": annual_new - annual_now, "budget": budget.amount_pence if budget else None,
            "headroom": (budget.amount_pence - annual_new) if budget else None}


@transaction.atomic
def scenario_approve(*, scenario: UpliftScenario, by) -> UpliftScenario:
    """New rate versions from the scenario's date, and each included agreement repriced from it;
    every earlier price stays in the history."""
    scenario = UpliftScenario.objects.select_for_update().get(pk=scenario.pk)
    if scenario.approved_at:
        raise ValidationError("This scenario was already approved")
    factor = 1 + scenario.uplift_percent / 100
    card = card_on(scenario.service_type, scenario.effective_from - timedelta(days=1))
    new_card = None
    if card is not None:
        new_card = rate_card_new_version(card=card, by=by, effective_from=scenario.effective_from, factor=factor,
                                         approve=True, note=f"Uplift {scenario.uplift_percent}%: {scenario}")
    for row in scenario_rows(scenario):
        if row["excluded"]:
            continue
        price_agreement(agreement=row["agreement"], by=by, effective_from=scenario.effective_from,
                        base_pence=row["new_rate"], rate_card=new_card,
                        reason=f"Uplift {scenario.uplift_percent}% ({scenario})")
    scenario.approved_by, scenario.approved_at = by, timezone.now()
    scenario.save()
    audit_record(actor=by, action=Action.UPDATED, obj=scenario, note="Approved")
    return scenario


# Commissioned spend --------------------------------------------------------------------------

def spend(*, year: int) -> dict:
    """Approved and paid invoice lines of a financial year, by market, provider, locality and month,
    against each market's budget and its lists' contract value."""
    start, end = date(year, 4, 1), date(year + 1, 3, 31)
    lines = (InvoiceLine.objects.filter(invoice__status__in=[Invoice.Status.APPROVED, Invoice.Status.PAID],
                                        invoice__period_start__range=(start, end))
             .values_list("amount_pence", "invoice__period_start", "agreement__provider__name",
                          "agreement__request__service_type__market_area", "agreement__request__locality__name",
                          "agreement__lot__approved_list_id"))
    by = {"market": defaultdict(int), "provider": defaultdict(int), "locality": defaultdict(int),
          "month": defaultdict(int)}
    for amount, period_start, provider, market, locality, _ in lines:
        by["market"][market] += amount
        by["provider"][provider] += amount
        by["locality"][locality or "Unknown"] += amount
        by["month"][period_start.strftime("%Y-%m")] += amount
    from commissioning.procurement.models import ApprovedList

    budgets = {b.market_area: b.amount_pence for b in Budget.objects.filter(financial_year=year)}
    contract_value = defaultdict(int)
    for lst in ApprovedList.objects.all():
        contract_value[lst.market_area] += lst.estimated_value_pence * 12 // max(lst.term_months, 1)
    return {"year": year, "by": {k: dict(sorted(v.items())) for k, v in by.items()}, "budgets": budgets,
            "contract_value": dict(contract_value), "total": sum(by["market"].values())}


def spend_csv(report: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["financial_year", "dimension", "value", "spend_pounds", "budget_pounds",
                     "annual_contract_value_pounds"])
    for dimension, values in report["by"].items():
        for value, amount in values.items():
            budget = report["budgets"].get(value) if dimension == "market" else None
            contract = report["contract_value"].get(value) if dimension == "market" else None
            writer.writerow([report["year"], dimension, value, f"{Decimal(amount) / 100:.2f}",
                             f"{Decimal(budget) / 100:.2f}" if budget is not None else "",
                             f"{Decimal(contract) / 100:.2f}" if contract is not None else ""])
    return out.getvalue()
