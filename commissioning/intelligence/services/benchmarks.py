"""Writes of benchmarking: check and import a unit-cost file as a job, and keep comparator groups."""
from __future__ import annotations

import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, Source, audit_record, diff, snapshot
from commissioning.core.jobs import JobFailed, JobOutcome, job_enqueue, job_progress
from commissioning.core.workflow import transition

from ..choices import ImportStatus
from ..domain.bands import Band, check_bands
from ..domain.unit_costs import decode, parse_unit_costs
from ..models import BenchmarkImport, ComparatorGroup, UnitCost
from ..transitions import IMPORT_WORKFLOW

MAX_BYTES = 10 * 1024 * 1024
MAX_REASONS = 20
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def benchmark_import_stage(*, file_name: str, content: bytes, financial_year: int, by) -> BenchmarkImport:
    """Check an uploaded unit-cost CSV whole and keep it for importing; a file with any bad cell is refused."""
    if not content:
        raise ValidationError({"file": "The selected file is empty"})
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": "The selected file must be smaller than 10 MB"})
    if not EARLIEST_YEAR <= financial_year <= LATEST_YEAR:
        raise ValidationError({"financial_year": "Enter the year the financial year starts, such as 2014"})
    try:
        parsed = parse_unit_costs(decode(content))
    except ValueError as error:
        raise ValidationError({"file": str(error)}) from error
    if parsed.errors:
        shown = parsed.errors[:MAX_REASONS]
        if len(parsed.errors) > MAX_REASONS:
            shown.append(f"and {len(parsed.errors) - MAX_REASONS} more problems like these")
        raise ValidationError({"file": ["The file was refused whole and nothing was imported", *shown]})
    with transaction.atomic():
        source = BenchmarkImport.objects.create(
            file_name=file_name[:255], sha256=hashlib.sha256(content).hexdigest(), financial_year=financial_year,
            content=content, data_rows=parsed.data_rows, figure_count=len(parsed.figures),
            council_count=sum(1 for a in parsed.areas if a.kind == "council"), notes=parsed.notes[:50],
            uploaded_by=by)
        source.status_events.create(by=by, event="check", from_status="", to_status=source.status)
        audit_record(actor=by, action=Action.CREATED, obj=source, note=f"Checked {source.figure_count} figures")
    return source


def benchmark_import_start(*, source: BenchmarkImport, by, inline: bool = False) -> BenchmarkImport:
    """Start importing a checked file as a job (or here, when `inline`, for the command line and tests)."""
    with transaction.atomic():
        source = BenchmarkImport.objects.select_for_update().get(pk=source.pk)
        transition(source, IMPORT_WORKFLOW, "start", by=by, failure="")
        if not inline:
            from ..tasks import benchmark_import

            job_enqueue(task=benchmark_import, kind="benchmark_import", by=by, subject=source, provider=None,
                        title=f"Import of unit costs {source.year_label} from {source.file_name}",
                        total=source.data_rows, result_url=source.get_absolute_url(), import_id=source.pk)
    if inline:
        benchmark_import_execute(import_id=source.pk)
    source.refresh_from_db()
    return source


def benchmark_import_job(job, *, import_id: int) -> JobOutcome:
    """The job's work: write the year's figures, then say how many and link to the import."""
    source = benchmark_import_execute(import_id=import_id, job=job)
    if source.status != ImportStatus.IMPORTED:
        raise JobFailed(source.failure or "The import did not finish.")
    return JobOutcome(f"Imported {source.figure_count} figures for {source.council_count} councils, "
                      f"{source.year_label}.", source.get_absolute_url())


def benchmark_import_execute(*, import_id: int, job=None) -> BenchmarkImport:
    """Replace the year's figures with the file's in one transaction; a failure leaves the year as it was."""
    try:
        with transaction.atomic():
            source = BenchmarkImport.objects.select_for_update().get(pk=import_id)
            if source.status != ImportStatus.IMPORTING:
                return source
            parsed = parse_unit_costs(decode(bytes(source.content)))
            if parsed.errors:
                raise ValueError("; ".join(parsed.errors[:5]))
            UnitCost.objects.filter(financial_year=source.financial_year).delete()
            UnitCost.objects.bulk_create([UnitCost(
                source=source, financial_year=source.financial_year, support_type=f.support_type,
                age_category=f.age_category, primary_support_reason=f.primary_support_reason,
                delivery_mechanism=f.delivery_mechanism, measure=f.measure, provision=f.provision,
                area_code=f.area.code, area_name=f.area.name, area_kind=f.area.kind, value=f.value, marker=f.marker)
                for f in parsed.figures], batch_size=2000)
            transition(source, IMPORT_WORKFLOW, "finish", by=None, source=Source.JOB, finished_at=timezone.now())
            if job is not None:
                job_progress(job, done=parsed.data_rows, total=parsed.data_rows)
    except Exception as error:
        with transaction.atomic():
            source = BenchmarkImport.objects.select_for_update().get(pk=import_id)
            if source.status == ImportStatus.IMPORTING:
                transition(source, IMPORT_WORKFLOW, "fail", by=None, source=Source.JOB,
                           failure=f"The import stopped and nothing was written: {error}"[:2000],
                           finished_at=timezone.now())
    return BenchmarkImport.objects.get(pk=import_id)


@transaction.atomic
def comparator_group_save(*, group: ComparatorGroup | None = None, name: str, own_code: str,
                          member_codes: list[str], bands: list[Band], level_tolerance_percent: Decimal,
                          by) -> ComparatorGroup:
    """Keep a comparator group: the council is always a member, at least two others, bands that rise to 100."""
    errors: dict[str, list[str]] = {}
    members = sorted({c.strip() for c in member_codes if c.strip()} | {own_code.strip()})
    if not name.strip():
        errors["name"] = ["Enter a name for the comparator group"]
    if len(members) < 3:
        errors["member_codes"] = ["Choose at least two councils to compare with"]
    problems = check_bands(bands)
    if problems:
        errors["bands"] = problems
    if not Decimal(0) <= level_tolerance_percent <= Decimal(50):
        errors["level_tolerance_percent"] = ["The tolerance for a level arrow must be between 0% and 50%"]
    duplicate = ComparatorGroup.objects.filter(name__iexact=name.strip())
    if group is not None:
        duplicate = duplicate.exclude(pk=group.pk)
    if name.strip() and duplicate.exists():
        errors["name"] = ["A comparator group with this name already exists"]
    if errors:
        raise ValidationError(errors)
    created = group is None
    group = group or ComparatorGroup(created_by=by)
    before = {} if created else snapshot(group, ["name", "own_code", "member_codes", "bands",
                                                 "level_tolerance_percent"])
    group.name, group.own_code, group.member_codes = name.strip(), own_code.strip(), members
    group.bands = [{"label": b.label.strip(), "upto": str(b.upto)} for b in bands]
    group.level_tolerance_percent = level_tolerance_percent
    group.save()
    after = snapshot(group, ["name", "own_code", "member_codes", "bands", "level_tolerance_percent"])
    audit_record(actor=by, action=Action.CREATED if created else Action.UPDATED, obj=group,
                 changes={} if created else diff(group, before, after))
    return group
