"""Payment runs and remittance advice. A run pays every approved invoice of its kind up to its date;
its key is unique, so the same run made twice pays nothing the second time."""
import io
from datetime import date
from decimal import Decimal

from django.db import transaction

from commissioning.core.audit import Action, audit_record
from commissioning.core.csv_export import safe_writer

from ..choices import InvoiceStatus
from ..models import Invoice, PaymentRun
from .invoices import invoice_pay

REMITTANCE_COLUMNS = ["payment_run", "paid_on", "provider", "invoice", "period_start", "period_end", "line",
                      "amount_pounds"]


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
    due = list(Invoice.objects.select_for_update().filter(kind=invoice_kind, status=InvoiceStatus.APPROVED,
                                                          period_end__lte=period_end, payment_run__isnull=True)
               .order_by("pk"))
    for invoice in due:
        invoice_pay(invoice=invoice, run=run, by=by)
    run.total_pence = sum(i.total_pence for i in due)
    run.save(update_fields=["total_pence"])
    audit_record(actor=by, action=Action.CREATED, obj=run, note=f"{len(due)} invoices, {run.total_pence}p")
    return run, True


def remittance_csv(run: PaymentRun, provider=None) -> str:
    """The remittance advice of a run, one row per invoice line (a provider's own lines only when
    given), safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(REMITTANCE_COLUMNS)
    invoices = run.invoices.select_related("provider").prefetch_related("lines").order_by("provider__name", "pk")
    if provider is not None:
        invoices = invoices.filter(provider=provider)
    for invoice in invoices:
        for line in invoice.lines.all():
            writer.writerow([run.key, run.created_at.date().isoformat(), invoice.provider.name, str(invoice),
                             invoice.period_start.isoformat(), invoice.period_end.isoformat(), line.description,
                             f"{Decimal(line.amount_pence) / 100:.2f}"])
    return out.getvalue()
