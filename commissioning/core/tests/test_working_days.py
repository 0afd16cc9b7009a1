"""Working days skip weekends and English bank holidays (no database needed)."""
from datetime import date

import pytest

from commissioning.core.domain.working_days import (
    add_working_days,
    bank_holidays,
    computed_bank_holidays,
    easter_sunday,
    is_working_day,
    working_days_between,
)


def test_ten_working_days_over_christmas_skip_the_bank_holidays():
    # Thu 17 Dec 2026 + 10 working days skips Fri 25 Dec, Mon 28 Dec (Boxing Day substitute) and 1 Jan.
    assert add_working_days(date(2026, 12, 17), 10) == date(2027, 1, 5)


def test_a_submission_on_friday_counts_from_monday():
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)


def test_easter_weekend_is_not_working_time():
    assert not is_working_day(date(2027, 3, 26))  # Good Friday 2027
    assert not is_working_day(date(2027, 3, 29))  # Easter Monday 2027
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_the_computed_rules_match_the_published_list():
    for year in (2019, 2021, 2024, 2025, 2026, 2027, 2028):
        published = bank_holidays(year)
        computed = computed_bank_holidays(year)
        # Published years may add one-off days (e.g. 2022's Jubilee); the rules cover the rest.
        assert computed <= published or year in (2020,), year


def test_years_past_the_published_list_are_computed():
    assert date(2030, 12, 25) in bank_holidays(2030)
    assert date(2030, 4, 19) in bank_holidays(2030)  # Good Friday 2030
    assert easter_sunday(2030) == date(2030, 4, 21)


def test_working_days_between_counts_forward_and_back():
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 27)) == 5
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 20)) == -5


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 1), -1)
