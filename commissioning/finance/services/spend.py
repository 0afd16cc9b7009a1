"""Budgets and the commissioned spend report: one budget per market area and financial year, set
by the finance officer; the spend CSV is safe to open in a spreadsheet."""
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record
from commissioning.core.csv_export import safe_writer

from ..models import Budget

SPEND_COLUMNS = ["financial_year", "dimension", "value", "spend_pounds", "budget_pounds",
                 "annual_contract_value_pounds"]


@transaction.atomic
def budget_set(*, market_area: str, financial_year: int, amount_pence: int, by) -> Budget:
    """Set a market area's budget for a financial year, replacing any earlier figure (audited with both)."""
    if amount_pence < 0:
        raise ValidationError({"amount": "The budget cannot be negative"})
    budget = Budget.objects.select_for_update().filter(market_area=market_area, financial_year=financial_year).first()
    if budget is None:
        budget = Budget.objects.create(market_area=market_area, financial_year=financial_year,
                                       amount_pence=amount_pence)
        audit_record(actor=by, action=Action.CREATED, obj=budget, note=f"{amount_pence}p")
        return budget
    before = budget.amount_pence
    budget.amount_pence = amount_pence
    budget.save(update_fields=["amount_pence"])
    audit_record(actor=by, action=Action.UPDATED, obj=budget, changes={"Amount (pence)": [before, amount_pence]})
    return budget


def spend_csv(report: dict) -> str:
    """The spend report as CSV: spend by market, provider, locality and month, with budgets."""
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(SPEND_COLUMNS)
    for dimension, values in report["by"].items():
        for value, amount in values.items():
            budget = report["budgets"].get(value) if dimension == "market" else None
            contract = report["contract_value"].get(value) if dimension == "market" else None
            writer.writerow([report["year"], dimension, value, f"{Decimal(amount) / 100:.2f}",
                             f"{Decimal(budget) / 100:.2f}" if budget is not None else "",
                             f"{Decimal(contract) / 100:.2f}" if contract is not None else ""])
    return out.getvalue()
