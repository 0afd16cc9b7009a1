from .application import (
    Answer,
    Application,
    ApplicationStatusEvent,
    Clarification,
    LotDecision,
    ModeratedScore,
    Score,
)
from .approved_list import ApprovedList, ApprovedListStatusEvent, Lot, Question, ReopeningWindow
from .membership import Membership, MembershipStatusEvent

__all__ = [
    "Answer", "Application", "ApplicationStatusEvent", "ApprovedList", "ApprovedListStatusEvent", "Clarification",
    "Lot", "LotDecision", "Membership", "MembershipStatusEvent", "ModeratedScore", "Question", "ReopeningWindow",
    "Score",
]
