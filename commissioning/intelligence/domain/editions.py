"""What changed between two editions of the Market Position Statement.

Each edition keeps its figures as plain data (key, label, value, unit, and for benchmarks the band
and arrow). Comparing the new edition with the last gives, for every figure of the new one, the value
then and now, the direction of the change, and the band then and now; figures new in this edition,
and those no longer shown, are listed as such.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .bands import ARROWS, shift


@dataclass(frozen=True)
class Change:
    """One figure's change since the last edition."""

    key: str
    label: str
    unit: str
    before: Decimal | None
    after: Decimal | None
    band_before: str
    band_after: str
    direction: str  # "up", "down", "level", "new" or "gone"

    @property
    def arrow(self) -> str:
        return ARROWS.get(self.direction, "")


def _value(figure: dict) -> Decimal | None:
    value = figure.get("value")
    return None if value in (None, "") else Decimal(str(value))


def compare(previous: list[dict], current: list[dict], *, tolerance_percent: Decimal = Decimal(0)) -> list[Change]:
    """Every figure of `current` against the same key in `previous`, then those `previous` had alone."""
    before = {f["key"]: f for f in previous}
    changes = []
    for figure in current:
        old = before.get(figure["key"])
        after = _value(figure)
        if old is None:
            changes.append(Change(figure["key"], figure["label"], figure.get("unit", ""), None, after, "",
                                  figure.get("band", ""), "new"))
            continue
        was = _value(old)
        direction = shift(after, was, tolerance_percent=tolerance_percent) or ("level" if after == was else "new")
        changes.append(Change(figure["key"], figure["label"], figure.get("unit", ""), was, after,
                              old.get("band", ""), figure.get("band", ""), direction))
    keys = {f["key"] for f in current}
    changes += [Change(f["key"], f["label"], f.get("unit", ""), _value(f), None, f.get("band", ""), "", "gone")
                for f in previous if f["key"] not in keys]
    return changes
