"""The council's place among English councils on the Office for Local Government's adult social care
measures: its value, the median of every council that published the measure that year, and its rank.

Oflog's file (one row per council, measure and year: `Financial year`, `Local authority code`,
`Measure`, `Code`, `Value`, `MEDIAN`, `rank_order`) publishes the median but not the rank. The rank is
worked out here: councils with a value for the measure and year are ordered best first, where
`rank_order` says which way is better (`desc`: a higher value is better, such as quality of life);
measures with no better direction (`None`: requests resulting in a service, workforce turnover) are
ordered highest first and say so. Ties share the better rank (1, 2, 2, 4). Blank values are councils that
did not publish and are left out of both the rank and the count. The median is worked out again from the
same values and kept beside Oflog's, so a page can say where they differ.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

HIGHER, NEITHER = "higher", "neither"


@dataclass(frozen=True)
class MeasureYear:
    """One measure in one year for the council: its value, the median, and its rank of those published."""

    code: str
    measure: str
    year: str
    value: Decimal
    median: Decimal | None
    published_median: Decimal | None
    rank: int
    of: int
    better: str

    @property
    def against_median(self) -> str:
        """"above", "below" or "at" the median."""
        if self.median is None or self.value == self.median:
            return "at"
        return "above" if self.value > self.median else "below"


@dataclass
class MeasureHistory:
    """Every year of one measure for the council, oldest first; `latest` is the newest year."""

    code: str
    measure: str
    better: str
    years: list[MeasureYear] = field(default_factory=list)

    @property
    def latest(self) -> MeasureYear:
        return self.years[-1]


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip()) if text and text.strip() else None
    except InvalidOperation:
        return None


def median(values: list[Decimal]) -> Decimal | None:
    """The middle value (the mean of the two middle ones), unrounded: Oflog's measures run to 3 places."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def measure_label(measure: str) -> str:
    """"Outcome, ASC Carer Quality of Life" → "Adult social care carer quality of life"."""
    text = measure.removeprefix("Outcome, ").replace(" : ", ": ").replace("ASC ", "Adult social care ")
    return text[:1].upper() + text[1:].lower()


def rank_of(value: Decimal, values: list[Decimal]) -> int:
    """1 + how many values are higher: ties share the better rank."""
    return 1 + sum(1 for v in values if v > value)


def read_oflog(text: str, *, area_code: str) -> list[MeasureHistory]:
    """Each measure's years for the council `area_code`, ranked among every council with a value."""
    rows = list(csv.DictReader(io.StringIO(text)))
    groups: dict[tuple[str, str], list[dict]] = {}
    better: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in rows:
        groups.setdefault((row["Code"], row["Financial year"]), []).append(row)
        order = (row.get("rank_order") or "").strip().lower()
        if order:
            better.setdefault(row["Code"], HIGHER if order == "desc" else NEITHER)
        names.setdefault(row["Code"], row["Measure"])
    histories: dict[str, MeasureHistory] = {}
    for (code, year), members in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1])):
        own = next((r for r in members if r["Local authority code"] == area_code), None)
        own_value = _decimal(own["Value"]) if own else None
        if own_value is None:
            continue
        values = [v for v in (_decimal(r["Value"]) for r in members) if v is not None]
        history = histories.setdefault(code, MeasureHistory(code, measure_label(names[code]),
                                                           better.get(code, NEITHER)))
        history.years.append(MeasureYear(
            code=code, measure=history.measure, year=year, value=own_value, median=median(values),
            published_median=_decimal(own["MEDIAN"]), rank=rank_of(own_value, values), of=len(values),
            better=history.better))
    return [histories[c] for c in sorted(histories)]
