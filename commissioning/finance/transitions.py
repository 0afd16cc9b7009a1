"""The one table per finance workflow of (status, event) → new status. Services move records only
through `core.workflow.transition` with these; pages and the API refuse a pair not in a table."""
from commissioning.core.workflow import TransitionNotAllowed, Workflow

from .choices import InvoiceStatus as I
from .choices import LineStatus as L
from .choices import RateStatus as R
from .choices import ScenarioStatus as S
from .choices import WeekReview as W

RATE_CARD = Workflow("rate card", {
    (R.DRAFT, "approve"): R.APPROVED,
})

WEEK_REVIEW = Workflow("reconciled week", {
    (W.NOT_NEEDED, "refer"): W.WITH_BROKERAGE,
    (W.CLEARED, "refer"): W.WITH_BROKERAGE,
    (W.WITH_BROKERAGE, "clear"): W.CLEARED,
    (W.WITH_BROKERAGE, "release"): W.NOT_NEEDED,
    (W.CLEARED, "release"): W.NOT_NEEDED,
}, field="review")

INVOICE = Workflow("invoice", {
    (I.DRAFT, "dispute"): I.DISPUTED,
    (I.DISPUTED, "dispute"): I.DISPUTED,
    (I.DISPUTED, "settle"): I.DRAFT,
    (I.DRAFT, "approve"): I.APPROVED,
    (I.APPROVED, "pay"): I.PAID,
})

INVOICE_LINE = Workflow("invoice line", {
    (L.OK, "dispute"): L.DISPUTED,
    (L.RESOLVED, "dispute"): L.DISPUTED,
    (L.DISPUTED, "resolve"): L.RESOLVED,
})

SCENARIO = Workflow("uplift scenario", {
    (S.DRAFT, "approve"): S.APPROVED,
})

WORKFLOWS = (RATE_CARD, WEEK_REVIEW, INVOICE, INVOICE_LINE, SCENARIO)

__all__ = ["INVOICE", "INVOICE_LINE", "RATE_CARD", "SCENARIO", "WEEK_REVIEW", "WORKFLOWS", "TransitionNotAllowed"]
