"""What care costs: pure functions over integer pence, no database.

A package's weekly cost is its weekly rate when it counts beds or places (care homes), else its
hourly rate times the hours a week, rounded half up to the penny. An enhanced rate applies a
package's complexity criteria to the standard rate: fixed additions first, then percentage
uplifts, rounded half up once at the end, so the order the criteria were chosen in never
changes the price. An uplift multiplies a rate by (1 + percent / 100), rounded half up.
"""
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol


class Criterion(Protocol):
    """Anything with a kind ("addition" in pence or "percent") and an amount."""

    kind: str
    amount: Decimal


def half_up(value: Decimal) -> int:
    """Round pence to the whole penny, halves up (the council's rounding rule for money)."""
    return int(Decimal(value).quantize(Decimal(1), ROUND_HALF_UP))


def weekly_cost_pence(rate_pence: int, *, counts_beds: bool, hours_per_week: Decimal | None) -> int:
    """A week's cost: the weekly rate for a bed or place, else the hourly rate × hours, to the penny
    (half up)."""
    if counts_beds:
        return rate_pence
    return int((Decimal(rate_pence) * Decimal(hours_per_week)).quantize(Decimal(1), ROUND_HALF_UP))


def enhanced_rate(base_pence: int, criteria: Iterable[Criterion]) -> int:
    """The standard rate with complexity criteria: additions first, then percentage uplifts, rounded
    half up to the penny."""
    criteria = list(criteria)
    rate = Decimal(base_pence)
    for criterion in criteria:
        if criterion.kind == "addition":
            rate += criterion.amount
    for criterion in criteria:
        if criterion.kind == "percent":
            rate *= 1 + criterion.amount / 100
    return half_up(rate)


def uplifted(rate_pence: int, percent: Decimal) -> int:
    """A rate after an uplift of `percent`, rounded half up to the penny."""
    return half_up(rate_pence * (1 + Decimal(percent) / 100))


def monday(day: date) -> date:
    """The Monday of the week a day falls in: finance weeks run Monday to Sunday."""
    return day - timedelta(days=day.weekday())
