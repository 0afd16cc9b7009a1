from .agreement import Agreement, AgreementStatusEvent
from .allocation import AllocationLine, AllocationRun, AllocationRunStatusEvent
from .competition import (
    Competition,
    CompetitionInvite,
    CompetitionQuestion,
    CompetitionStatusEvent,
    Offer,
    OfferAnswer,
    OfferModeratedScore,
    OfferRevision,
    OfferScore,
    OfferStatusEvent,
)
from .request import CareRequest, FrontDoorCheck, Person, RequestStatusEvent

__all__ = [
    "Agreement", "AgreementStatusEvent", "AllocationLine", "AllocationRun", "AllocationRunStatusEvent", "CareRequest",
    "Competition", "CompetitionInvite", "CompetitionQuestion", "CompetitionStatusEvent", "OfferAnswer",
    "OfferModeratedScore", "OfferScore", "FrontDoorCheck", "Offer", "OfferRevision",
    "OfferStatusEvent", "Person", "RequestStatusEvent",
]
