"""The one table per workflow of (status, event) → new status, each a `core.workflow.Workflow`.
Services move records only through `core.workflow.transition`, which checks the table and writes
the status-event row and the audit line; the API answers 409 and pages show an error when a pair
is not in the table; presenters use `events_from` to offer only the buttons that can work."""
from commissioning.core.workflow import TransitionNotAllowed, Workflow, events_from, next_status

from .choices import ApplicationStatus as A
from .choices import ListStatus as L
from .choices import MembershipStatus as M

NEW = ""

LIST_TRANSITIONS = {
    (L.DRAFT, "open"): L.OPEN,
    (L.OPEN, "pause"): L.PAUSED,
    (L.PAUSED, "reopen"): L.OPEN,
    (L.OPEN, "close"): L.CLOSED,
    (L.PAUSED, "close"): L.CLOSED,
}

APPLICATION_TRANSITIONS = {
    (A.DRAFT, "submit"): A.SUBMITTED,
    (A.DRAFT, "withdraw"): A.WITHDRAWN,
    (A.SUBMITTED, "ask_clarification"): A.CLARIFICATION,
    (A.CLARIFICATION, "answer_clarification"): A.SUBMITTED,
    (A.SUBMITTED, "moderate"): A.MODERATED,
    (A.MODERATED, "decide"): A.DECIDED,
    (A.SUBMITTED, "withdraw"): A.WITHDRAWN,
    (A.CLARIFICATION, "withdraw"): A.WITHDRAWN,
}

MEMBERSHIP_TRANSITIONS = {
    (NEW, "admit"): M.ACTIVE,
    (M.ACTIVE, "suspend"): M.SUSPENDED,
    (M.SUSPENDED, "reinstate"): M.ACTIVE,
    (M.ACTIVE, "remove"): M.REMOVED,
    (M.SUSPENDED, "remove"): M.REMOVED,
}

LIST = Workflow("list", LIST_TRANSITIONS)
APPLICATION = Workflow("application", APPLICATION_TRANSITIONS)
MEMBERSHIP = Workflow("membership", MEMBERSHIP_TRANSITIONS)

__all__ = ["APPLICATION", "APPLICATION_TRANSITIONS", "LIST", "LIST_TRANSITIONS", "MEMBERSHIP",
           "MEMBERSHIP_TRANSITIONS", "NEW", "TransitionNotAllowed", "events_from", "next_status"]
