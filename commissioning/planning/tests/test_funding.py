"""The funding formula: the budget shared to the penny, every floor met, more need never less money,
and floors that cannot be afforded reported rather than clamped."""
import math
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from commissioning.planning.domain.funding import allocate, need_weights

AREAS = ["North", "South", "East", "West", "Central"]


@st.composite
def cases(draw, with_ceiling=False):
    n = draw(st.integers(min_value=1, max_value=5))
    areas = AREAS[:n]
    need = {a: Decimal(draw(st.integers(min_value=0, max_value=10_000))) / 100 for a in areas}
    assume(sum(need.values()) > 0)
    previous = {a: draw(st.integers(min_value=0, max_value=50_000_000)) for a in areas}
    floor = Decimal(draw(st.integers(min_value=-100, max_value=100))) / 1000
    budget = draw(st.integers(min_value=0, max_value=300_000_000))
    ceiling = None
    if with_ceiling:
        ceiling = floor + Decimal(draw(st.integers(min_value=0, max_value=500))) / 1000
    return {"budget_pence": budget, "need": need, "previous_pence": previous, "floor": floor, "ceiling": ceiling}


@settings(max_examples=150, deadline=None)
@given(cases())
def test_allocations_add_up_to_the_budget_and_meet_every_floor(case):
    result = allocate(**case)
    floors_total = sum(-(-p * (1000 + int(case["floor"] * 1000)) // 1000) for p in case["previous_pence"].values())
    if not result.feasible:
        assert floors_total > case["budget_pence"]
        assert result.shortfall_pence == floors_total - case["budget_pence"]
        assert result.pence == {}
        return
    assert sum(result.pence.values()) == case["budget_pence"]
    assert Decimal(0) <= result.scaling_factor <= Decimal(1)
    for area, pence in result.pence.items():
        assert pence >= case["previous_pence"][area] * (1 + case["floor"])
        line = result.lines[area]
        assert line.floor_pence + line.scaled_gain_pence == pence


@settings(max_examples=150, deadline=None)
@given(cases(with_ceiling=True))
def test_a_ceiling_is_never_passed_and_the_budget_still_balances(case):
    result = allocate(**case)
    if not result.feasible:
        assert result.reason
        return
    assert sum(result.pence.values()) == case["budget_pence"]
    for area, pence in result.pence.items():
        previous = case["previous_pence"][area]
        assert previous * (1 + case["floor"]) <= pence
        assert pence <= max(previous * (1 + case["ceiling"]), result.lines[area].floor_pence)


@settings(max_examples=150, deadline=None)
@given(cases(), st.integers(min_value=0, max_value=4), st.integers(min_value=1, max_value=5_000))
def test_more_need_never_means_less_money(case, which, extra):
    areas = list(case["need"])
    area = areas[which % len(areas)]
    before = allocate(**case)
    assume(before.feasible)
    more = {**case, "need": {**case["need"], area: case["need"][area] + Decimal(extra) / 100}}
    after = allocate(**more)
    assert after.feasible
    # The exact amount never falls, so the whole pennies never fall below the whole pennies of the exact
    # amount before; what can be lost is the leftover pennies of rounding (fewer than one per area), since
    # the other areas' exact amounts move too (the apportionment paradoxes).
    assert after.exact_pence[area] >= before.exact_pence[area]
    assert after.pence[area] >= math.floor(before.exact_pence[area])
    assert after.pence[area] > before.pence[area] - len(areas)


def test_more_need_can_lose_a_rounding_penny_but_never_exact_money():
    """The case property testing found: East's exact amount stays at its floor as its need rises from
    nothing, the other areas' exact amounts move, and the last pennies are shared differently."""
    case = {"budget_pence": 10122, "previous_pence": {"North": 0, "South": 30, "East": 10093, "West": 25},
            "need": {"North": Decimal("0.01"), "South": Decimal("0.13"), "East": Decimal(0), "West": Decimal("4.51")},
            "floor": Decimal("-0.039")}
    before = allocate(**case)
    after = allocate(**{**case, "need": {**case["need"], "East": Decimal("0.01")}})
    assert after.exact_pence["East"] == before.exact_pence["East"] == 9700
    assert before.pence["East"] - 1 <= after.pence["East"] <= before.pence["East"]
    assert sum(after.pence.values()) == sum(before.pence.values()) == 10122


def test_a_floor_the_budget_cannot_pay_for_is_reported_with_its_shortfall():
    result = allocate(budget_pence=190_000, need={"A": Decimal(1), "B": Decimal(1)},
                      previous_pence={"A": 100_000, "B": 100_000}, floor=Decimal(0))
    assert not result.feasible
    assert result.shortfall_pence == 10_000
    assert result.reason == "The floors cost more than the budget"
    assert result.scaling_factor is None


def test_gains_above_the_floor_are_scaled_back_to_pay_for_the_top_up():
    # Raw shares: A £75,000, B £25,000. B's floor is £40,000 (a £15,000 top-up), so A's gain of
    # £35,000 above its £40,000 floor is scaled to £20,000: factor 4/7.
    result = allocate(budget_pence=10_000_000, need={"A": Decimal(3), "B": Decimal(1)},
                      previous_pence={"A": 4_000_000, "B": 4_000_000}, floor=Decimal(0))
    assert result.feasible
    assert result.pence == {"A": 6_000_000, "B": 4_000_000}
    assert result.scaling_factor == Decimal("0.5714285714")
    assert result.lines["B"].top_up_pence == 1_500_000
    assert result.lines["A"].raw_pence == 7_500_000
    assert result.lines["A"].scaled_gain_pence == 2_000_000


def test_the_pennies_left_by_rounding_go_by_the_divisor_method_ties_to_the_first_area():
    equal = allocate(budget_pence=100, need={"A": Decimal(1), "B": Decimal(1), "C": Decimal(1)},
                     previous_pence={"A": 0, "B": 0, "C": 0}, floor=Decimal(0))
    assert equal.pence == {"A": 34, "B": 33, "C": 33}
    # Exact shares 50.5, 30.3 and 19.2: rounded down to 50, 30 and 19, the one penny left goes to
    # the area that earns a 51st, 31st or 20th penny at the lowest multiple of its share (A: 51/50.5).
    shares = allocate(budget_pence=100, need={"A": Decimal("50.5"), "B": Decimal("30.3"), "C": Decimal("19.2")},
                      previous_pence={"A": 0, "B": 0, "C": 0}, floor=Decimal(0))
    assert shares.pence == {"A": 51, "B": 30, "C": 19}


def test_a_penny_of_rounding_does_not_move_away_from_the_area_whose_need_rose():
    # The case property testing found: with the remainder put on the last area, West's share fell
    # by a penny when its need rose.
    case = {"budget_pence": 256_182, "previous_pence": {"North": 2, "South": 0, "East": 0, "West": 0},
            "floor": Decimal(0)}
    before = allocate(need={"North": Decimal("0.01"), "South": Decimal(0), "East": Decimal("0.01"),
                            "West": Decimal("1.23")}, **case)
    after = allocate(need={"North": Decimal("0.01"), "South": Decimal(0), "East": Decimal("0.01"),
                           "West": Decimal("1.24")}, **case)
    assert sum(after.pence.values()) == sum(before.pence.values()) == 256_182
    assert after.pence["West"] >= before.pence["West"]


def test_a_ceiling_too_low_to_spend_the_budget_is_infeasible():
    result = allocate(budget_pence=300, need={"A": Decimal(1), "B": Decimal(1)},
                      previous_pence={"A": 100, "B": 100}, floor=Decimal(0), ceiling=Decimal("0.1"))
    assert not result.feasible
    assert "ceilings" in result.reason


@pytest.mark.parametrize("bad, message", [
    ({"budget_pence": -1}, "budget"),
    ({"need": {"A": Decimal(0)}, "previous_pence": {"A": 1}}, "some need"),
    ({"previous_pence": {"B": 1}}, "both"),
    ({"ceiling": Decimal("-0.5")}, "ceiling"),
])
def test_bad_input_is_refused(bad, message):
    case = {"budget_pence": 100, "need": {"A": Decimal(1)}, "previous_pence": {"A": 1}, "floor": Decimal(0), **bad}
    with pytest.raises(ValueError, match=message):
        allocate(**case)


def test_need_weights_share_each_indicator_before_weighting():
    need = need_weights({"A": {"65+": Decimal(100), "85+": Decimal(10)},
                         "B": {"65+": Decimal(300), "85+": Decimal(10)}}, {"65+": Decimal(1), "85+": Decimal(1)})
    assert need == {"A": Decimal("0.75"), "B": Decimal("1.25")}
