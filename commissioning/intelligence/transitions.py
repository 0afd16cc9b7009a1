"""The workflows of market intelligence: a unit-cost import's."""
from commissioning.core.workflow import TransitionNotAllowed, Workflow

from .choices import ImportStatus as S

IMPORT_WORKFLOW = Workflow("unit cost import", {
    (S.CHECKED, "start"): S.IMPORTING,
    (S.IMPORTING, "finish"): S.IMPORTED,
    (S.IMPORTING, "fail"): S.FAILED,
    (S.FAILED, "start"): S.IMPORTING,
})

__all__ = ["IMPORT_WORKFLOW", "TransitionNotAllowed"]
