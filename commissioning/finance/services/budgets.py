"""Budgets set from another app's decision (planning's approved funding allocation), through the
same history as a finance officer's own settings and corrections."""
from django.db import transaction

from ..models import Budget
from .spend import budget_set


@transaction.atomic
def budgets_from_allocation(*, financial_year: int, amounts_pence: dict[str, int], reason: str, by) -> list[Budget]:
    """Set each market area's budget for the year to its amount. Idempotent: a budget already at its
    amount is left alone, so approving or applying the same allocation twice changes nothing."""
    out = []
    for market_area, amount_pence in sorted(amounts_pence.items()):
        current = Budget.objects.select_for_update().filter(market_area=market_area,
                                                            financial_year=financial_year).first()
        if current is not None and current.amount_pence == amount_pence:
            out.append(current)
            continue
        out.append(budget_set(market_area=market_area, financial_year=financial_year, amount_pence=amount_pence,
                              by=by, reason=reason))
    return out
