"""Every move of a CQC import goes through the workflow core: each pair of its table from the public
services, with the history row and the audit line; moves outside the table are refused."""
import pytest

from commissioning.core.models import AuditEvent
from commissioning.core.workflow import TransitionNotAllowed
from commissioning.providers.imports import cqc_import_cancel, cqc_import_stage, cqc_import_start
from commissioning.providers.models import CqcImportRun

from .test_cqc_import import GOOD, HEADER

pytestmark = pytest.mark.django_db
S = CqcImportRun.Status


def _staged(by) -> CqcImportRun:
    return cqc_import_stage(file_name="cqc.csv", content=(HEADER + GOOD).encode(), by=by)


def _events(run):
    return [(e.event, e.from_status, e.to_status) for e in run.status_events.all()]


def test_a_checked_file_imported_inline_is_started_and_finished_on_its_history(quality_officer):
    run = cqc_import_start(run=_staged(quality_officer), by=quality_officer, inline=True)
    assert run.status == S.COMPLETED and run.status.colour == "green"
    assert _events(run) == [("start", S.STAGED, S.RUNNING), ("finish", S.RUNNING, S.COMPLETED)]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.STATUS_CHANGED, object_id=run.pk,
                                     changes__Status=["Checked, waiting for you", "Importing"]).exists()


def test_a_checked_file_can_be_cancelled_and_then_neither_started_nor_cancelled_again(quality_officer):
    run = cqc_import_cancel(run=_staged(quality_officer), by=quality_officer)
    assert run.status == S.CANCELLED and _events(run) == [("cancel", S.STAGED, S.CANCELLED)]
    with pytest.raises(TransitionNotAllowed, match="A CQC import that is cancelled cannot be asked to start"):
        cqc_import_start(run=run, by=quality_officer, inline=True)
    with pytest.raises(TransitionNotAllowed):
        cqc_import_cancel(run=run, by=quality_officer)


def test_a_finished_import_cannot_be_cancelled(quality_officer):
    run = cqc_import_start(run=_staged(quality_officer), by=quality_officer, inline=True)
    with pytest.raises(TransitionNotAllowed):
        cqc_import_cancel(run=run, by=quality_officer)
    assert CqcImportRun.objects.get(pk=run.pk).status == S.COMPLETED


def test_only_council_staff_see_imports(quality_officer, provider_user):
    run = _staged(quality_officer)
    assert list(CqcImportRun.objects.for_user(quality_officer)) == [run]
    assert not CqcImportRun.objects.for_user(provider_user).exists()
