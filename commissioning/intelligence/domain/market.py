"""Supply-side measures of a care market: concentration of providers, and a capacity return's beds.

Concentration uses the Herfindahl-Hirschman Index: the sum of the squared market shares (in %) of
every provider, from near 0 (many small providers) to 10,000 (one provider). The UK competition
authorities read below 1,000 as unconcentrated and above 2,000 as highly concentrated. Shares are of
capacity (beds or hours a week) in the register, not of spend.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


def shares(capacity_by_provider: dict[str, Decimal | int]) -> dict[str, Decimal]:
    """Each provider's share of the market's capacity, in %."""
    total = sum(Decimal(v) for v in capacity_by_provider.values())
    if total <= 0:
        return {}
    return {k: Decimal(v) * HUNDRED / total for k, v in capacity_by_provider.items()}


def hhi(capacity_by_provider: dict[str, Decimal | int]) -> Decimal | None:
    """The Herfindahl-Hirschman Index of the market, to the whole point; None for an empty market."""
    found = shares(capacity_by_provider)
    if not found:
        return None
    return sum((s * s for s in found.values()), Decimal(0)).quantize(Decimal(1), ROUND_HALF_UP)


def largest_share(capacity_by_provider: dict[str, Decimal | int], *, top: int = 1) -> Decimal | None:
    """The share (%) held by the `top` largest providers together."""
    found = sorted(shares(capacity_by_provider).values(), reverse=True)
    if not found:
        return None
    return sum(found[:top], Decimal(0)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def concentration_label(index: Decimal | None) -> str:
    """How concentrated a market is, in words."""
    if index is None:
        return "No capacity recorded"
    if index < 1000:
        return "Unconcentrated"
    if index <= 2000:
        return "Moderately concentrated"
    return "Highly concentrated"


def check_beds(maximum: int, occupied: int) -> list[str]:
    """What is wrong with a week's bed numbers (Capacity Tracker: maximum, occupied, vacant)."""
    problems = []
    if maximum < 0 or occupied < 0:
        problems.append("Bed numbers must be 0 or more")
    if occupied > maximum:
        problems.append("Occupied beds must not be more than the maximum beds")
    return problems
