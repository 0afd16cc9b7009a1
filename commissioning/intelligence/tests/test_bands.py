"""Bands by position in the comparator group and shift arrows, at their edges (seed 000's tables)."""
from decimal import Decimal as D

import pytest

from commissioning.intelligence.domain.bands import (
    DEFAULT_BANDS,
    DOWN,
    LEVEL,
    UP,
    Band,
    band_for,
    check_bands,
    median,
    position,
    shift,
)

SEVEN = [D(v) for v in (100, 200, 300, 400, 500, 600, 700)]


@pytest.mark.parametrize(("value", "place", "band"), [
    (D(100), D(0), "Very Low"), (D(200), D("16.67"), "Very Low"), (D(300), D("33.33"), "Low"),
    (D(400), D(50), "Average/Low"), (D(500), D("66.67"), "Average"), (D(600), D("83.33"), "Average/High"),
    (D(700), D(100), "High"),
])
def test_the_council_is_banded_by_its_position_in_the_group(value, place, band):
    assert position(value, SEVEN) == place
    assert band_for(position(value, SEVEN)) == band


def test_a_position_on_a_band_edge_belongs_to_the_lower_band_and_just_above_it_to_the_next():
    low = [b for b in DEFAULT_BANDS if b.label == "Low"][0]
    assert band_for(low.upto) == "Low"
    assert band_for(low.upto + D("0.01")) == "Average/Low"
    assert band_for(D(0)) == "Very Low"
    assert band_for(D(100)) == "High"


def test_ties_share_the_lower_position():
    assert position(D(5), [D(5), D(5), D(9)]) == D(0)


def test_a_group_of_one_has_no_position_and_no_band():
    assert position(D(5), [D(5)]) is None
    assert band_for(None) == ""


def test_configured_bands_are_used():
    three = [Band("Low", D(25)), Band("Average", D(75)), Band("High", D(100))]
    assert [band_for(position(v, SEVEN), three) for v in SEVEN] == [
        "Low", "Low", "Average", "Average", "Average", "High", "High"]


@pytest.mark.parametrize(("current", "previous", "arrow"), [
    (D("101.00"), D(100), LEVEL), (D("99.00"), D(100), LEVEL), (D("101.01"), D(100), UP),
    (D("98.99"), D(100), DOWN), (D(100), D(100), LEVEL),
])
def test_the_shift_is_level_within_the_tolerance_inclusive(current, previous, arrow):
    assert shift(current, previous, tolerance_percent=D(1)) == arrow


def test_no_arrow_without_last_years_figure():
    assert shift(D(5), None) == ""
    assert shift(None, D(5)) == ""


def test_bands_must_rise_to_100_with_labels():
    assert check_bands(DEFAULT_BANDS) == []
    problems = check_bands([Band("Low", D(50)), Band("", D(40))])
    assert "Enter a label for every band" in problems
    assert any("must end higher" in p for p in problems)
    assert "The last band must end at 100, the highest in the group" in problems
    assert check_bands([]) == ["Enter at least one band"]


def test_median_of_odd_and_even_groups():
    assert median([D(3), D(1), D(2)]) == D(2)
    assert median([D(1), D(2), D(3), D(4)]) == D("2.50")
    assert median([]) is None
