"""Writes of Approved Provider Lists, one module per aggregate. Each is atomic, takes the acting
user, moves status only through the workflow core, and leaves an append-only trail (status
events and the audit)."""
from ..transitions import TransitionNotAllowed
from .applications import (
    application_save_draft,
    application_start,
    application_submit,
    application_withdraw,
    clarification_answer,
    clarification_ask,
    deadline_extend,
)
from .evaluation import application_decide, lot_admit_by_rank, lot_may_admit, score_record, scores_moderate
from .lists import list_save, list_transition, lot_save, question_save, window_add
from .memberships import (
    membership_reverify,
    membership_transition,
    memberships_end_suspensions,
    memberships_flag_lapsed_evidence,
)
from .prices import member_rates_bring_into_step, price_line_save, rate_review

__all__ = [
    "TransitionNotAllowed",
    "application_decide",
    "application_save_draft",
    "application_start",
    "application_submit",
    "application_withdraw",
    "clarification_answer",
    "clarification_ask",
    "deadline_extend",
    "list_save",
    "list_transition",
    "lot_admit_by_rank",
    "lot_may_admit",
    "lot_save",
    "member_rates_bring_into_step",
    "membership_reverify",
    "membership_transition",
    "memberships_end_suspensions",
    "memberships_flag_lapsed_evidence",
    "price_line_save",
    "question_save",
    "rate_review",
    "score_record",
    "scores_moderate",
    "window_add",
]
