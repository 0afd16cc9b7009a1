"""Bands and shift arrows, as in the 2014 value-for-money report (Derby, seed 000, para 4.17-4.18).

A council's band is read from its position in its comparator group: the councils' values are put
in order, the lowest at position 0 and the highest at 100, and a council with rank r of n (ties
share the lower rank) sits at 100 × (r − 1) / (n − 1). The bands are a configuration: an ordered
list of labels, each with the highest position it covers (inclusive), the last covering 100; the
default is six equal bands (Very Low, Low, Average/Low, Average, Average/High, High). The shift
arrow compares a value with the previous year's: within a tolerance (a percentage of last year's
value, inclusive) the arrow is level, above it up, below it down. A group of one has no position.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
UP, DOWN, LEVEL = "up", "down", "level"
ARROWS = {UP: "↑", DOWN: "↓", LEVEL: "→"}
ARROW_WORDS = {UP: "up on the year before", DOWN: "down on the year before", LEVEL: "about the same as the year before"}


@dataclass(frozen=True)
class Band:
    """A band's label and the highest position in the group (0 to 100, inclusive) it covers."""

    label: str
    upto: Decimal


def _sixth(k: int) -> Decimal:
    return (HUNDRED * k / 6).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


DEFAULT_BANDS = (Band("Very Low", _sixth(1)), Band("Low", _sixth(2)), Band("Average/Low", _sixth(3)),
                 Band("Average", _sixth(4)), Band("Average/High", _sixth(5)), Band("High", HUNDRED))


def check_bands(bands: Sequence[Band]) -> list[str]:
    """What is wrong with a band configuration: labels given, positions rising, the last at 100."""
    problems = []
    if not bands:
        return ["Enter at least one band"]
    previous = Decimal(-1)
    for band in bands:
        if not band.label.strip():
            problems.append("Enter a label for every band")
        if band.upto <= previous:
            problems.append(f"The band “{band.label}” must end higher in the group than the band before it")
        previous = band.upto
    if bands[-1].upto != HUNDRED:
        problems.append("The last band must end at 100, the highest in the group")
    return problems


def position(value: Decimal, group: Sequence[Decimal]) -> Decimal | None:
    """Where `value` sits among the group's values (which include it), 0 lowest to 100 highest."""
    if len(group) < 2:
        return None
    rank = sum(1 for other in group if other < value) + 1
    return (HUNDRED * (rank - 1) / (len(group) - 1)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def band_for(place: Decimal | None, bands: Sequence[Band] = DEFAULT_BANDS) -> str:
    """The label of the first band whose upper position reaches `place`; "" without a position."""
    if place is None:
        return ""
    for band in bands:
        if place <= band.upto:
            return band.label
    return bands[-1].label


def shift(current: Decimal | None, previous: Decimal | None, *, tolerance_percent: Decimal = Decimal(1)) -> str:
    """Up, down or level against last year; "" when either year has no value."""
    if current is None or previous is None:
        return ""
    if previous == 0:
        return LEVEL if current == 0 else UP if current > 0 else DOWN
    change = (current - previous) * HUNDRED / abs(previous)
    if abs(change) <= tolerance_percent:
        return LEVEL
    return UP if change > 0 else DOWN


def median(values: Sequence[Decimal]) -> Decimal | None:
    """The middle value (the mean of the two middle ones for an even count), to the penny."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    middle = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return middle.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
