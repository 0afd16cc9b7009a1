"""The transition tables of brokerage: (status, event) → new status. Services check them; pages and
the API offer only the events that can work from the record's status."""
from commissioning.procurement.transitions import TransitionNotAllowed, events_from, next_status

from .choices import AgreementStatus as G
from .choices import CompetitionStatus as C
from .choices import RequestStatus as R

REQUEST_TRANSITIONS = {
    (R.NEW, "front_door_met"): R.MET_BY_FRONT_DOOR,
    (R.NEW, "direct_award"): R.AWARDED,
    (R.NEW, "open_competition"): R.IN_COMPETITION,
    (R.NEW, "mark_unmet"): R.UNMET,
    (R.NEW, "request_waiver"): R.WAIVER_PENDING,
    (R.NEW, "cancel"): R.CANCELLED,
    (R.UNMET, "direct_award"): R.AWARDED,
    (R.UNMET, "open_competition"): R.IN_COMPETITION,
    (R.UNMET, "request_waiver"): R.WAIVER_PENDING,
    (R.UNMET, "cancel"): R.CANCELLED,
    (R.IN_COMPETITION, "award"): R.AWARDED,
    (R.IN_COMPETITION, "no_award"): R.UNMET,
    (R.WAIVER_PENDING, "approve_waiver"): R.AWARDED,
    (R.WAIVER_PENDING, "refuse_waiver"): R.UNMET,
    (R.AWARDED, "accept"): R.PLACED,
    (R.AWARDED, "decline"): R.NEW,
}

COMPETITION_TRANSITIONS = {
    (C.OPEN, "close"): C.CLOSED,
    (C.CLOSED, "award"): C.AWARDED,
    (C.CLOSED, "no_award"): C.NO_AWARD,
}

AGREEMENT_TRANSITIONS = {
    (G.OFFERED, "accept"): G.ACCEPTED,
    (G.OFFERED, "decline"): G.DECLINED,
    (G.ACCEPTED, "end"): G.ENDED,
}

__all__ = ["AGREEMENT_TRANSITIONS", "COMPETITION_TRANSITIONS", "REQUEST_TRANSITIONS", "TransitionNotAllowed",
           "events_from", "next_status"]
