from .agreement import Agreement, AgreementStatusEvent
from .allocation import AllocationLine, AllocationRun, AllocationRunStatusEvent
from .competition import Competition, CompetitionInvite, CompetitionStatusEvent, Offer, OfferRevision, OfferStatusEvent
from .request import CareRequest, FrontDoorCheck, Person, RequestStatusEvent

__all__ = [
    "Agreement", "AgreementStatusEvent", "AllocationLine", "AllocationRun", "AllocationRunStatusEvent", "CareRequest",
    "Competition", "CompetitionInvite", "CompetitionStatusEvent", "FrontDoorCheck", "Offer", "OfferRevision",
    "OfferStatusEvent", "Person", "RequestStatusEvent",
]
