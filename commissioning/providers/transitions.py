"""The register's workflows on the workflow core, each one table of (status, event) → new status:
a provider's status, a service's status, and a CQC import's."""
from commissioning.core.workflow import TransitionNotAllowed, Workflow, event_between

from .choices import ProviderStatus, ServiceStatus
from .models.cqc_import import CqcImportRun

P = ProviderStatus
SS = ServiceStatus

PROVIDER_WORKFLOW = Workflow("provider", {
    (P.ACTIVE, "deactivate"): P.INACTIVE,
    (P.ACTIVE, "cease_trading"): P.CEASED,
    (P.INACTIVE, "reactivate"): P.ACTIVE,
    (P.INACTIVE, "cease_trading"): P.CEASED,
    (P.CEASED, "reinstate"): P.ACTIVE,
})

SERVICE_WORKFLOW = Workflow("service", {
    (SS.ACTIVE, "close"): SS.CLOSED,
    (SS.CLOSED, "reopen"): SS.ACTIVE,
})


S = CqcImportRun.Status

IMPORT_TRANSITIONS = {
    (S.STAGED, "start"): S.RUNNING,
    (S.STAGED, "cancel"): S.CANCELLED,
    (S.RUNNING, "finish"): S.COMPLETED,
    (S.RUNNING, "fail"): S.FAILED,
    (S.FAILED, "start"): S.RUNNING,
}
IMPORT_WORKFLOW = Workflow("CQC import", IMPORT_TRANSITIONS)

__all__ = ["IMPORT_TRANSITIONS", "IMPORT_WORKFLOW", "PROVIDER_WORKFLOW", "SERVICE_WORKFLOW", "TransitionNotAllowed",
           "event_between"]
