"""The workflows of the register, each one table of (status, event) → new status moved only by
`core.workflow.transition`: a contract's decommissioning and end, and a variation's decision."""
from commissioning.core.workflow import TransitionNotAllowed, Workflow

from .choices import ContractStatus as C
from .choices import VariationStatus as V

CONTRACT_TRANSITIONS = {
    (C.LIVE, "decommission"): C.DECOMMISSIONING,
    (C.DECOMMISSIONING, "end"): C.ENDED,
}

VARIATION_TRANSITIONS = {
    (V.PROPOSED, "approve"): V.APPROVED,
    (V.PROPOSED, "refuse"): V.REFUSED,
}

CONTRACT = Workflow("contract", CONTRACT_TRANSITIONS)
VARIATION = Workflow("variation", VARIATION_TRANSITIONS)

__all__ = ["CONTRACT", "CONTRACT_TRANSITIONS", "VARIATION", "VARIATION_TRANSITIONS", "TransitionNotAllowed"]
