"""The CQC import: check a file, then write its good rows to the register in chunks.

Checking writes nothing to the register. Importing goes through `provider_save` and
`service_save`, so every change is on the record's history; each chunk is one transaction and
rows are matched by CQC location ID, so an import that stops half way is finished by running it
again, and importing the same file twice updates rather than duplicates.
"""
import hashlib
import logging
import threading
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from commissioning.core.audit import Source, snapshot

from .domain.cqc_import import NormalisedRow, decode, parse_cqc_csv
from .models import CqcImportRun, Provider, Service, ServiceType, Specialism
from .services import SERVICE_FIELDS, provider_save, service_save
from .signals import cqc_import_finished
from .transitions import next_import_status

logger = logging.getLogger(__name__)
MAX_BYTES = 20 * 1024 * 1024


def cqc_import_stage(*, file_name: str, content: bytes, by) -> CqcImportRun:
    """Check every row of an uploaded CQC file and keep the result; refuse a file that cannot be read."""
    if not content:
        raise ValidationError({"file": "The selected file is empty"})
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": "The selected file must be smaller than 20 MB"})
    try:
        text = decode(content)
    except ValueError as error:
        raise ValidationError({"file": str(error)}) from error
    result = parse_cqc_csv(text)
    if result.file_error:
        raise ValidationError({"file": result.file_error})
    return CqcImportRun.objects.create(
        file_name=file_name[:255], sha256=hashlib.sha256(content).hexdigest(), file_format=result.format,
        uploaded_by=by, total_rows=result.total_rows, good_rows=[r.as_dict() for r in result.rows],
        errors=[{"row": e.row, "reasons": e.reasons} for e in result.errors], warnings=result.warnings[:500],
    )


def _move(run: CqcImportRun, event: str) -> None:
    run.status = next_import_status(run.status, event)


@transaction.atomic
def cqc_import_cancel(*, run: CqcImportRun, by) -> CqcImportRun:
    run = CqcImportRun.objects.select_for_update().get(pk=run.pk)
    _move(run, "cancel")
    run.good_rows = []
    run.save()
    return run


def cqc_import_start(*, run: CqcImportRun, by, skip_bad_rows: bool = False, inline: bool | None = None,
                     progress=None) -> CqcImportRun:
    """Start importing a checked file. A file with bad rows imports only if the user chose to skip
    them. Runs in this request when `inline` (or CQC_IMPORT_RUN_INLINE), else in a background thread."""
    with transaction.atomic():
        run = CqcImportRun.objects.select_for_update().get(pk=run.pk)
        if run.errors and not skip_bad_rows:
            raise ValidationError(f"The file has {len(run.errors)} rows with errors. Fix the file, or choose to "
                                  f"import only the {run.good_count} good rows.")
        _move(run, "start")
        run.skip_bad_rows = skip_bad_rows
        run.started_at = timezone.now()
        run.save()
    inline = settings.CQC_IMPORT_RUN_INLINE if inline is None else inline
    by_id = by.pk if by is not None else None
    if inline:
        cqc_import_execute(run_id=run.pk, by_id=by_id, progress=progress)
    else:
        threading.Thread(target=_execute_in_thread, args=(run.pk, by_id), daemon=True,
                         name=f"cqc-import-{run.pk}").start()
    run.refresh_from_db()
    return run


def _execute_in_thread(run_id: int, by_id: int | None) -> None:
    close_old_connections()
    try:
        cqc_import_execute(run_id=run_id, by_id=by_id)
    finally:
        connection.close()


def cqc_import_execute(*, run_id: int, by_id: int | None, progress=None) -> CqcImportRun:
    """Write the good rows chunk by chunk, counting created / updated / unchanged services."""
    from commissioning.accounts.models import User

    run = CqcImportRun.objects.get(pk=run_id)
    by = User.objects.get(pk=by_id) if by_id else None
    size = max(1, settings.CQC_IMPORT_CHUNK_SIZE)
    rows = run.good_rows
    reference = _Reference()
    try:
        for start in range(run.processed_rows, len(rows), size):
            counts = {"created": 0, "updated": 0, "unchanged": 0}
            with transaction.atomic():
                for data in rows[start:start + size]:
                    counts[_apply(NormalisedRow(**data), by=by, reference=reference)] += 1
            CqcImportRun.objects.filter(pk=run.pk).update(
                processed_rows=min(start + size, len(rows)),
                created_count=run.created_count + counts["created"],
                updated_count=run.updated_count + counts["updated"],
                unchanged_count=run.unchanged_count + counts["unchanged"],
            )
            run.refresh_from_db()
            if progress:
                progress(run)
        _move(run, "finish")
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
    except Exception as error:  # the run records why it stopped; a re-run resumes from the last chunk
        logger.exception("CQC import %s failed", run.pk)
        run.refresh_from_db()
        _move(run, "fail")
        run.failure = f"{type(error).__name__}: {error}"[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "failure", "finished_at"])
        return run
    cqc_import_finished.send(sender=CqcImportRun, run=run, by=by)
    return run


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
