"""The register's workflows: a provider's and a service's status, each one table of
(status, event) → new status, moved only by `core.workflow.transition` (which writes the
status-event row and the audit line). The CQC import's own table is in transitions.py."""
from commissioning.core.workflow import TransitionNotAllowed, Workflow

from .choices import ProviderStatus, ServiceStatus

P = ProviderStatus
S = ServiceStatus

PROVIDER_WORKFLOW = Workflow("provider", {
    (P.ACTIVE, "deactivate"): P.INACTIVE,
    (P.ACTIVE, "cease_trading"): P.CEASED,
    (P.INACTIVE, "reactivate"): P.ACTIVE,
    (P.INACTIVE, "cease_trading"): P.CEASED,
    (P.CEASED, "reinstate"): P.ACTIVE,
})

SERVICE_WORKFLOW = Workflow("service", {
    (S.ACTIVE, "close"): S.CLOSED,
    (S.CLOSED, "reopen"): S.ACTIVE,
})


def event_between(workflow: Workflow, old: str, new: str) -> str:
    """The event that moves a record from `old` to `new`, for edits that choose the new status from a
    list; TransitionNotAllowed when the table has no such move."""
    for (status, event), to_status in workflow.table.items():
        if status == old and to_status == new:
            return event
    label = getattr(new, "label", new)
    raise TransitionNotAllowed(workflow.label, old, f"become {str(label).lower()}")
