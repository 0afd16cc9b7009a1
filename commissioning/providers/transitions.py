"""The CQC import's one table of (status, event) → new status."""
from .models.cqc_import import CqcImportRun

S = CqcImportRun.Status

IMPORT_TRANSITIONS = {
    (S.STAGED, "start"): S.RUNNING,
    (S.STAGED, "cancel"): S.CANCELLED,
    (S.RUNNING, "finish"): S.COMPLETED,
    (S.RUNNING, "fail"): S.FAILED,
    (S.FAILED, "start"): S.RUNNING,
}


class ImportTransitionNotAllowed(Exception):
    """The import cannot make that move from its current status."""


def next_import_status(status: str, event: str) -> str:
    try:
        return IMPORT_TRANSITIONS[(status, event)]
    except KeyError:
        raise ImportTransitionNotAllowed(f"An import that is {S(status).label.lower()} cannot {event}") from None
