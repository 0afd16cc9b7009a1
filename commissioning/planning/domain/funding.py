"""Sharing a budget across areas by weighted need with a no-loss floor (seed 002: "no area should be
disadvantaged"): pure code, no database.

1. Need share: each area's need weight over the total; the raw allocation is the budget times it.
2. Floor: no area gets less than last year's allocation times (1 + floor), rounded up to the penny
   (floor 0 is "no loss", -0.02 allows a 2% fall, 0.01 promises a 1% rise). Areas whose raw
   allocation is below their floor are topped up to it.
3. The top-ups are paid for by scaling back gains above the floor: every area above its floor gets
   its floor plus `scaling_factor` times its gain, one factor between 0 and 1 for all, chosen so
   the allocations add up to the budget.
4. Ceiling (optional): no area gets more than last year times (1 + ceiling), rounded down to the
   penny; capped areas keep their cap and the factor is solved again over the rest (water-filling).

When no factor between 0 and 1 balances the budget the formula is infeasible and says why: the
floors cost more than the budget (the shortfall is reported), or the ceilings leave money that no
area may take. It never clamps silently. The arithmetic is exact (fractions); only the final
allocations are rounded: down to the penny, then the pennies left over (fewer than one per area) by
the divisor method, each to the area that earns it at the lowest multiple of its exact amount (never
past its ceiling). Rounding down keeps every area at or above its floor.

"More need never means less money" holds exactly for the exact amounts (`exact_pence`): raising one
area's need never lowers its exact amount. Whole pennies cannot promise it as well: raising one area's
need also moves the other areas' exact amounts, and no way of sharing the last pennies keeps every
area's rounded amount from falling when the others move (the apportionment paradoxes). What an area
can lose is only leftover pennies (fewer than one per area): it never gets less than the whole pennies
of its exact amount before (ADR 0020).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction


@dataclass(frozen=True)
class Line:
    """One area's waterfall: need share, raw allocation, floor, top-up to the floor, gain kept."""

    need_share: Decimal
    raw_pence: int
    previous_pence: int
    floor_pence: int
    top_up_pence: int
    scaled_gain_pence: int
    pence: int

    @property
    def change_pence(self) -> int:
        return self.pence - self.previous_pence


@dataclass(frozen=True)
class Allocation:
    """The answer: pence per area and the scaling factor, or why no allocation is feasible."""

    feasible: bool
    pence: dict[str, int]
    scaling_factor: Decimal | None
    lines: dict[str, Line] = field(default_factory=dict)
    floors_pence: int = 0
    shortfall_pence: int = 0
    reason: str = ""
    exact_pence: dict[str, Fraction] = field(default_factory=dict)


def _decimal(value: Fraction, places: int = 10) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(1).scaleb(-places))


def _check(budget_pence, need, previous_pence, floor, ceiling) -> None:
    if budget_pence < 0:
        raise ValueError("The budget must not be negative")
    if not need:
        raise ValueError("Give at least one area")
    if set(need) != set(previous_pence):
        raise ValueError("Every area needs both a need weight and last year's allocation")
    if any(Decimal(w) < 0 for w in need.values()):
        raise ValueError("Need weights must not be negative")
    if sum(Decimal(w) for w in need.values()) <= 0:
        raise ValueError("At least one area must have some need")
    if any(p < 0 for p in previous_pence.values()):
        raise ValueError("Last year's allocations must not be negative")
    if Decimal(floor) <= -1:
        raise ValueError("The floor must be above -100%")
    if ceiling is not None and Decimal(ceiling) < Decimal(floor):
        raise ValueError("The ceiling must not be below the floor")


def allocate(*, budget_pence: int, need: Mapping[str, Decimal], previous_pence: Mapping[str, int],
             floor: Decimal, ceiling: Decimal | None = None) -> Allocation:
    """Share `budget_pence` by need so that every area gets at least last year × (1 + floor), paid
    for by one scaling factor on the gains, and at most last year × (1 + ceiling) if given."""
    _check(budget_pence, need, previous_pence, floor, ceiling)
    areas = list(need)
    budget = Fraction(budget_pence)
    total_need = sum(Fraction(Decimal(need[a])) for a in areas)
    share = {a: Fraction(Decimal(need[a])) / total_need for a in areas}
    raw = {a: budget * share[a] for a in areas}
    lift = 1 + Fraction(Decimal(floor))
    floors = {a: math.ceil(previous_pence[a] * lift) for a in areas}
    caps = None
    if ceiling is not None:
        rise = 1 + Fraction(Decimal(ceiling))
        caps = {a: max(floors[a], math.floor(previous_pence[a] * rise)) for a in areas}
    floors_total = sum(floors.values())
    if floors_total > budget_pence:
        return Allocation(feasible=False, pence={}, scaling_factor=None, floors_pence=floors_total,
                          shortfall_pence=floors_total - budget_pence,
                          reason="The floors cost more than the budget")
    if caps is not None and sum(caps.values()) < budget_pence:
        return Allocation(feasible=False, pence={}, scaling_factor=None, floors_pence=floors_total,
                          reason="The ceilings leave part of the budget that no area may take")
    gain = {a: raw[a] - floors[a] for a in areas if raw[a] > floors[a]}
    capped: set[str] = set()
    while True:
        free = [a for a in gain if a not in capped]
        fixed = sum((Fraction(caps[a]) for a in capped), Fraction(0)) if caps else Fraction(0)
        fixed += sum(Fraction(floors[a]) for a in areas if a not in capped)
        denominator = sum((gain[a] for a in free), Fraction(0))
        if denominator == 0:
            factor = Fraction(1)
            if fixed != budget:
                return Allocation(feasible=False, pence={}, scaling_factor=None, floors_pence=floors_total,
                                  reason="The ceilings leave part of the budget that no area may take")
            break
        factor = (budget - fixed) / denominator
        newly = {a for a in free if caps and floors[a] + factor * gain[a] > caps[a]}
        if not newly:
            break
        capped |= newly
    if factor > 1:
        return Allocation(feasible=False, pence={}, scaling_factor=None, floors_pence=floors_total,
                          reason="The ceilings leave part of the budget that no area may take")
    exact = {}
    for a in areas:
        if a in capped:
            exact[a] = Fraction(caps[a])
        elif a in gain:
            exact[a] = floors[a] + factor * gain[a]
        else:
            exact[a] = Fraction(floors[a])
    pence = _round_to_pennies(exact, budget_pence, caps, areas)
    lines = {}
    for a in areas:
        raw_pence = int((raw[a] + Fraction(1, 2)) // 1)
        lines[a] = Line(need_share=_decimal(share[a], 6), raw_pence=raw_pence, previous_pence=previous_pence[a],
                        floor_pence=floors[a], top_up_pence=max(0, floors[a] - raw_pence),
                        scaled_gain_pence=pence[a] - floors[a], pence=pence[a])
    return Allocation(feasible=True, pence=pence, scaling_factor=_decimal(factor), lines=lines,
                      floors_pence=floors_total, exact_pence=exact)


def _round_to_pennies(exact: Mapping[str, Fraction], budget_pence: int, caps: Mapping[str, int] | None,
                      areas: list[str]) -> dict[str, int]:
    """Whole pennies adding up to the budget: each area's exact amount rounded down, then each penny
    left over (fewer than one per area) to the area that would earn it at the lowest multiple of its
    exact amount (the divisor method), ties to the area given first. An area whose exact amount grows
    while no other's does never loses a penny by it, which rounding the rest onto one area cannot
    promise."""
    pence = {a: math.floor(exact[a]) for a in areas}
    order = {a: i for i, a in enumerate(areas)}
    for _ in range(budget_pence - sum(pence.values())):
        open_ = [a for a in areas if exact[a] > 0 and (caps is None or pence[a] < caps[a])]
        best = min(open_, key=lambda a: ((pence[a] + 1) / exact[a], order[a]))
        pence[best] += 1
    return pence


def need_weights(indicators: Mapping[str, Mapping[str, Decimal]], weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Each area's need: the weighted sum of its share of each indicator (population 65+, 85+...),
    so indicators counted in different units weigh as the weights say, not as their sizes do."""
    totals = {name: sum(Decimal(values.get(name, 0)) for values in indicators.values()) for name in weights}
    out = {}
    for area, values in indicators.items():
        score = Decimal(0)
        for name, weight in weights.items():
            if totals[name] > 0:
                score += Decimal(weight) * Decimal(values.get(name, 0)) / totals[name]
        out[area] = score
    return out
