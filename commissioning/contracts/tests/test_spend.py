"""Delivery within the contract value: spend rolls up from call-offs to the list to the department,
exactly to the penny, and the lead commissioner is told at 80% and 100% of the value."""
from datetime import date

import pytest
from django.urls import reverse

from commissioning.core.home import work_for
from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers.tests.factories import ProviderFactory

from ..domain.spend import Delivery, alert_level, annual_value, commissioned, forecast_to_end, term_end
from ..selectors import deliveries, directorate_spend
from .factories import ContractFactory, call_off, directorate, paid_lines


def test_a_term_ends_the_day_before_the_same_date_months_later():
    assert term_end(date(2026, 4, 1), 12) == date(2027, 3, 31)
    assert term_end(date(2024, 1, 31), 1) == date(2024, 2, 28)  # 29 February is the last day of the month


def test_a_value_a_year_shares_the_term_value_by_day_in_whole_pence():
    assert annual_value(300_000_00, date(2026, 4, 1), date(2027, 3, 31)) == 300_000_00
    assert annual_value(1_000_01, date(2026, 1, 1), date(2027, 12, 31)) == 1_000_01 * 365 // 730


def test_a_call_off_commits_its_weekly_cost_for_each_whole_week_to_the_contract_end():
    assert commissioned(1_000_00, date(2026, 4, 6), date(2026, 4, 19)) == 2_000_00
    assert commissioned(1_000_00, date(2026, 4, 6), date(2026, 4, 18)) == 1_000_00  # 13 days: one whole week
    assert commissioned(1_000_00, date(2026, 5, 1), date(2026, 4, 30)) == 0


def test_the_forecast_adds_the_running_weekly_cost_to_what_is_paid():
    assert forecast_to_end(paid_pence=5_000_00, weekly_run_rate_pence=250_00, today=date(2026, 4, 1),
                           end=date(2026, 4, 29)) == 5_000_00 + 4 * 250_00
    assert forecast_to_end(paid_pence=5_000_00, weekly_run_rate_pence=250_00, today=date(2026, 5, 1),
                           end=date(2026, 4, 29)) == 5_000_00


@pytest.mark.parametrize(("spend", "alert"), [(79_99, ""), (80_00, "near"), (99_99, "near"), (100_00, "over"),
                                              (150_00, "over")])
def test_alerts_come_at_80_and_100_percent_of_the_value_to_the_penny(spend, alert):
    assert alert_level(100_00, spend) == alert
    assert Delivery(value_pence=100_00, commissioned_pence=spend, paid_pence=0, forecast_pence=0).alert == alert


@pytest.mark.django_db
def test_spend_rolls_up_exactly_from_call_offs_to_the_list_to_its_department(administrator):
    home_care = OpenListFactory(market_area_id="home_care", estimated_value_pence=10_000_00,
                                start_date=date(2026, 4, 1), term_months=12)
    second = OpenListFactory(market_area_id="care_homes", estimated_value_pence=5_000_00,
                             start_date=date(2026, 4, 1), term_months=12)
    alder, birch = ProviderFactory(), ProviderFactory()
    a = call_off(home_care, provider=alder, weekly_cost_pence=123_45, start=date(2026, 4, 6), by=administrator)
    b = call_off(home_care, provider=birch, weekly_cost_pence=67_89, start=date(2027, 3, 1), by=administrator)
    c = call_off(second, provider=alder, weekly_cost_pence=33_33, start=date(2026, 4, 6), by=administrator)
    call_off(home_care, provider=birch, weekly_cost_pence=99_99, status="declined", by=administrator)
    paid_lines(alder, [(a, 1_234_57), (c, 333_33)])
    paid_lines(birch, [(b, 67_89)])
    paid_lines(birch, [(b, 1_000_00)], status="approved", period_start=date(2026, 11, 2))  # not paid yet

    spend = deliveries([home_care.register_entry, second.register_entry], today=date(2026, 12, 1))
    end = date(2027, 3, 31)
    first = spend[home_care.register_entry.pk]
    assert first.commissioned_pence == commissioned(123_45, date(2026, 4, 6), end) + commissioned(
        67_89, date(2027, 3, 1), end)
    assert first.paid_pence == 1_234_57 + 67_89
    assert spend[second.register_entry.pk].paid_pence == 333_33

    rows = {row["directorate"].name: row for row in directorate_spend(user=administrator, today=date(2026, 12, 1))}
    adults = rows["Adult Social Care"]
    assert adults["paid_pence"] == 1_234_57 + 67_89 + 333_33
    assert adults["commissioned_pence"] == first.commissioned_pence + spend[second.register_entry.pk].commissioned_pence
    assert adults["value_pence"] == 15_000_00


@pytest.mark.django_db
def test_the_lead_commissioner_is_told_of_their_contracts_at_80_and_100_percent(client_for, make_user,
                                                                               administrator):
    lead = make_user("lead_commissioner", market_area_id="home_care")
    approved_list = OpenListFactory(market_area_id="home_care", lead_commissioner=lead, estimated_value_pence=1_000_00,
                                    start_date=date(2026, 4, 1), term_months=120)
    agreement = call_off(approved_list, provider=ProviderFactory(), weekly_cost_pence=0, by=administrator)
    paid_lines(agreement.provider, [(agreement, 850_00)])
    ContractFactory(lead_commissioner=lead, value_pence=100_00, annual_value_pence=100_00)  # no spend: no alert
    items = {item.text: item.count for item in work_for(lead)}
    assert items["Contracts you lead whose spend has reached 80% of their value"] == 1
    assert "Contracts you lead whose spend has reached their value" not in items or not items[
        "Contracts you lead whose spend has reached their value"]
    page = client_for(lead).get(reverse("core:home")).content.decode()
    assert "Contracts you lead whose spend has reached 80% of their value" in page
    detail = client_for(lead).get(approved_list.register_entry.get_absolute_url()).content.decode()
    assert "Spend has reached 80% of the contract value" in detail and "£850" in detail
    assert directorate("Adult Social Care") == approved_list.register_entry.directorate
