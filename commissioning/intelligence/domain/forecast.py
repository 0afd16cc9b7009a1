"""Demand forecast: today's use of care per age band times ONS projected population, with a range.

Method. For each age band, the current use rate is the number of people the council now funds in a
placed package (accepted agreements) divided by the band's population in the projection's base year.
Projected demand in a later year is that rate times the band's projected population. ONS publishes
one principal projection in the stored 2022-based file, so the range comes from the rate itself: the
low and high lines use the 95% Wilson interval of the rate (a proportion of k people in n), which is
wide where few people are counted and narrow where many are. Limits: it assumes each band's rate
stays as it is today (no change in prevalence, eligibility or prevention), and the platform counts
only packages placed through it, not every person the council funds.
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

BANDS = (("18 to 64", 18, 64), ("65 to 74", 65, 74), ("75 to 84", 75, 84), ("85 and over", 85, 200))
Z95 = 1.959964


@dataclass(frozen=True)
class Projection:
    """Projected persons by year and single year of age (90 = "90 and over"), from ONS."""

    area_name: str
    base_year: int
    by_year: dict[int, dict[int, Decimal]]

    def band_total(self, year: int, band: str) -> Decimal:
        _, low, high = next(b for b in BANDS if b[0] == band)
        return sum((v for age, v in self.by_year[year].items() if low <= age <= high), Decimal(0))


@dataclass(frozen=True)
class Point:
    """Projected people needing care in one band and year: central, low and high."""

    year: int
    band: str
    central: Decimal
    low: Decimal
    high: Decimal


def read_projection(text: str) -> Projection:
    """Read an ONS SNPP persons-by-single-year-of-age CSV for one area (the "All ages" row is skipped)."""
    reader = csv.DictReader(io.StringIO(text))
    years = [int(c) for c in (reader.fieldnames or []) if c.isdigit()]
    if not years:
        raise ValueError("The file is not an ONS projection: no year columns")
    by_year: dict[int, dict[int, Decimal]] = {y: {} for y in years}
    area = ""
    for row in reader:
        age_text = row["AGE_GROUP"].strip()
        if age_text == "All ages":
            continue
        age = 90 if age_text.startswith("90") else int(age_text)
        area = row.get("AREA_NAME", area)
        for year in years:
            by_year[year][age] = Decimal(row[str(year)])
    return Projection(area_name=area, base_year=years[0], by_year=by_year)


def age_band(age: int) -> str | None:
    """The band an adult's age falls in; None under 18."""
    return next((name for name, low, high in BANDS if low <= age <= high), None)


def wilson(k: int, n: Decimal) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion k / n. More people counted than the population
    (people placed from outside the area, a projection for the wrong area) is a proportion of 1."""
    n = float(n)
    if n <= 0:
        return 0.0, 0.0
    p = min(k / n, 1.0)
    centre = (p + Z95 ** 2 / (2 * n)) / (1 + Z95 ** 2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n)) / (1 + Z95 ** 2 / n)
    return max(0.0, centre - half), centre + half


def forecast(people_by_band: dict[str, int], projection: Projection, *, years: int = 10) -> list[Point]:
    """People needing care per band and year, from the base year for `years` years on, with a range."""
    points = []
    one = Decimal("1")
    for band, _, _ in BANDS:
        k = people_by_band.get(band, 0)
        base = projection.band_total(projection.base_year, band)
        if base <= 0:
            continue
        rate = Decimal(k) / base
        low, high = (Decimal(str(x)) for x in wilson(k, base))
        for year in sorted(projection.by_year):
            if year > projection.base_year + years:
                break
            population = projection.band_total(year, band)
            points.append(Point(year, band, (rate * population).quantize(one, ROUND_HALF_UP),
                                (low * population).quantize(one, ROUND_HALF_UP),
                                (high * population).quantize(one, ROUND_HALF_UP)))
    return points


def totals(points: list[Point]) -> list[Point]:
    """The bands added together for each year."""
    by_year: dict[int, list[Point]] = {}
    for p in points:
        by_year.setdefault(p.year, []).append(p)
    return [Point(year, "All adults", sum((p.central for p in ps), Decimal(0)), sum((p.low for p in ps), Decimal(0)),
                  sum((p.high for p in ps), Decimal(0))) for year, ps in sorted(by_year.items())]
