"""CSV downloads of the invoice and payment run lists, with the list page's filters applied, safe to
open in a spreadsheet and audited as exports."""
import io
from decimal import Decimal

from commissioning.core.audit import Action, audit_record
from commissioning.core.csv_export import safe_writer

INVOICE_COLUMNS = ["invoice", "provider", "kind", "period_start", "period_end", "status", "total_pounds",
                   "payment_run"]
RUN_COLUMNS = ["payment_run", "kind", "period_end", "made_on", "made_by", "invoices", "total_pounds", "completed_on"]


def _pounds(pence: int) -> str:
    return f"{Decimal(pence) / 100:.2f}"


def invoices_csv(*, invoices, by, filters: str = "") -> str:
    """The listed invoices as CSV, one row each; audited with the filters that chose them."""
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(INVOICE_COLUMNS)
    count = 0
    for invoice in invoices:
        writer.writerow([str(invoice), invoice.provider.name, invoice.get_kind_display(),
                         invoice.period_start.isoformat(), invoice.period_end.isoformat(),
                         invoice.get_status_display(), _pounds(invoice.total_pence),
                         str(invoice.payment_run) if invoice.payment_run else ""])
        count += 1
    chosen = f": {filters}" if filters else ""
    audit_record(actor=by, action=Action.EXPORTED, obj=by,
                 note=f"{count} invoice{'s' if count != 1 else ''} downloaded as CSV{chosen}")
    return out.getvalue()


def payment_runs_csv(*, runs, by, filters: str = "") -> str:
    """The listed payment runs as CSV, one row each with what it paid; audited as an export."""
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(RUN_COLUMNS)
    count = 0
    for run in runs:
        writer.writerow([str(run), run.get_kind_display(), run.period_end.isoformat(),
                         run.created_at.date().isoformat(),
                         run.created_by.get_full_name() or run.created_by.username, run.invoice_count,
                         _pounds(run.total_pence), run.completed_at.date().isoformat() if run.completed_at else ""])
        count += 1
    chosen = f": {filters}" if filters else ""
    audit_record(actor=by, action=Action.EXPORTED, obj=by,
                 note=f"{count} payment run{'s' if count != 1 else ''} downloaded as CSV{chosen}")
    return out.getvalue()
