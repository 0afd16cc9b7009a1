"""Reading and importing a provider's electronic call monitoring export. The check reads the whole
file and reports every problem with its row number; a file with any problem is refused whole, and
a file that checks good is imported whole in one transaction, so nothing is half-imported. The
check covers every limit the database has (text lengths, minute and pence counts), so a good file
cannot fail part-way.

From the portal the check runs in the request and a good file is stored (its unique reference
claimed at once); a job then checks it again against the records as they are by then, and imports
and reconciles it in one transaction that also sets `imported_at`, so a job run again after a
worker restart finds the file imported and writes nothing twice."""
import csv
import io
import re
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from commissioning.brokerage.choices import AgreementStatus
from commissioning.brokerage.models import Agreement
from commissioning.core.audit import Action, audit_record
from commissioning.core.jobs import JobFailed, JobOutcome, job_enqueue, job_progress

from ..domain.pricing import monday
from ..models import ActualsFile, Invoice, Visit
from ..selectors import agreement_end_dates
from .reconciliation import reconcile_weeks

ACTUALS_COLUMNS = ["file_reference", "provider", "agreement", "carer", "scheduled_start", "scheduled_end",
                   "check_in", "check_out", "method", "exception_code"]
METHODS = {"call": "call", "in-home call": "call", "app": "app", "manual": "manual"}
EARLIEST = date(2000, 1, 1)
LONGEST_VISIT = timedelta(hours=24)
MOST_ROWS_LISTED = 10
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EXPORT_AGAIN = "export it again from the call monitoring system as CSV (UTF-8)"


def _limit(field: str) -> int:
    return Visit._meta.get_field(field).max_length


def _rows_listed(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:MOST_ROWS_LISTED])
    more = len(rows) - MOST_ROWS_LISTED
    return ("Rows " if len(rows) > 1 else "Row ") + shown + (f" and {more} more" if more > 0 else "")


def _payable(agreement: Agreement, ended_on: dict) -> bool:
    """Visits of an accepted agreement are paid, and of an ended one up to the day it ended."""
    return agreement.status == AgreementStatus.ACCEPTED or agreement.pk in ended_on


def _rows_phrase(rows: list[int]) -> str:
    """"Row 4", "Rows 4 and 9", "Rows 4, 9 and 11" (the first ten, then how many more)."""
    shown = [str(r) for r in rows[:MOST_ROWS_LISTED]]
    more = len(rows) - MOST_ROWS_LISTED
    if more > 0:
        shown.append(f"{more} more")
    if len(shown) == 1:
        return f"Row {shown[0]}"
    return "Rows " + ", ".join(shown[:-1]) + " and " + shown[-1]


def _is_are(rows: list[int]) -> str:
    return "is" if len(rows) == 1 else "are"


def _on(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {local:%-d %B %Y}"


def _text(data: bytes) -> tuple[str | None, list[str]]:
    """The file as text, or the row-numbered reasons it is not CSV text."""
    if b"\x00" in data:
        rows = sorted({data[:m.start()].count(b"\n") + 1 for m in re.finditer(b"\x00", data)})
        return None, [f"{_rows_listed(rows)}: the file has a NUL byte, so it is a binary file, not CSV text: "
                      f"{EXPORT_AGAIN}"]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data[:error.start].count(b"\n") + 1
        return None, [f"Row {row}: the file is not UTF-8 text: {EXPORT_AGAIN}"]
    rows = sorted({text[:m.start()].count("\n") + 1 for m in CONTROL.finditer(text)})
    if rows:
        return None, [f"{_rows_listed(rows)}: the file has control characters, so it is binary, not CSV text: "
                      f"{EXPORT_AGAIN}"]
    return text, []


def _when(value: str, row: int, column: str, problems: list, latest: date, required=True) -> datetime | None:
    value = value.strip()
    if not value:
        if required:
            problems.append(f"Row {row}: {column} is missing")
        return None
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        problems.append(f"Row {row}: {column} {value!r} is not a date and time like 2026-11-23 08:00")
        return None
    if not EARLIEST <= parsed.date() <= latest:
        problems.append(f"Row {row}: {column} {value!r} is out of range: it must be between "
                        f"{EARLIEST:%-d %B %Y} and {latest:%-d %B %Y}")
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _records(text: str, problems: list) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and (row number, cells) of every record, or problems when the CSV cannot be read."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader, [])]
        records = [(n, cells) for n, cells in enumerate(reader, start=2) if any(c.strip() for c in cells)]
    except csv.Error as error:
        problems.append(f"Row {reader.line_num}: the file cannot be read as CSV ({error}): {EXPORT_AGAIN}")
        return [], []
    return header, records


def actuals_check(*, provider, data: bytes, stored: ActualsFile | None = None) -> tuple[str, list[dict], list[str]]:
    """Read and check an ECM export. Returns the file reference, the visit rows and every problem
    (with row numbers). Nothing is written. A `stored` file is checked again as itself, not as a repeat."""
    text, problems = _text(data)
    if text is None:
        return "", [], problems
    header, records = _records(text, problems)
    if problems:
        return "", [], problems
    missing = [c for c in ACTUALS_COLUMNS if c not in header]
    if missing:
        return "", [], [f"The file has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}"]
    latest = timezone.localdate() + timedelta(days=366)
    now = timezone.now()
    agreements = {a.reference: a for a in Agreement.objects.filter(provider=provider).select_related("person")}
    by_person = {a.person.reference: a for a in agreements.values() if a.status == AgreementStatus.ACCEPTED}
    ended_on = agreement_end_dates(a.pk for a in agreements.values() if a.status == AgreementStatus.ENDED)
    references, rows = set(), []
    first_row, repeats = {}, defaultdict(list)
    before_start, after_end, future = defaultdict(list), defaultdict(list), []
    for n, cells in records:
        if len(cells) != len(header):
            problems.append(f"Row {n}: has {len(cells)} cell{'s' if len(cells) != 1 else ''} but the header has "
                            f"{len(header)}: every row needs a cell for each column, even an empty one")
            continue
        raw = {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
        file_reference = raw["file_reference"]
        if len(file_reference) > ActualsFile._meta.get_field("reference").max_length:
            problems.append(f"Row {n}: the file reference is longer than "
                            f"{ActualsFile._meta.get_field('reference').max_length} characters")
        references.add(file_reference)
        if raw["provider"] not in (str(provider.pk), provider.name, provider.cqc_provider_id or ""):
            problems.append(f"Row {n}: provider {raw['provider']!r} is not {provider.name}")
        ref = raw["agreement"]
        agreement = agreements.get(ref) or by_person.get(ref)
        if agreement is None:
            problems.append(f"Row {n}: no agreement or person {ref!r} with {provider.name}")
        elif not _payable(agreement, ended_on):
            problems.append(f"Row {n}: agreement {ref} is {agreement.get_status_display().lower()}, not in force")
        for column in ("carer", "exception_code"):
            if len(raw[column]) > _limit(column):
                problems.append(f"Row {n}: {column} is longer than {_limit(column)} characters")
        method = METHODS.get(raw["method"].lower())
        if method is None:
            problems.append(f"Row {n}: method {raw['method']!r} must be call, app or manual")
        code = raw["exception_code"]
        if method == "manual" and not code:
            problems.append(f"Row {n}: a manual log needs an exception code")
        start = _when(raw["scheduled_start"], n, "scheduled_start", problems, latest)
        end = _when(raw["scheduled_end"], n, "scheduled_end", problems, latest)
        check_in = _when(raw["check_in"], n, "check_in", problems, latest, required=False)
        check_out = _when(raw["check_out"], n, "check_out", problems, latest, required=False)
        if start and end and end <= start:
            problems.append(f"Row {n}: the scheduled end is not after the start")
        elif start and end and end - start > LONGEST_VISIT:
            problems.append(f"Row {n}: the visit is scheduled for more than 24 hours")
        if check_in and check_out and check_out < check_in:
            problems.append(f"Row {n}: the check-out is before the check-in")
        elif check_in and check_out and check_out - check_in > LONGEST_VISIT:
            problems.append(f"Row {n}: the check-in and check-out are more than 24 hours apart")
        if any(moment and moment > now for moment in (start, check_in, check_out)):
            future.append(n)
        if agreement is not None and _payable(agreement, ended_on) and start:
            day = timezone.localtime(start).date()
            if day < agreement.start_date:
                before_start[agreement].append(n)
            elif agreement.pk in ended_on and day > ended_on[agreement.pk]:
                after_end[agreement].append(n)
            identity = (agreement.pk, start)
            if identity in first_row:
                repeats[first_row[identity]].append(n)
            else:
                first_row[identity] = n
        rows.append({"row": n, "agreement": agreement, "carer": raw["carer"], "scheduled_start": start,
                     "scheduled_end": end, "check_in": check_in, "check_out": check_out, "method": method,
                     "exception_code": code})
    for first, again in repeats.items():
        problems.append(f"{_rows_phrase(again)} {_is_are(again)} the same visit as row {first} (the same agreement "
                        "and scheduled start): a visit is paid once, so send it once")
    if future:
        problems.append(f"{_rows_phrase(future)}: the visit is in the future (a scheduled start, check-in or "
                        f"check-out after {_on(now)}): only care already given can be paid")
    for agreement, found in before_start.items():
        problems.append(f"{_rows_phrase(found)}: the visit is before agreement {agreement.reference} started on "
                        f"{agreement.start_date:%-d %B %Y}")
    for agreement, found in after_end.items():
        problems.append(f"{_rows_phrase(found)}: the visit is after agreement {agreement.reference} ended on "
                        f"{ended_on[agreement.pk]:%-d %B %Y}")
    problems.extend(_already_uploaded(first_row, stored))
    if not rows and not problems:
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
    earlier = ActualsFile.objects.filter(reference=reference)
    if stored is not None:
        earlier = earlier.exclude(pk=stored.pk)
    if reference and earlier.exists():
        problems = [f"File {reference} was uploaded before: a repeat is refused whole"]
    return reference, rows, problems


def _already_uploaded(first_row: dict, stored: ActualsFile | None) -> list[str]:
    """The rows that are visits some earlier file already brought in, named with that file's reference."""
    if not first_row:
        return []
    starts = [start for _, start in first_row]
    earlier = (Visit.objects.filter(agreement_id__in={aid for aid, _ in first_row},
                                    scheduled_start__range=(min(starts), max(starts)))
               .values_list("agreement_id", "scheduled_start", "file__reference"))
    if stored is not None:
        earlier = earlier.exclude(file=stored)
    by_file = defaultdict(list)
    for agreement_id, start, reference in earlier:
        row = first_row.get((agreement_id, start))
        if row is not None:
            by_file[reference].append(row)
    return [f"{_rows_phrase(sorted(found))} {_is_are(found)} {'a visit' if len(found) == 1 else 'visits'} already "
            f"uploaded in file {reference}: a visit is paid once" for reference, found in sorted(by_file.items())]


def _store(*, provider, by, data: bytes, file_name: str) -> tuple[ActualsFile, list[dict]]:
    """Check a file and store it under its reference, which no other file may have."""
    reference, rows, problems = actuals_check(provider=provider, data=data)
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            upload = ActualsFile.objects.create(provider=provider, reference=reference,
                                                file_name=file_name[-ActualsFile._meta.get_field("file_name")
                                                                    .max_length:],
                                                uploaded_by=by, visits=len(rows), content=data)
    except IntegrityError:
        raise ValidationError([f"File {reference} was uploaded before: a repeat is refused whole"]) from None
    return upload, rows


@transaction.atomic
def actuals_import(*, provider, by, data: bytes, file_name: str) -> ActualsFile:
    """Import a week of visits and reconcile the weeks they fall in. Any problem refuses the whole
    file: nothing is half-imported."""
    upload, rows = _store(provider=provider, by=by, data=data, file_name=file_name)
    return _import(upload=upload, rows=rows, by=by)


@transaction.atomic
def actuals_receive(*, provider, by, data: bytes, file_name: str):
    """Check a provider's file in full and, if it is good, store it and start the job that imports
    and reconciles it; a file with any problem is refused whole and nothing is stored. Returns the job."""
    from ..tasks import actuals_import_stored

    upload, rows = _store(provider=provider, by=by, data=data, file_name=file_name)
    return job_enqueue(task=actuals_import_stored, kind="actuals_import", by=by, subject=upload, provider=provider,
                       title=f"Import and reconciliation of the actuals file {upload.reference}", total=len(rows),
                       file_id=upload.pk)


def actuals_import_job(job, *, file_id: int) -> JobOutcome:
    """The job's work: check the stored file again, then import and reconcile it whole, counting its
    visits. If it no longer checks good, or the import fails, nothing is imported and the file is let
    go, so the provider can correct it and upload it again under the same reference."""
    try:
        with transaction.atomic():
            upload = ActualsFile.objects.select_for_update().select_related("provider", "uploaded_by").filter(
                pk=file_id).first()
            if upload is None:
                raise JobFailed("The file is no longer stored, so there was nothing to import. Upload it again.")
            if upload.imported_at is None:
                reference, rows, problems = actuals_check(provider=upload.provider, data=bytes(upload.content),
                                                          stored=upload)
                if problems:
                    raise JobFailed(f"The file {upload.reference} was not imported, because since it was checked "
                                    f"{len(problems)} problem{'s' if len(problems) != 1 else ''} arose: "
                                    + "; ".join(problems) + ". Nothing was imported: correct the file and upload "
                                    "it again.")
                try:
                    _import(upload=upload, rows=rows, by=upload.uploaded_by)
                except ValidationError as error:
                    raise JobFailed(" ".join(error.messages) + ". Correct the file and upload it again.") from None
            job_progress(job, done=upload.visits, total=upload.visits)
    except Exception:
        ActualsFile.objects.filter(pk=file_id, imported_at__isnull=True).delete()
        raise
    weeks = upload.visit_rows.values("week").distinct().count()
    return JobOutcome(f"{upload.visits} visits imported from {upload.reference} and reconciled, in {weeks} "
                      f"week{'s' if weeks != 1 else ''}.", reverse("portal:actuals"))


def _import(*, upload: ActualsFile, rows: list[dict], by) -> ActualsFile:
    provider, reference = upload.provider, upload.reference
    try:
        with transaction.atomic():
            _create_visits(upload, rows)
    except IntegrityError:
        raise ValidationError([f"A visit in file {reference} was brought in by another file meanwhile: a visit "
                               "is paid once, so nothing of this file was imported"]) from None
    reconcile_weeks(provider=provider, weeks={monday(timezone.localtime(r["scheduled_start"]).date()) for r in rows},
                    by=by)
    audit_record(actor=by, action=Action.IMPORTED, obj=provider, note=f"Actuals {reference}: {len(rows)} visits")
    upload.imported_at, upload.content, upload.visits = timezone.now(), b"", len(rows)
    upload.save(update_fields=["imported_at", "content", "visits"])
    return upload


def _create_visits(upload: ActualsFile, rows: list[dict]) -> None:
    """Write the visits; the database refuses a second row of the same agreement and scheduled start."""
    Visit.objects.bulk_create([
        Visit(file=upload, agreement=r["agreement"], carer=r["carer"], scheduled_start=r["scheduled_start"],
              scheduled_end=r["scheduled_end"], check_in=r["check_in"], check_out=r["check_out"],
              method=r["method"], exception_code=r["exception_code"],
              week=monday(timezone.localtime(r["scheduled_start"]).date())) for r in rows])
