"""Calendar arithmetic of contract management: months ahead for meetings and re-audits, and the
periods of a KPI with the deadline of each return.

A KPI is reported monthly or quarterly; quarters start in January, April, July and October. A
period's return is due `days_to_submit` days after the period ends. Adding months keeps the day of
the month where it exists and otherwise takes the month's last day (31 January + 1 month is
28 or 29 February). Pure functions over dates: no framework imports.
"""
import calendar
from collections.abc import Iterator
from datetime import date, timedelta

MONTHLY, QUARTERLY = "monthly", "quarterly"


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clipped to the end of a shorter month."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_in(period: str) -> int:
    """A quarterly KPI period is three months, a monthly one one."""
    return 3 if period == QUARTERLY else 1


def is_period_start(period: str, day: date) -> bool:
    """A period starts on the first of a month (of January, April, July or October when quarterly)."""
    return day.day == 1 and (day.month - 1) % months_in(period) == 0


def period_end(period: str, start: date) -> date:
    """The last day of the period that starts on `start`."""
    return add_months(start, months_in(period)) - timedelta(days=1)


def return_due(period: str, start: date, days_to_submit: int) -> date:
    """The return for a period is due `days_to_submit` days after the period ends."""
    return period_end(period, start) + timedelta(days=days_to_submit)


def ended_periods(period: str, since: date, today: date) -> Iterator[date]:
    """The starts of every period from the one containing `since` that has ended before `today`."""
    step = months_in(period)
    start = date(since.year, since.month - (since.month - 1) % step, 1)
    while period_end(period, start) < today:
        yield start
        start = add_months(start, step)
