"""Working days in England: Monday to Friday, less English bank holidays.

Bank holidays come from the GOV.UK list shipped with `govuk-bank-holidays` (offline data, with
proclamations such as coronations). For years past that list, they are computed from the rules
of the Banking and Financial Dealings Act 1971 as applied in England and Wales: New Year's Day,
Good Friday, Easter Monday, the first and last Mondays of May, the last Monday of August,
Christmas Day and Boxing Day, with weekend days moved to the next weekdays.
"""
from datetime import date, timedelta
from functools import lru_cache

from govuk_bank_holidays.bank_holidays import BankHolidays


def easter_sunday(year: int) -> date:
    """Easter Sunday (Gregorian calendar, anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    d = date(year, month, 1)
    return d + timedelta(days=(7 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    d = nxt - timedelta(days=1)
    return d - timedelta(days=d.weekday())


def computed_bank_holidays(year: int) -> set[date]:
    """England and Wales bank holidays by the standing rules (no one-off proclamations)."""
    easter = easter_sunday(year)
    days = {
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    }
    new_year = date(year, 1, 1)
    days.add(new_year + timedelta(days={5: 2, 6: 1}.get(new_year.weekday(), 0)))
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: Monday and Tuesday
        days |= {date(year, 12, 27), date(year, 12, 28)}
    elif christmas.weekday() == 6:  # Sunday: Boxing Day Monday, Christmas Tuesday
        days |= {boxing, date(year, 12, 27)}
    elif christmas.weekday() == 4:  # Friday: Boxing Day moves to Monday
        days |= {christmas, date(year, 12, 28)}
    else:
        days |= {christmas, boxing}
    return days


@lru_cache(maxsize=1)
def _published() -> tuple[dict[int, frozenset[date]], int]:
    holidays = BankHolidays(use_cached_holidays=True).get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    by_year: dict[int, set[date]] = {}
    for h in holidays:
        by_year.setdefault(h["date"].year, set()).add(h["date"])
    return {y: frozenset(d) for y, d in by_year.items()}, max(by_year)


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """English bank holidays of a year: the published list where it covers the year, else computed."""
    published, last_year = _published()
    if year in published and year <= last_year and len(published[year]) >= 8:
        return published[year]
    return frozenset(computed_bank_holidays(year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself is not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative if `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))
