"""Writes of invoices and their line disputes. An invoice is self-billed from a reconciled week or
made on schedule; a provider disputes a line, the finance officer resolves it; an invoice with a
line in dispute cannot be approved; lines always add up exactly to the total."""
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from commissioning.brokerage.choices import AgreementStatus
from commissioning.brokerage.models import Agreement
from commissioning.core.audit import Action, audit_record
from commissioning.core.workflow import TransitionNotAllowed, transition

from ..choices import InvoiceStatus, LineStatus, WeekReview
from ..models import DisputeMessage, Invoice, InvoiceLine, PaymentRun, ProviderWeek, Visit
from ..selectors import agreement_end_dates, price_on
from ..transitions import INVOICE, INVOICE_LINE

SCHEDULED_MARKETS = ("care_homes", "supported_living")  # paid on schedule, 4-weekly, without actuals


def _total(invoice: Invoice) -> None:
    invoice.total_pence = invoice.lines.aggregate(total=Sum("amount_pence"))["total"] or 0
    invoice.save(update_fields=["total_pence", "updated_at"])


@transaction.atomic
def invoice_from_week(*, week: ProviderWeek, by) -> Invoice:
    """Self-bill a reconciled week: one line per agreement. An exception week must be cleared first."""
    week = ProviderWeek.objects.select_for_update().select_related("provider").get(pk=week.pk)
    last_day = week.week + timedelta(days=6)
    if last_day >= timezone.localdate():
        raise ValidationError(f"The week ending {last_day:%-d %B %Y} is not over yet: invoice it once it has been "
                              "delivered, from the Monday after")
    if week.review == WeekReview.WITH_BROKERAGE:
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
    agreements = Agreement.objects.select_related("person").in_bulk(list(totals))
    InvoiceLine.objects.bulk_create([
        InvoiceLine(invoice=invoice, agreement=agreements[aid], minutes=minutes, amount_pence=amount,
                    description=f"{agreements[aid].reference} ({agreements[aid].person.reference}): {count} visits, "
                                f"{minutes // 60} h {minutes % 60:02d} min paid")
        for aid, (amount, minutes, count) in sorted(totals.items())])
    _total(invoice)
    audit_record(actor=by, action=Action.CREATED, obj=invoice, note=f"Self-billed from {week}")
    return invoice


def _days_in(first: date, last: date, start: date, end: date | None) -> int:
    """How many days of first..last fall within an agreement running from start to end (None: still running)."""
    low, high = max(first, start), min(last, end) if end is not None else last
    return max((high - low).days + 1, 0)


@transaction.atomic
def invoices_on_schedule(*, period_start: date, by) -> list[Invoice]:
    """4-weekly invoices for care homes and supported living, for 4 weeks already delivered: each
    agreement is charged its price per week for the days of the period inside its dates (from its start
    to its end, if it ended), a part week as that share of the week rounded half up to the penny."""
    period_end = period_start + timedelta(days=27)
    if period_end >= timezone.localdate():
        raise ValidationError({"period_start": f"The 4 weeks end on {period_end:%-d %B %Y}, which has not passed: "
                                               "invoice care once it has been delivered"})
    agreements = (Agreement.objects.filter(status__in=[AgreementStatus.ACCEPTED, AgreementStatus.ENDED],
                                           start_date__lte=period_end,
                                           request__service_type__market_area__in=SCHEDULED_MARKETS)
                  .select_related("provider", "person").order_by("provider_id", "pk"))
    ends = agreement_end_dates(a.pk for a in agreements if a.status == AgreementStatus.ENDED)
    agreements = [a for a in agreements if a.pk not in ends or ends[a.pk] >= period_start]
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
            amount, days = 0, 0
            for i in range(4):
                first = period_start + timedelta(weeks=i)
                inside = _days_in(first, first + timedelta(days=6), a.start_date, ends.get(a.pk))
                if inside:
                    weekly = price_on(a, max(first, a.start_date))[1]
                    amount += int((Decimal(weekly) * inside / 7).quantize(Decimal(1), rounding=ROUND_HALF_UP))
                    days += inside
            what = "4 weeks" if days == 28 else f"{days} day{'s' if days != 1 else ''}"
            lines.append(InvoiceLine(invoice=invoice, agreement=a, amount_pence=amount,
                                     description=f"{a.reference} ({a.person.reference}): {what} of the 4 weeks "
                                                 f"ending {period_end:%-d %B %Y}"))
        InvoiceLine.objects.bulk_create(lines)
        _total(invoice)
        audit_record(actor=by, action=Action.CREATED, obj=invoice, note="Scheduled 4-weekly invoice")
        made.append(invoice)
    return made


def _lock_line(line: InvoiceLine) -> InvoiceLine:
    return InvoiceLine.objects.select_for_update().select_related("invoice").get(pk=line.pk)


def _own_organisation(line: InvoiceLine, by) -> None:
    if by.provider_id and by.provider_id != line.invoice.provider_id:
        raise ValidationError("This invoice is not your organisation's")


@transaction.atomic
def line_dispute(*, line: InvoiceLine, by, text: str) -> InvoiceLine:
    """A provider disputes a line of a draft or disputed invoice: the line and the invoice are in dispute."""
    line = _lock_line(line)
    _own_organisation(line, by)
    if not text.strip():
        raise ValidationError("Say what is wrong with the line")
    invoice = Invoice.objects.select_for_update().get(pk=line.invoice_id)
    transition(invoice, INVOICE, "dispute", by=by, note=f"{line}: {text}")
    transition(line, INVOICE_LINE, "dispute", by=by, note=text)
    DisputeMessage.objects.create(line=line, by=by, text=text)
    return line


@transaction.atomic
def line_message(*, line: InvoiceLine, by, text: str) -> DisputeMessage:
    """Add a message to a line's record while its invoice is not yet approved."""
    line = _lock_line(line)
    _own_organisation(line, by)
    if line.invoice.status in (InvoiceStatus.APPROVED, InvoiceStatus.PAID):
        raise ValidationError("An approved or paid invoice cannot be disputed")
    if not text.strip():
        raise ValidationError("Write the message")
    message = DisputeMessage.objects.create(line=line, by=by, text=text)
    audit_record(actor=by, action=Action.UPDATED, obj=line.invoice, note=f"Message on {line}")
    return message


@transaction.atomic
def line_resolve(*, line: InvoiceLine, by, text: str, new_amount_pence: int | None = None) -> InvoiceLine:
    """The finance officer resolves a disputed line, correcting its amount if need be; when no line is
    left in dispute the invoice is settled back to draft."""
    line = _lock_line(line)
    if not INVOICE_LINE.allows(line.status, "resolve"):
        raise TransitionNotAllowed(INVOICE_LINE.label, line.status, "resolve")
    if not text.strip():
        raise ValidationError("Explain the resolution")
    if new_amount_pence is not None and new_amount_pence < 0:
        raise ValidationError("The amount cannot be negative")
    DisputeMessage.objects.create(line=line, by=by, text=text, new_amount_pence=new_amount_pence)
    if new_amount_pence is not None:
        line.amount_pence = new_amount_pence
    transition(line, INVOICE_LINE, "resolve", by=by, note=text)
    invoice = Invoice.objects.select_for_update().get(pk=line.invoice_id)
    _total(invoice)
    if not invoice.lines.filter(status=LineStatus.DISPUTED).exists():
        transition(invoice, INVOICE, "settle", by=by, note="Every disputed line resolved")
    return line


@transaction.atomic
def invoice_approve(*, invoice: Invoice, by) -> Invoice:
    """Approve a draft invoice for payment; its lines must add up exactly to its total."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if INVOICE.allows(invoice.status, "approve") and \
            invoice.lines.aggregate(total=Sum("amount_pence"))["total"] != invoice.total_pence:
        raise ValidationError("The lines do not add up to the total")
    return transition(invoice, INVOICE, "approve", by=by, approved_by=by)


@transaction.atomic
def invoice_pay(*, invoice: Invoice, run: PaymentRun, by) -> Invoice:
    """Mark an approved invoice paid by the payment run that locked it; an invoice is paid once."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if INVOICE.allows(invoice.status, "pay") and invoice.payment_run_id != run.pk:
        raise ValidationError(f"{invoice} is not one of the invoices {run} locked, so it cannot pay it")
    return transition(invoice, INVOICE, "pay", by=by, note=f"Paid by {run}", payment_run=run)
