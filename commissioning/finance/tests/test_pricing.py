"""Pricing without a database: weekly costs, enhanced rates, uplifts and finance weeks."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from commissioning.brokerage.domain import ranking
from commissioning.finance.domain.pricing import enhanced_rate, half_up, monday, uplifted, weekly_cost_pence


@dataclass
class Criterion:
    kind: str
    amount: Decimal


def test_a_bed_costs_its_weekly_rate_and_hours_cost_rate_times_hours_half_up():
    assert weekly_cost_pence(80_000, counts_beds=True, hours_per_week=None) == 80_000
    assert weekly_cost_pence(2245, counts_beds=False, hours_per_week=Decimal("7.5")) == 16_838  # 16,837.5
    assert weekly_cost_pence(2200, counts_beds=False, hours_per_week=Decimal(10)) == 22_000


def test_brokerage_ranks_on_the_same_weekly_cost_finance_prices_with():
    assert ranking.weekly_cost_pence is weekly_cost_pence


def test_additions_come_before_uplifts_whatever_order_the_criteria_were_chosen_in():
    add, uplift = Criterion("addition", Decimal(300)), Criterion("percent", Decimal(10))
    assert enhanced_rate(2200, [add, uplift]) == enhanced_rate(2200, [uplift, add]) == 2750


def test_uplifts_and_pennies_round_half_up():
    assert uplifted(2200, Decimal("5.29")) == 2316  # 2316.38
    assert half_up(Decimal("250.5")) == 251 and half_up(Decimal("250.49")) == 250


def test_a_finance_week_starts_on_the_monday():
    assert monday(date(2026, 11, 29)) == date(2026, 11, 23) == monday(date(2026, 11, 23))
