"""Delivery within the contract value, as pure functions over integer pence (ADR 0026)."""
import calendar
from dataclasses import dataclass
from datetime import date, timedelta

NEAR_PERCENT = 80
OVER_PERCENT = 100


def term_end(start: date, months: int) -> date:
    """The last day of a term of `months` from `start`: the day before the same date that many months later."""
    month = start.month - 1 + months
    year = start.year + month // 12
    month = month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) - timedelta(days=1)


def annual_value(value_pence: int, start: date, end: date) -> int:
    """A term's value a year: the value over the term shared over its days, times 365, in whole pence
    (rounded down); a term of a year or less is its whole value."""
    days = (end - start).days + 1
    if days <= 365:
        return value_pence
    return value_pence * 365 // days


def commissioned(weekly_cost_pence: int, start: date, contract_end: date) -> int:
    """What one call-off commits the council to: its weekly cost for each whole week from its start to
    the end of the contract it is called off (none when it starts after the end)."""
    days = (contract_end - start).days + 1
    return weekly_cost_pence * (days // 7) if days > 0 else 0


def forecast_to_end(*, paid_pence: int, weekly_run_rate_pence: int, today: date, end: date) -> int:
    """The spend the contract will reach by its end: what is paid so far, plus the weekly cost of the
    call-offs now running for each whole week left in the term."""
    days_left = (end - today).days
    return paid_pence + (weekly_run_rate_pence * (days_left // 7) if days_left > 0 else 0)


@dataclass(frozen=True)
class Delivery:
    """A contract's spend against its value: the percent used (whole, rounded down) and the alert."""

    value_pence: int
    commissioned_pence: int
    paid_pence: int
    forecast_pence: int

    @property
    def used_percent(self) -> int | None:
        """The larger of commissioned and forecast spend as a whole percent of the value (None for no value)."""
        if not self.value_pence:
            return None
        return max(self.commissioned_pence, self.forecast_pence) * 100 // self.value_pence

    @property
    def alert(self) -> str:
        """"over" when spend reaches 100% of the value, "near" from 80%, "" below."""
        return alert_level(self.value_pence, max(self.commissioned_pence, self.forecast_pence))


def alert_level(value_pence: int, spend_pence: int) -> str:
    """The alert for spend against a value: "over" at 100% or more, "near" at 80% or more, "" below;
    compared in whole pence, so £80.00 of £100.00 is near and £79.99 is not."""
    if value_pence <= 0:
        return "over" if spend_pence > 0 else ""
    if spend_pence * 100 >= value_pence * OVER_PERCENT:
        return "over"
    if spend_pence * 100 >= value_pence * NEAR_PERCENT:
        return "near"
    return ""
