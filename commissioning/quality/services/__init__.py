"""Writes of quality assurance, one module per aggregate (contract management is the contracts
app's, ADR 0026). Each is atomic, audited, and moves statuses only through the workflows of
`transitions.py`. The reads scheduled work and other apps used from here before the split are
re-exported from `selectors`."""
from commissioning.core.workflow import TransitionNotAllowed

from ..domain.periods import add_months
from ..selectors import (
    FailureReport,
    ProgrammeRow,
    commissioned_services,
    default_framework,
    failure_report,
    overdue_items,
    overdue_plans,
    programme,
)
from .audits import (
    audit_cancel,
    audit_issue_draft,
    audit_publish,
    audit_rate,
    audit_start,
    challenge_answer,
    challenge_raise,
    draft_agree,
)
from .concerns import SUSPENDING, concern_move, concern_open
from .framework import framework_configure
from .planning import plan_year, visit_add
from .plans import item_progress, plan_complete, plan_review, plan_submit
from .records import feedback_record, safeguarding_record
from .reviews import review_close, safety_check_close, safety_record

__all__ = [
    "SUSPENDING", "FailureReport", "ProgrammeRow", "TransitionNotAllowed", "add_months", "audit_cancel",
    "audit_issue_draft", "audit_publish", "audit_rate", "audit_start", "challenge_answer", "challenge_raise",
    "commissioned_services", "concern_move", "concern_open", "default_framework", "draft_agree", "failure_report",
    "feedback_record", "framework_configure", "item_progress", "overdue_items", "overdue_plans", "plan_complete",
    "plan_review", "plan_submit", "plan_year", "programme", "review_close", "safeguarding_record", "safety_check_close",
    "safety_record", "visit_add",
]
