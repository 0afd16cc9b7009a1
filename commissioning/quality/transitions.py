"""The transition tables of audits, action plans and concern cases."""
from commissioning.procurement.transitions import TransitionNotAllowed, events_from, next_status

from .choices import AuditStatus as A
from .choices import ConcernStage as C
from .choices import PlanStatus as P

AUDIT_TRANSITIONS = {
    (A.PLANNED, "start"): A.IN_PROGRESS,
    (A.PLANNED, "cancel"): A.CANCELLED,
    (A.IN_PROGRESS, "issue_draft"): A.DRAFT,
    (A.IN_PROGRESS, "cancel"): A.CANCELLED,
    (A.DRAFT, "publish"): A.FINAL,
}

PLAN_TRANSITIONS = {
    (P.REQUIRED, "submit"): P.SUBMITTED,
    (P.SUBMITTED, "accept"): P.ACCEPTED,
    (P.SUBMITTED, "return"): P.REQUIRED,
    (P.ACCEPTED, "complete"): P.COMPLETED,
}

CONCERN_TRANSITIONS = {
    (C.INITIAL_MEETING, "escalate"): C.IMPROVEMENT_PLAN,
    (C.IMPROVEMENT_PLAN, "escalate"): C.SAFEGUARDING,
    (C.SAFEGUARDING, "escalate"): C.SUSPENDED,
    (C.SUSPENDED, "escalate"): C.EXIT,
    (C.SUSPENDED, "lift_suspension"): C.IMPROVEMENT_PLAN,
    (C.INITIAL_MEETING, "close"): C.CLOSED,
    (C.IMPROVEMENT_PLAN, "close"): C.CLOSED,
    (C.SAFEGUARDING, "close"): C.CLOSED,
    (C.SUSPENDED, "close"): C.CLOSED,
    (C.EXIT, "close"): C.CLOSED,
}

__all__ = ["AUDIT_TRANSITIONS", "CONCERN_TRANSITIONS", "PLAN_TRANSITIONS", "TransitionNotAllowed", "events_from",
           "next_status"]
