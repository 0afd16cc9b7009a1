"""Writes of paying providers, one module per aggregate. Each is atomic and audited; money is
integer pence with explicit half-up rounding; approved rates and prices are new versions, never
edits; every status moves through `core.workflow.transition`. Reads other apps used from here
(card_on, price_on, scenario summaries, spend) are re-exported from `selectors`."""
from commissioning.core.workflow import TransitionNotAllowed

from .. import selectors as _selectors
from ..domain.pricing import enhanced_rate, monday
from ..selectors import card_on, price_on, scenario_rows, scenario_summary
from .actuals import ACTUALS_COLUMNS, METHODS, actuals_check, actuals_import, actuals_import_job, actuals_receive
from .budgets import budgets_from_allocation
from .exports import invoices_csv, payment_runs_csv
from .invoices import (
    SCHEDULED_MARKETS,
    invoice_approve,
    invoice_from_week,
    invoice_pay,
    invoices_on_schedule,
    line_dispute,
    line_message,
    line_resolve,
)
from .payments import payment_run, payment_run_job, payment_run_pay, payment_run_start, remittance_csv
from .prices import agreement_started, locality_band, price_agreement
from .rates import (
    criterion_create,
    rate_card_approve,
    rate_card_create,
    rate_card_new_version,
    rate_line_save,
    rate_lines_save,
)
from .reconciliation import reconcile_weeks, week_clear, week_refer, week_release
from .spend import budget_correct, budget_set, spend_csv
from .uplifts import scenario_approve, scenario_create

# Importing the `spend` module above bound its name on this package: the report function takes it back.
spend = _selectors.spend

__all__ = [
    "ACTUALS_COLUMNS", "METHODS", "SCHEDULED_MARKETS", "TransitionNotAllowed", "actuals_check", "actuals_import",
    "actuals_import_job", "actuals_receive",
    "agreement_started", "budget_correct", "budget_set", "budgets_from_allocation", "invoices_csv",
    "payment_runs_csv", "card_on", "criterion_create", "enhanced_rate", "invoice_approve",
    "invoice_from_week", "invoice_pay", "invoices_on_schedule", "line_dispute", "line_message", "line_resolve",
    "locality_band", "monday", "payment_run", "payment_run_job", "payment_run_pay",
    "payment_run_start", "price_agreement", "price_on", "rate_card_approve", "rate_card_create",
    "rate_card_new_version", "rate_line_save", "rate_lines_save", "reconcile_weeks", "remittance_csv",
    "scenario_approve",
    "scenario_create", "scenario_rows", "scenario_summary", "spend", "spend_csv", "week_clear", "week_refer",
    "week_release",
]
