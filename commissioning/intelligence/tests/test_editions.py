"""The snapshot comparison between two editions of the Market Position Statement."""
from decimal import Decimal as D

from commissioning.intelligence.domain.editions import compare


def _f(key, value, band="", unit="people"):
    return {"key": key, "label": key.title(), "value": value, "unit": unit, "band": band}


def test_each_figure_shows_its_value_band_and_arrow_since_the_last_edition():
    previous = [_f("placed", "100"), _f("beds", "500"), _f("cost", "582.60", "Low"), _f("gone", "3")]
    current = [_f("placed", "120"), _f("beds", "500"), _f("cost", "560.00", "Very Low"), _f("new", "7")]

    changes = {c.key: c for c in compare(previous, current)}

    assert (changes["placed"].before, changes["placed"].after, changes["placed"].arrow) == (D(100), D(120), "↑")
    assert changes["beds"].direction == "level" and changes["beds"].arrow == "→"
    assert (changes["cost"].band_before, changes["cost"].band_after, changes["cost"].arrow) == ("Low", "Very Low",
                                                                                                 "↓")
    assert changes["new"].direction == "new" and changes["new"].before is None
    assert changes["gone"].direction == "gone" and changes["gone"].after is None


def test_a_figure_not_available_then_or_now_has_no_arrow():
    changes = compare([_f("x", None)], [_f("x", "4")])
    assert changes[0].direction == "new" and changes[0].arrow == ""
