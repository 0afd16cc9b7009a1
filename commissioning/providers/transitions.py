"""The CQC import's one table of (status, event) → new status, on the workflow core."""
from commissioning.core.workflow import TransitionNotAllowed, Workflow

from .models.cqc_import import CqcImportRun

S = CqcImportRun.Status

IMPORT_TRANSITIONS = {
    (S.STAGED, "start"): S.RUNNING,
    (S.STAGED, "cancel"): S.CANCELLED,
    (S.RUNNING, "finish"): S.COMPLETED,
    (S.RUNNING, "fail"): S.FAILED,
    (S.FAILED, "start"): S.RUNNING,
}
IMPORT_WORKFLOW = Workflow("CQC import", IMPORT_TRANSITIONS)

__all__ = ["IMPORT_TRANSITIONS", "IMPORT_WORKFLOW", "TransitionNotAllowed"]
