"""The workflows of brokerage, each a table of (status, event) → new status moved only by
`core.workflow.transition`: requests (with the front door's checks), further competitions, offers,
agreements and batch allocations. Services check them; pages and the API offer only the events
that can work from the record's status."""
from commissioning.core.workflow import TransitionNotAllowed, Workflow, events_from, next_status

from .choices import AgreementStatus as G
from .choices import AllocationStatus as A
from .choices import CompetitionStatus as C
from .choices import OfferStatus as O
from .choices import RequestStatus as R

REQUEST_TRANSITIONS = {
    (R.NEW, "front_door_checked"): R.NEW,
    (R.NEW, "front_door_met"): R.MET_BY_FRONT_DOOR,
    (R.NEW, "direct_award"): R.AWARDED,
    (R.NEW, "open_competition"): R.IN_COMPETITION,
    (R.NEW, "mark_unmet"): R.UNMET,
    (R.NEW, "request_waiver"): R.WAIVER_PENDING,
    (R.NEW, "cancel"): R.CANCELLED,
    (R.NEW, "direct_payment"): R.DIRECT_PAYMENT,
    (R.UNMET, "direct_payment"): R.DIRECT_PAYMENT,
    (R.UNMET, "front_door_checked"): R.UNMET,
    (R.UNMET, "front_door_met"): R.MET_BY_FRONT_DOOR,
    (R.UNMET, "direct_award"): R.AWARDED,
    (R.UNMET, "open_competition"): R.IN_COMPETITION,
    (R.UNMET, "request_waiver"): R.WAIVER_PENDING,
    (R.UNMET, "cancel"): R.CANCELLED,
    (R.NEW, "send_to_reserve"): R.NEW,
    (R.UNMET, "send_to_reserve"): R.NEW,
    (R.IN_COMPETITION, "award"): R.AWARDED,
    (R.IN_COMPETITION, "no_award"): R.UNMET,
    (R.WAIVER_PENDING, "approve_waiver"): R.AWARDED,
    (R.WAIVER_PENDING, "refuse_waiver"): R.UNMET,
    (R.AWARDED, "accept"): R.PLACED,
    (R.AWARDED, "decline"): R.NEW,
}

COMPETITION_TRANSITIONS = {
    (C.OPEN, "close"): C.CLOSED,
    (C.CLOSED, "rank"): C.RANKED,
    (C.CLOSED, "no_award"): C.NO_AWARD,
    (C.RANKED, "award"): C.AWARDED,
    (C.RANKED, "no_award"): C.NO_AWARD,
}

OFFER_TRANSITIONS = {
    (O.SUBMITTED, "revise"): O.SUBMITTED,
    (O.SUBMITTED, "withdraw"): O.WITHDRAWN,
    (O.WITHDRAWN, "resubmit"): O.SUBMITTED,
    (O.SUBMITTED, "award"): O.AWARDED,
    (O.SUBMITTED, "not_award"): O.NOT_AWARDED,
}

AGREEMENT_TRANSITIONS = {
    (G.OFFERED, "accept"): G.ACCEPTED,
    (G.OFFERED, "decline"): G.DECLINED,
    (G.ACCEPTED, "end"): G.ENDED,
}

ALLOCATION_TRANSITIONS = {
    (A.PROPOSED, "award"): A.AWARDED,
    (A.PROPOSED, "discard"): A.DISCARDED,
}

REQUEST = Workflow("request", REQUEST_TRANSITIONS)
COMPETITION = Workflow("competition", COMPETITION_TRANSITIONS)
OFFER = Workflow("provider's offer", OFFER_TRANSITIONS)
AGREEMENT = Workflow("agreement", AGREEMENT_TRANSITIONS)
ALLOCATION = Workflow("batch allocation", ALLOCATION_TRANSITIONS)

__all__ = ["AGREEMENT", "AGREEMENT_TRANSITIONS", "ALLOCATION", "ALLOCATION_TRANSITIONS", "COMPETITION",
           "COMPETITION_TRANSITIONS", "OFFER", "OFFER_TRANSITIONS", "REQUEST", "REQUEST_TRANSITIONS",
           "TransitionNotAllowed", "events_from", "next_status"]
