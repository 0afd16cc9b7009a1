"""The one table per workflow of (status, event) → new status. Services check it; the API answers
409 and pages show an error when a pair is not in it; presenters use it to offer only the
buttons that can work."""
from commissioning.core.workflow import TransitionNotAllowed, events_from, next_status

from .choices import ApplicationStatus as A
from .choices import ListStatus as L
from .choices import MembershipStatus as M

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
    (M.ACTIVE, "suspend"): M.SUSPENDED,
    (M.SUSPENDED, "reinstate"): M.ACTIVE,
    (M.ACTIVE, "remove"): M.REMOVED,
    (M.SUSPENDED, "remove"): M.REMOVED,
}

__all__ = ["APPLICATION_TRANSITIONS", "LIST_TRANSITIONS", "MEMBERSHIP_TRANSITIONS", "TransitionNotAllowed",
           "events_from", "next_status"]
