"""Budgets and the commissioned spend report: one budget per market area and financial year, set
by the finance officer; the spend CSV is safe to open in a spreadsheet."""
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record
from commissioning.core.csv_export import safe_writer
from commissioning.core.money import format_pounds

from ..models import Budget, BudgetChange

SPEND_COLUMNS = ["financial_year", "dimension", "value", "spend_pounds", "budget_pounds",
                 "annual_contract_value_pounds"]


BUDGET_MOST_PENCE = 10_000_000_000_00  # £10 billion: more than any council's adult social care budget


def _check_amount(amount_pence: int) -> None:
    if amount_pence <= 0:
        raise ValidationError({"amount": "The budget must be more than £0"})
    if amount_pence > BUDGET_MOST_PENCE:
        raise ValidationError({"amount": f"The budget must be {format_pounds(BUDGET_MOST_PENCE)} or less"})


@transaction.atomic
def budget_set(*, market_area: str, financial_year: int, amount_pence: int, by, reason: str = "") -> Budget:
    """Set a market area's budget for a financial year; set again it is a correction (see `budget_correct`).
    Every figure is kept in the budget's history with who set it, when and why."""
    _check_amount(amount_pence)
    budget = Budget.objects.select_for_update().filter(market_area=market_area, financial_year=financial_year).first()
    if budget is not None:
        return budget_correct(budget=budget, amount_pence=amount_pence, reason=reason or "Set again", by=by)
    budget = Budget.objects.create(market_area_id=market_area, financial_year=financial_year, amount_pence=amount_pence)
    BudgetChange.objects.create(budget=budget, by=by, from_pence=None, to_pence=amount_pence,
                                reason=reason.strip() or "First set")
    audit_record(actor=by, action=Action.CREATED, obj=budget, note=format_pounds(amount_pence))
    return budget


@transaction.atomic
def budget_correct(*, budget: Budget, amount_pence: int, reason: str, by) -> Budget:
    """Correct a budget to a new figure with the reason; the history keeps who, when, from, to and why."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the budget is corrected"})
    _check_amount(amount_pence)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if amount_pence == budget.amount_pence:
        raise ValidationError({"amount": f"The budget is already {format_pounds(amount_pence)}: enter the "
                                         "corrected figure"})
    before = budget.amount_pence
    budget.amount_pence = amount_pence
    budget.save(update_fields=["amount_pence"])
    BudgetChange.objects.create(budget=budget, by=by, from_pence=before, to_pence=amount_pence,
                                reason=reason.strip()[:300])
    audit_record(actor=by, action=Action.UPDATED, obj=budget, note=reason.strip(),
                 changes={"Amount": [format_pounds(before), format_pounds(amount_pence)]})
    return budget


def spend_csv(report: dict) -> str:
    """The spend report as CSV: spend by market, provider, locality and month, with budgets."""
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(SPEND_COLUMNS)
    from commissioning.accounts.selectors import market_names

    names = market_names()
    for dimension, values in report["by"].items():
        for value, amount in values.items():
            budget = report["budgets"].get(value) if dimension == "market" else None
            contract = report["contract_value"].get(value) if dimension == "market" else None
            label = names.get(value, value) if dimension == "market" else value
            writer.writerow([report["year"], dimension, label, f"{Decimal(amount) / 100:.2f}",
                             f"{Decimal(budget) / 100:.2f}" if budget is not None else "",
                             f"{Decimal(contract) / 100:.2f}" if contract is not None else ""])
    return out.getvalue()
