from .agreement import Agreement, AgreementEvent
from .allocation import AllocationLine, AllocationRun
from .competition import Competition, CompetitionInvite, Offer
from .request import CareRequest, FrontDoorCheck, Person, RequestEvent

__all__ = [
    "Agreement", "AgreementEvent", "AllocationLine", "AllocationRun", "CareRequest", "Competition",
    "CompetitionInvite", "FrontDoorCheck", "Offer", "Person", "RequestEvent",
]
