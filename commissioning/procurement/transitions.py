"""The one table per workflow of (status, event) → new status. Services check it; the API answers
409 and pages show an error when a pair is not in it; presenters use it to offer only the
buttons that can work."""
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


class TransitionNotAllowed(Exception):
    """The workflow has no such move from the record's current status."""

    def __init__(self, label: str, status: str, event: str):
        super().__init__(f"A {label} that is {status} cannot be asked to {event.replace('_', ' ')}")
        self.status, self.event = status, event


def next_status(table: dict, label: str, status: str, event: str) -> str:
    try:
        return table[(status, event)]
    except KeyError:
        raise TransitionNotAllowed(label, status, event) from None


def events_from(table: dict, status: str) -> list[str]:
    """The events that can happen from `status`, in table order."""
    return [event for (from_status, event) in table if from_status == status]
