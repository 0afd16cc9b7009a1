"""Payment runs and remittance advice. Making a run locks, in the same transaction, every approved
invoice of its kind up to its date that no run holds yet, and fixes the run's total as their sum; the
run then pays exactly those invoices and no other (one approved after the lock waits for the next run).
Its key is unique, so the same run made twice pays nothing the second time. From the page a job pays
the locked invoices one by one; each payment commits with the job's count, so a job carried on by
another worker after a restart pays only the locked invoices still unpaid, and never one twice."""
import io
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from commissioning.core.audit import Action, audit_record
from commissioning.core.csv_export import safe_writer
from commissioning.core.jobs import JobFailed, JobOutcome, job_checkpoint, job_enqueue, job_progress
from commissioning.core.models import Job, JobStatus
from commissioning.core.money import format_pounds

from ..choices import InvoiceStatus
from ..models import Invoice, PaymentRun
from .invoices import invoice_pay

REMITTANCE_COLUMNS = ["payment_run", "paid_on", "provider", "invoice", "period_start", "period_end", "line",
                      "amount_pounds"]


@transaction.atomic
def payment_run(*, kind: str, period_end: date, by) -> tuple[PaymentRun, bool]:
    """Pay every approved invoice of the kind up to the date. The same run again returns the first
    one and pays nothing: (run, created)."""
    run, created = _claim(kind=kind, period_end=period_end, by=by)
    if created:
        run = payment_run_pay(run=run, by=by)
    return run, created


@transaction.atomic
def payment_run_start(*, kind: str, period_end: date, by):
    """Make a payment run and start the job that pays its invoices; the same run again starts
    nothing and pays nothing, unless its job stopped before it was complete, when a new job carries
    on with the invoices still unpaid. Returns (run, the job started or None)."""
    from ..tasks import payment_run_pay as pay_task

    run, created = _claim(kind=kind, period_end=period_end, by=by)
    run = PaymentRun.objects.select_for_update().get(pk=run.pk)
    if not created and (run.completed_at is not None or Job.objects.about(run).filter(
            status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists()):
        return run, None
    job = job_enqueue(task=pay_task, kind="payment_run", title=str(run) if created else f"{run}, carried on",
                      by=by, subject=run, provider=None, total=run.invoices.count(),
                      run_id=run.pk, by_id=by.pk)
    return run, job


def _claim(*, kind: str, period_end: date, by) -> tuple[PaymentRun, bool]:
    """The run of this kind and date, made and locking its invoices if it is new."""
    key = f"{kind}:{period_end.isoformat()}"
    run, created = PaymentRun.objects.get_or_create(key=key, defaults={"kind": kind, "period_end": period_end,
                                                                       "created_by": by})
    if created:
        locked = list(_due(run).select_for_update().values_list("pk", flat=True))
        Invoice.objects.filter(pk__in=locked).update(payment_run=run)
        run.total_pence = run.invoices.aggregate(total=Sum("total_pence"))["total"] or 0
        run.save(update_fields=["total_pence"])
        audit_record(actor=by, action=Action.CREATED, obj=run,
                     note=f"{len(locked)} invoice{'s' if len(locked) != 1 else ''} locked, "
                          f"{format_pounds(run.total_pence)}")
    return run, created


def _due(run: PaymentRun):
    """Approved invoices of the run's kind up to its date that no run has locked."""
    invoice_kind = Invoice.Kind.ACTUALS if run.kind == PaymentRun.Kind.WEEKLY else Invoice.Kind.SCHEDULE
    return Invoice.objects.filter(kind=invoice_kind, status=InvoiceStatus.APPROVED, period_end__lte=run.period_end,
                                  payment_run__isnull=True).order_by("pk")


def _unpaid(run: PaymentRun):
    """The invoices the run locked and has not paid yet."""
    return run.invoices.filter(status=InvoiceStatus.APPROVED).order_by("pk")


def payment_run_pay(*, run: PaymentRun, by, job=None) -> PaymentRun:
    """Pay the invoices the run locked, one at a time, each with its count in one transaction on the
    locked run, then complete it; its total is the sum of what it paid. Run again, it pays only what
    it locked and has not paid."""
    while True:
        with transaction.atomic():
            run = PaymentRun.objects.select_for_update().get(pk=run.pk)
            if run.completed_at is not None:
                return run
            invoice = _unpaid(run).select_for_update().first()
            if invoice is None:
                paid = run.invoices.filter(status=InvoiceStatus.PAID)
                total = paid.aggregate(total=Sum("total_pence"))["total"] or 0
                if total != run.total_pence or paid.count() != run.invoices.count():
                    raise ValueError(f"{run} locked {format_pounds(run.total_pence)} but paid {format_pounds(total)}")
                run.completed_at = timezone.now()
                run.save(update_fields=["completed_at"])
                count = paid.count()
                audit_record(actor=by, action=Action.UPDATED, obj=run,
                             note=f"{count} invoice{'s' if count != 1 else ''} paid, {format_pounds(total)}")
                if job is not None:
                    job_progress(job, done=count, total=count)
                return run
            invoice_pay(invoice=invoice, run=run, by=by)
            if job is not None:
                job_progress(job, done=run.invoices.filter(status=InvoiceStatus.PAID).count(),
                             total=run.invoices.count())
        if job is not None:
            job_checkpoint(job)


def payment_run_job(job, *, run_id: int, by_id: int) -> JobOutcome:
    """The job's work: pay the run, counting its invoices, and link to what it paid."""
    run = PaymentRun.objects.filter(pk=run_id).first()
    if run is None:
        raise JobFailed("The payment run no longer exists, so nothing was paid.")
    run = payment_run_pay(run=run, by=get_user_model().objects.get(pk=by_id), job=job)
    paid = run.invoices.count()
    return JobOutcome(f"{run}: {paid} invoice{'s' if paid != 1 else ''} paid, "
                      f"{format_pounds(run.total_pence)} in total.", run.get_absolute_url())


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
            writer.writerow([str(run), run.created_at.date().isoformat(), invoice.provider.name, str(invoice),
                             invoice.period_start.isoformat(), invoice.period_end.isoformat(), line.description,
                             f"{Decimal(line.amount_pence) / 100:.2f}"])
    return out.getvalue()
