"""The CQC import: check a file, then write its good rows to the register in chunks, as a job.

Checking writes nothing to the register, and refuses whole a file that cannot be read exactly as
written (with the rows at fault), including any value beyond the register's limits, so a file that
checked good imports whole. Importing goes through `provider_save` and `service_save`, so every
change is on the record's history. It runs as a task (`providers/tasks.py`): each chunk's writes
and the run's "rows done" counter commit in one transaction on the locked run, so a worker that
stops is followed by one that resumes after the last committed chunk and no row is written twice.
"""
import hashlib
import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Source, snapshot
from commissioning.core.jobs import JobFailed, JobOutcome, job_checkpoint, job_enqueue, job_progress
from commissioning.core.workflow import transition

from .domain.cqc_import import LENGTH_CHECKED, Limits, NormalisedRow, decode, malformed, parse_cqc_csv
from .models import CqcImportRun, Provider, Service, ServiceType, Specialism
from .services import SERVICE_FIELDS, provider_save, service_save
from .signals import cqc_import_finished
from .transitions import IMPORT_WORKFLOW

logger = logging.getLogger(__name__)
MAX_BYTES = 20 * 1024 * 1024
MAX_REASONS_SHOWN = 20
# The largest whole number a PostgreSQL integer column holds: the check uses it on every database, so a
# file that checks good on SQLite also imports on PostgreSQL.
LARGEST_NUMBER = 2_147_483_647
# Which register field limits each checked value of a row.
_LIMITED_BY = {"cqc_location_id": (Service, "cqc_location_id"), "name": (Service, "name"),
               "provider_name": (Provider, "name"), "cqc_provider_id": (Provider, "cqc_provider_id"),
               "address_line_1": (Service, "address_line_1"), "address_line_2": (Service, "address_line_2"),
               "town": (Service, "town"), "postcode": (Service, "postcode"), "telephone": (Service, "telephone"),
               "website": (Service, "website")}
assert set(_LIMITED_BY) == set(LENGTH_CHECKED)


def register_limits() -> Limits:
    """The register's limits, read from its columns: what a row must fit to import."""
    lengths = {name: model._meta.get_field(field).max_length for name, (model, field) in _LIMITED_BY.items()}
    return Limits(lengths=lengths, largest_number=LARGEST_NUMBER)


def cqc_import_stage(*, file_name: str, content: bytes, by) -> CqcImportRun:
    """Check every row of an uploaded CQC file and keep the result; refuse whole a file that cannot
    be read as written, giving the rows at fault."""
    if not content:
        raise ValidationError({"file": "The selected file is empty"})
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": "The selected file must be smaller than 20 MB"})
    try:
        text = decode(content)
    except ValueError as error:
        raise ValidationError({"file": str(error)}) from error
    result = parse_cqc_csv(text, register_limits())
    if result.file_error:
        raise ValidationError({"file": result.file_error})
    broken = malformed(result)
    if broken:
        reasons = [f"Row {e.row}: {'; '.join(e.reasons)}" for e in broken[:MAX_REASONS_SHOWN]]
        if len(broken) > MAX_REASONS_SHOWN:
            reasons.append(f"and {len(broken) - MAX_REASONS_SHOWN} more rows like these")
        raise ValidationError({"file": [
            f"The file was refused whole and nothing was imported: {len(broken)} "
            f"row{'s' if len(broken) != 1 else ''} cannot be read as written. Correct "
            f"{'them' if len(broken) != 1 else 'it'} and upload the file again", *reasons]})
    return CqcImportRun.objects.create(
        file_name=file_name[:255], sha256=hashlib.sha256(content).hexdigest(), file_format=result.format,
        uploaded_by=by, total_rows=result.total_rows, good_rows=[r.as_dict() for r in result.rows],
        errors=[{"row": e.row, "reasons": e.reasons} for e in result.errors], warnings=result.warnings[:500],
    )


def _move(run: CqcImportRun, event: str, by) -> None:
    transition(run, IMPORT_WORKFLOW, event, by=by, source=Source.IMPORT)


@transaction.atomic
def cqc_import_cancel(*, run: CqcImportRun, by) -> CqcImportRun:
    """Cancel a checked file before it is imported; its rows are dropped and nothing is written."""
    run = CqcImportRun.objects.select_for_update().get(pk=run.pk)
    _move(run, "cancel", by)
    run.good_rows = []
    run.save()
    return run


def cqc_import_start(*, run: CqcImportRun, by, skip_bad_rows: bool = False, inline: bool = False,
                     progress=None) -> CqcImportRun:
    """Start importing a checked file. A file with bad rows imports only if the user chose to skip
    them. Runs as a job on the task worker, or in this process when `inline` (the command line)."""
    with transaction.atomic():
        run = CqcImportRun.objects.select_for_update().get(pk=run.pk)
        if run.errors and not skip_bad_rows:
            raise ValidationError(f"The file has {len(run.errors)} rows with errors. Fix the file, or choose to "
                                  f"import only the {run.good_count} good rows.")
        _move(run, "start", by)
        run.skip_bad_rows = skip_bad_rows
        run.started_at = timezone.now()
        run.failure = ""
        run.finished_at = None
        run.save()
        if not inline:
            from .tasks import cqc_import

            job_enqueue(task=cqc_import, kind="cqc_import", title=f"Import of the CQC file {run.file_name}",
                        by=by, subject=run, provider=None, total=run.good_count, result_url=run.get_absolute_url(),
                        run_id=run.pk, by_id=by.pk if by is not None else None)
    if inline:
        cqc_import_execute(run_id=run.pk, by_id=by.pk if by is not None else None, progress=progress)
    run.refresh_from_db()
    return run


def cqc_import_job(job, *, run_id: int, by_id: int | None) -> JobOutcome:
    """The job's work: import the run's rows, then say what changed and link to the run."""
    run = cqc_import_execute(run_id=run_id, by_id=by_id, job=job)
    if run.status != CqcImportRun.Status.COMPLETED:
        raise JobFailed(run.failure or f"The import is {run.get_status_display().lower()}.")
    return JobOutcome(f"Imported {run.processed_rows} rows: {run.created_count} services added, "
                      f"{run.updated_count} updated, {run.unchanged_count} unchanged.", run.get_absolute_url())


def cqc_import_execute(*, run_id: int, by_id: int | None, progress=None, job=None) -> CqcImportRun:
    """Write the good rows chunk by chunk, counting created / updated / unchanged services. Each chunk
    locks the run, starts after its committed "rows done" and commits its rows with the new count."""
    from commissioning.accounts.models import User

    by = User.objects.get(pk=by_id) if by_id else None
    size = max(1, settings.CQC_IMPORT_CHUNK_SIZE)
    rows = CqcImportRun.objects.values_list("good_rows", flat=True).get(pk=run_id)
    reference = _Reference()
    locked = CqcImportRun.objects.select_for_update().defer("good_rows", "errors", "warnings")
    try:
        while True:
            with transaction.atomic():
                run = locked.get(pk=run_id)
                if run.status != CqcImportRun.Status.RUNNING or run.processed_rows >= len(rows):
                    break
                chunk = rows[run.processed_rows:run.processed_rows + size]
                for data in chunk:
                    row = NormalisedRow(**data)
                    try:
                        outcome = _apply(row, by=by, reference=reference)
                    except Exception as error:
                        raise _RowFailed(row.row, error) from error
                    setattr(run, f"{outcome}_count", getattr(run, f"{outcome}_count") + 1)
                run.processed_rows += len(chunk)
                run.save(update_fields=["processed_rows", "created_count", "updated_count", "unchanged_count"])
                if job is not None:
                    job_progress(job, done=run.processed_rows, total=len(rows))
            if progress:
                progress(run)
            if job is not None:
                job_checkpoint(job)
        with transaction.atomic():
            run = locked.get(pk=run_id)
            if run.status == CqcImportRun.Status.RUNNING:
                _move(run, "finish", by)
                run.finished_at = timezone.now()
                run.save(update_fields=["status", "finished_at"])
                finished = True
            else:
                finished = False
    except Exception as error:  # the run records why it stopped; starting again resumes after the last chunk
        logger.exception("CQC import %s failed", run_id)
        with transaction.atomic():
            run = locked.get(pk=run_id)
            _move(run, "fail", by)
            run.failure = str(error)[:2000] if isinstance(error, _RowFailed) else (
                f"The import stopped because of an error in the system ({error}). The rows before were imported; "
                "start the import again to carry on.")[:2000]
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "failure", "finished_at"])
        return CqcImportRun.objects.get(pk=run_id)
    run = CqcImportRun.objects.get(pk=run_id)
    if finished:
        cqc_import_finished.send(sender=CqcImportRun, run=run, by=by)
    return run


class _RowFailed(Exception):
    def __init__(self, row: int, error: Exception):
        super().__init__(f"Row {row} could not be written to the register ({error}). Nothing from its chunk was "
                         "written; the rows before it were imported. Correct the row and start the import again "
                         "to carry on.")


class _Reference:
    """Service types and specialisms by code, looked up once per run."""

    def __init__(self):
        self.types = {t.code: t for t in ServiceType.objects.all()}
        self.specialisms = {s.code: s for s in Specialism.objects.all()}


def _provider_for(row: NormalisedRow, by) -> Provider:
    provider = None
    if row.cqc_provider_id:
        provider = Provider.objects.filter(cqc_provider_id=row.cqc_provider_id).first()
    if provider is None:
        provider = Provider.objects.filter(name__iexact=row.provider_name).order_by("pk").first()
    if provider is None:
        provider = provider_save(provider=Provider(name=row.provider_name[:200], legal_name=row.provider_name[:200],
                                                   cqc_provider_id=row.cqc_provider_id),
                                 by=by, source=Source.IMPORT)
    elif row.cqc_provider_id and not provider.cqc_provider_id:
        provider.cqc_provider_id = row.cqc_provider_id
        provider_save(provider=provider, by=by, source=Source.IMPORT)
    return provider


def _apply(row: NormalisedRow, *, by, reference: _Reference) -> str:
    """Create or update one service from a row; returns created, updated or unchanged."""
    service = Service.objects.filter(cqc_location_id=row.cqc_location_id).first()
    creating = service is None
    before = None if creating else snapshot(service, SERVICE_FIELDS)
    service = service or Service(cqc_location_id=row.cqc_location_id)
    service.provider = _provider_for(row, by)
    if not creating and service.postcode != row.postcode:
        service.locality = None  # worked out again from the new postcode
    service.name = row.name[:200]
    service.address_line_1, service.address_line_2, service.town = row.address_line_1, row.address_line_2, row.town
    service.postcode = row.postcode
    if row.latitude is not None and row.longitude is not None:
        service.latitude, service.longitude = Decimal(row.latitude), Decimal(row.longitude)
    if row.beds is not None:
        service.beds = row.beds
    if row.cqc_rating is not None:
        service.cqc_rating = row.cqc_rating
    if row.cqc_rating_date:
        service.cqc_rating_date = row.cqc_rating_date
    if row.telephone:
        service.telephone = row.telephone
    if row.website:
        service.website = row.website
    service.status = "closed" if row.deregistered else "active"
    m2m = {"service_types": [reference.types[c] for c in row.service_types if c in reference.types]}
    if row.specialisms:
        m2m["specialisms"] = [reference.specialisms[c] for c in row.specialisms if c in reference.specialisms]
    service_save(service=service, by=by, m2m=m2m, source=Source.IMPORT, note=f"Row {row.row} of a CQC file")
    if creating:
        return "created"
    return "unchanged" if snapshot(service, SERVICE_FIELDS) == before else "updated"
