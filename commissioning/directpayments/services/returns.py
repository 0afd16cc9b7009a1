"""Building, downloading and sending the quarterly Client Level Data return. Each build is kept (the
history of submissions) with its file and every failure of the national checks; a download of the file
is on the audit trail with who took it."""
import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, audit_record

from ..choices import SubmissionStatus
from ..models import CldSubmission
from ..returns import build, checks, events, spec


def build_and_check(quarter_end: date):
    """(the file's frame, the report frame, the period start) for the quarter, from the platform's events."""
    release = spec.load_spec()
    period_start = build.rolling_year(quarter_end)
    frame = build.build_return(events.collect(), spec=release, la_code=settings.CLD_LA_CODE,
                               period_start=period_start, period_end=quarter_end)
    report = checks.check_return(frame, spec=release, period_end=quarter_end)
    return frame, report, period_start


@transaction.atomic
def cld_build(*, by, quarter_end: date, today: date | None = None) -> CldSubmission:
    today = today or timezone.localdate()
    if not build.is_quarter_end(quarter_end):
        raise ValidationError({"quarter_end": "Choose the last day of a quarter: 30 June, 30 September, "
                                              "31 December or 31 March"})
    if quarter_end > today:
        raise ValidationError({"quarter_end": "The quarter has not ended yet"})
    try:
        frame, report, period_start = build_and_check(quarter_end)
    except FileNotFoundError:
        raise ValidationError("The Client Level Data release file is not available, so the return cannot be "
                              "built") from None
    content = build.to_csv(frame)
    failures = report.filter(report["severity"] == checks.FAILURE).height
    submission = CldSubmission.objects.create(
        quarter_end=quarter_end, period_start=period_start, period_end=quarter_end, built_by=by, rows=frame.height,
        failure_count=failures, warning_count=report.height - failures, failures=report.to_dicts(),
        content=content, sha256=hashlib.sha256(content).hexdigest(),
        status=SubmissionStatus.CHECKED if failures else SubmissionStatus.READY)
    audit_record(actor=by, action=Action.CREATED, obj=submission,
                 note=f"{frame.height} rows, {failures} failure{'s' if failures != 1 else ''}")
    return submission


def cld_download(*, by, submission: CldSubmission) -> bytes:
    """The file, with the download on the audit trail."""
    audit_record(actor=by, action=Action.EXPORTED, obj=submission,
                 note=f"Client Level Data file downloaded ({submission.rows} rows)")
    return bytes(submission.content)


@transaction.atomic
def cld_mark_sent(*, by, submission: CldSubmission) -> CldSubmission:
    submission = CldSubmission.objects.select_for_update().get(pk=submission.pk)
    if submission.status == SubmissionStatus.SENT:
        raise ValidationError("This return has already been recorded as sent")
    if submission.failure_count:
        raise ValidationError("A return with failures cannot be sent: fix the records and build it again")
    submission.status, submission.sent_by, submission.sent_at = SubmissionStatus.SENT, by, timezone.now()
    submission.save(update_fields=["status", "sent_by", "sent_at"])
    audit_record(actor=by, action=Action.STATUS_CHANGED, obj=submission, note="Recorded as sent to the Department")
    return submission
