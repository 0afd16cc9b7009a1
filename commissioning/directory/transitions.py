"""The workflow of the directory: a proposed listing or change is decided once."""
from commissioning.core.workflow import TransitionNotAllowed, Workflow

from .choices import ProposalStatus as S

PROPOSAL = Workflow("directory proposal", {
    (S.PENDING, "approve"): S.APPROVED,
    (S.PENDING, "reject"): S.REJECTED,
})

__all__ = ["PROPOSAL", "TransitionNotAllowed"]
