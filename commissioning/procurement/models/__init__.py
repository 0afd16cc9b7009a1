from .application import (
    Answer,
    Application,
    ApplicationStatusEvent,
    Clarification,
    LotDecision,
    LotEvaluation,
    ModeratedScore,
    Score,
    TenderedPrice,
)
from .approved_list import ApprovedList, ApprovedListStatusEvent, Lot, PriceLine, Question, ReopeningWindow
from .membership import MemberPrice, Membership, MembershipStatusEvent

__all__ = [
    "Answer", "Application", "ApplicationStatusEvent", "ApprovedList", "ApprovedListStatusEvent", "Clarification",
    "Lot", "LotDecision", "LotEvaluation", "MemberPrice", "Membership",
    "MembershipStatusEvent", "ModeratedScore", "Question", "ReopeningWindow",
    "PriceLine", "Score", "TenderedPrice",
]
