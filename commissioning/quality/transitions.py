"""The workflows of quality assurance: audits, action plans, concern cases, contract reviews and
safety checks, each one table of (status, event) → new status moved only by `core.workflow.transition`."""
from commissioning.core.workflow import TransitionNotAllowed, Workflow, events_from, next_status

from .choices import AuditStatus as A
from .choices import ConcernStage as C
from .choices import PlanStatus as P
from .choices import ReviewStatus as R

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

REVIEW_TRANSITIONS = {
    (R.OPEN, "close"): R.CLOSED,
}

SAFETY_CHECK_TRANSITIONS = {
    (R.OPEN, "close"): R.CLOSED,
}

AUDIT = Workflow("audit", AUDIT_TRANSITIONS)
ACTION_PLAN = Workflow("action plan", PLAN_TRANSITIONS)
CONCERN = Workflow("concern case", CONCERN_TRANSITIONS, field="stage")
REVIEW = Workflow("contract review", REVIEW_TRANSITIONS)
SAFETY_CHECK = Workflow("safety check", SAFETY_CHECK_TRANSITIONS)

__all__ = ["ACTION_PLAN", "AUDIT", "AUDIT_TRANSITIONS", "CONCERN", "CONCERN_TRANSITIONS", "PLAN_TRANSITIONS",
           "REVIEW", "REVIEW_TRANSITIONS", "SAFETY_CHECK", "SAFETY_CHECK_TRANSITIONS", "TransitionNotAllowed",
           "events_from", "next_status"]
