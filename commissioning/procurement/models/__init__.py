from .application import Answer, Application, Clarification, LotDecision, ModeratedScore, Score, StatusChange
from .approved_list import ApprovedList, Lot, Question, ReopeningWindow
from .membership import Membership, MembershipEvent

__all__ = [
    "Answer", "Application", "ApprovedList", "Clarification", "Lot", "LotDecision", "Membership",
    "MembershipEvent", "ModeratedScore", "Question", "ReopeningWindow", "Score", "StatusChange",
]
