"""The demand forecast from the real ONS 2022-based projection, and market concentration."""
from decimal import Decimal as D

from commissioning.intelligence.domain.forecast import age_band, forecast, read_projection, totals, wilson
from commissioning.intelligence.domain.market import check_beds, concentration_label, hhi, largest_share

from .conftest import DATA

SNPP = DATA / "ons" / "snpp2022_derby_persons_single_year_of_age.csv"


def test_the_real_projection_reads_with_onss_check_values():
    projection = read_projection(SNPP.read_text())
    assert projection.base_year == 2022
    assert projection.by_year[2022][65] == D("2361.000")
    over_65 = sum(v for age, v in projection.by_year[2047].items() if age >= 65)
    assert round(over_65) == 58126
    assert round(projection.band_total(2047, "85 and over")) == 10945


def test_demand_grows_with_the_projected_population_at_todays_rate_for_ten_years():
    projection = read_projection(SNPP.read_text())
    points = forecast({"85 and over": 625}, projection, years=10)
    oldest = [p for p in points if p.band == "85 and over"]
    assert [p.year for p in oldest] == list(range(2022, 2033))
    assert oldest[0].central == 625
    rate = D(625) / projection.band_total(2022, "85 and over")
    assert oldest[-1].central == (rate * projection.band_total(2032, "85 and over")).quantize(D(1))
    assert all(p.low < p.central < p.high for p in oldest)
    assert totals(points)[0].central == 625


def test_the_range_is_wider_when_fewer_people_are_counted():
    few_low, few_high = wilson(5, D(1000))
    many_low, many_high = wilson(500, D(100000))
    assert (few_high - few_low) / 0.005 > (many_high - many_low) / 0.005


def test_age_bands():
    assert [age_band(a) for a in (17, 18, 64, 65, 84, 85, 101)] == [
        None, "18 to 64", "18 to 64", "65 to 74", "75 to 84", "85 and over", "85 and over"]


def test_concentration_of_a_market():
    assert hhi({"a": 50, "b": 50}) == 5000
    assert hhi({str(i): 1 for i in range(20)}) == 500
    assert hhi({}) is None
    assert largest_share({"a": 60, "b": 30, "c": 10}) == D("60.0")
    assert largest_share({"a": 60, "b": 30, "c": 10}, top=2) == D("90.0")
    assert concentration_label(D(999)) == "Unconcentrated"
    assert concentration_label(D(2000)) == "Moderately concentrated"
    assert concentration_label(D(2001)) == "Highly concentrated"


def test_occupied_beds_cannot_exceed_the_maximum():
    assert check_beds(10, 10) == []
    assert check_beds(10, 11) == ["Occupied beds must not be more than the maximum beds"]


def test_more_people_counted_than_the_population_gives_a_range_not_an_error():
    low, high = wilson(120, D(100))
    assert 0 < low <= 1 and high >= 1
