"""Measures from the same events as the return, for the council's own year before the national
publication: ASCOF 3D (of the people aged 18 and over in long-term community support at the year's
end, the share who get a direct payment) and the people in long-term support at the year's end by
setting (Service Type) and primary support reason. A person is counted once in a count; a person in
two settings is counted in each, and once in the total."""
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from .checks import _years_before

COMMUNITY = "Long term support: Community"
DIRECT_PAYMENT = "Direct payment"


def year_end(financial_year: int) -> date:
    """The council's year 2026 runs from 1 April 2026 to 31 March 2027."""
    return date(financial_year + 1, 3, 31)


def financial_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


@dataclass(frozen=True)
class Measures:
    on: date
    dp_people: int
    community_people: int
    by_setting: list[tuple[str, int]]
    by_reason: list[tuple[str, int]]
    long_term_people: int

    @property
    def ascof_3d(self) -> Decimal | None:
        """The share as a percentage to one decimal place, or None when no one is in community support."""
        if not self.community_people:
            return None
        return (Decimal(self.dp_people) * 100 / self.community_people).quantize(Decimal("0.1"), ROUND_HALF_UP)


def long_term_on(events: pl.DataFrame, on: date) -> pl.DataFrame:
    """Service events of long-term support open on `on`."""
    return events.filter((pl.col("event_type") == "Service")
                         & pl.col("service_type").str.starts_with("Long term support")
                         & (pl.col("event_start") <= on)
                         & (pl.col("event_end").is_null() | (pl.col("event_end") >= on)))


def measures(events: pl.DataFrame, *, on: date) -> Measures:
    """The measures at `on` (the year's end, or today while the year runs)."""
    long_term = long_term_on(events, on)
    adults = long_term.filter(pl.col("date_of_birth").is_not_null()
                              & (pl.col("date_of_birth") <= _years_before(on, 18)))
    community = adults.filter(pl.col("service_type") == COMMUNITY)
    with_dp = community.filter(pl.col("delivery_mechanism") == DIRECT_PAYMENT)

    def counts(column: str) -> list[tuple[str, int]]:
        grouped = (long_term.with_columns(pl.col(column).fill_null("").replace("", "Not recorded"))
                   .group_by(column).agg(pl.col("person_ref").n_unique().alias("people")).sort(column))
        return [(r[column], r["people"]) for r in grouped.iter_rows(named=True)]

    return Measures(on=on, dp_people=with_dp["person_ref"].n_unique(),
                    community_people=community["person_ref"].n_unique(), by_setting=counts("service_type"),
                    by_reason=counts("primary_support_reason"), long_term_people=long_term["person_ref"].n_unique())
