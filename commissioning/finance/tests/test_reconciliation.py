"""Reconciliation: each rule by hand-checked examples, the refusals, and a property test that the
columnar reconciliation equals the plain per-visit reference on random visits and rule sets, to
the penny and per flag, per visit and per provider-week."""
from datetime import date, datetime, timedelta

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commissioning.finance.domain.reconciliation import (
    DAY_TYPES,
    ROUNDINGS,
    STEPS,
    TIME_BANDS,
    PaymentRules,
    reconcile,
    reconcile_parquet,
)
from commissioning.finance.domain.reference import visit_result, weekly_totals

MONDAY = datetime(2026, 11, 23)
FLAT = {(b, d): 2400 for b in TIME_BANDS for d in DAY_TYPES}  # £24.00 an hour everywhere


def visit(n=1, *, start=None, planned=30, late=0, stayed=30, method="call", missed=False, agreement=1, provider=7):
    start = start or MONDAY.replace(hour=8)
    check_in = None if missed else start + timedelta(minutes=late)
    return {"visit_id": n, "provider_id": provider, "agreement_id": agreement, "carer": "C1",
            "scheduled_start": start, "scheduled_end": start + timedelta(minutes=planned), "check_in": check_in,
            "check_out": None if missed else check_in + timedelta(minutes=stayed), "method": method}


def run(visits, rules, bank_holidays=()):
    return reconcile(pl.DataFrame(visits), [rules] if isinstance(rules, PaymentRules) else rules, bank_holidays)


def paid(stayed, **rule_fields):
    results, _ = run([visit(stayed=stayed)], PaymentRules(agreement_id=1, rates=FLAT, **rule_fields))
    return results["paid_minutes"][0], results["amount_pence"][0]


# Each rule, by hand -----------------------------------------------------------------------------

@pytest.mark.parametrize(("rounding", "step", "stayed", "expected"), [
    ("none", 15, 23, 23), ("up", 15, 23, 30), ("up", 15, 30, 30), ("down", 15, 29, 15), ("down", 5, 29, 25),
    ("nearest", 15, 22, 15), ("nearest", 15, 23, 30), ("nearest", 10, 25, 30), ("nearest", 10, 24, 20),
    ("nearest", 30, 44, 30), ("nearest", 30, 45, 60), ("up", 60, 1, 60), ("down", 60, 59, 0),
])
def test_rounding_modes_and_steps(rounding, step, stayed, expected):
    assert paid(stayed, rounding=rounding, step=step)[0] == expected


def test_planned_basis_pays_the_planned_time_whatever_the_stay():
    assert paid(12, basis="planned") == (30, 1200)


def test_the_cap_is_planned_plus_tolerance_and_the_minimum_is_a_floor():
    assert paid(50, cap_tolerance=5)[0] == 35
    assert paid(50)[0] == 50
    assert paid(8, minimum_minutes=15)[0] == 15


def test_a_missed_visit_pays_nothing_even_with_a_minimum():
    results, _ = run([visit(missed=True)], PaymentRules(agreement_id=1, rates=FLAT, minimum_minutes=15,
                                                        basis="planned"))
    assert results["paid_minutes"][0] == 0 and results["missed"][0] and not results["late"][0]


def test_amounts_round_half_up_to_the_penny():
    # 7 minutes at £21.45 = 250.25p → 250p; 10 minutes at £21.45 = 357.5p → 358p
    rates = dict.fromkeys(FLAT, 2145)
    results, _ = run([visit(1, stayed=7), visit(2, stayed=10)], PaymentRules(agreement_id=1, rates=rates))
    assert results.sort("visit_id")["amount_pence"].to_list() == [250, 358]


def test_time_bands_and_day_types_choose_the_rate():
    rates = dict(FLAT) | {("evening", "weekday"): 2600, ("night", "weekend"): 3000, ("day", "bank_holiday"): 4800}
    christmas = datetime(2026, 12, 25, 9)
    visits = [visit(1, start=MONDAY.replace(hour=20), stayed=60),  # evening weekday
              visit(2, start=datetime(2026, 11, 28, 23), stayed=60),  # Saturday night
              visit(3, start=christmas, stayed=60)]  # bank holiday, a Friday
    results, _ = run(visits, PaymentRules(agreement_id=1, rates=rates), bank_holidays=[date(2026, 12, 25)])
    rows = {r["visit_id"]: r for r in results.to_dicts()}
    assert [rows[i]["amount_pence"] for i in (1, 2, 3)] == [2600, 3000, 4800]
    assert (rows[3]["time_band"], rows[3]["day_type"]) == ("day", "bank_holiday")


def test_late_short_and_manual_flags():
    results, _ = run([visit(1, late=16), visit(2, late=15), visit(3, stayed=22), visit(4, stayed=23),
                      visit(5, method="manual")],
                     PaymentRules(agreement_id=1, rates=FLAT, late_after=15, short_below_percent=75))
    rows = {r["visit_id"]: r for r in results.to_dicts()}
    assert rows[1]["late"] and not rows[2]["late"]
    assert rows[3]["short"] and not rows[4]["short"]  # 22 < 22.5 (75% of 30) ≤ 23
    assert rows[5]["manual"] and not rows[5]["in_home"] and rows[1]["in_home"]


def test_the_week_runs_monday_to_sunday_and_the_in_home_share_meets_its_target():
    sunday = datetime(2026, 11, 29, 8)
    visits = [visit(i, start=MONDAY.replace(hour=8) + timedelta(days=i % 7), method="manual" if i == 1 else "app")
              for i in range(7)] + [visit(9, start=datetime(2026, 11, 30, 8))]
    _, weeks = run(visits, PaymentRules(agreement_id=1, rates=FLAT, in_home_target_percent=90))
    first, second = weeks.sort("week").to_dicts()
    assert first["week"] == date(2026, 11, 23) and first["visits"] == 7 and sunday.date() <= date(2026, 11, 29)
    # 6 of the 7 logged in the home: 85.7%, under the 90% target, so the week is an exception.
    assert first["in_home"] == 6 and not first["meets_in_home_target"] and first["exception"]
    assert second["week"] == date(2026, 11, 30) and second["meets_in_home_target"] and not second["exception"]


def test_a_week_over_the_exception_level_goes_to_brokerage():
    visits = [visit(i, start=MONDAY.replace(hour=8) + timedelta(days=i), late=30 if i < 2 else 0)
              for i in range(7)]
    # 2 of 7 visits late = 28.6%: within a 30% exception level, over a 25% one.
    _, weeks = run(visits, PaymentRules(agreement_id=1, rates=FLAT, exception_percent=30, in_home_target_percent=0))
    assert weeks["flagged"][0] == 2 and not weeks["exception"][0]
    _, weeks = run(visits, PaymentRules(agreement_id=1, rates=FLAT, exception_percent=25, in_home_target_percent=0))
    assert weeks["exception"][0]


@pytest.mark.parametrize(("fields", "message"), [
    ({"rounding": "sideways"}, "rounding must be one of"), ({"step": 7}, "rounding step"),
    ({"basis": "guess"}, "basis must be"), ({"cap_tolerance": -1}, "cannot be negative"),
    ({"in_home_target_percent": 101}, "from 0 to 100"), ({"rates": {("day", "weekday"): 2400}}, "missing"),
])
def test_bad_rules_are_refused(fields, message):
    with pytest.raises(ValueError, match=message):
        PaymentRules(**({"agreement_id": 1, "rates": FLAT} | fields))


def test_visits_of_an_agreement_without_rules_are_refused():
    with pytest.raises(ValueError, match="no payment rules"):
        run([visit(agreement=2)], PaymentRules(agreement_id=1, rates=FLAT))


def test_parquet_in_streaming_out(tmp_path):
    pl.DataFrame([visit(1), visit(2, missed=True)]).write_parquet(tmp_path / "a.parquet")
    rules = [PaymentRules(agreement_id=1, rates=FLAT)]
    results, weeks = reconcile_parquet([tmp_path / "a.parquet"], rules)
    assert results.height == 2 and weeks["amount_pence"][0] == 1200
    none, streamed = reconcile_parquet([tmp_path / "a.parquet"], rules, out_dir=tmp_path)
    assert none is None and streamed.equals(weeks)
    assert pl.read_parquet(tmp_path / "visits.parquet").height == 2


# Property: columnar equals the per-visit reference -------------------------------------------

rates_strategy = st.fixed_dictionaries({(b, d): st.integers(0, 6000) for b in TIME_BANDS for d in DAY_TYPES})
rules_strategy = st.builds(
    PaymentRules, agreement_id=st.integers(1, 3), rates=rates_strategy, basis=st.sampled_from(["planned", "actual"]),
    rounding=st.sampled_from(ROUNDINGS), step=st.sampled_from(STEPS),
    cap_tolerance=st.none() | st.integers(0, 30), minimum_minutes=st.none() | st.integers(0, 60),
    late_after=st.integers(0, 30), short_below_percent=st.integers(0, 100),
    in_home_target_percent=st.integers(0, 100), exception_percent=st.integers(0, 100))


@st.composite
def visits_strategy(draw):
    rows = []
    for n in range(draw(st.integers(1, 40))):
        start = MONDAY + timedelta(minutes=draw(st.integers(0, 60 * 24 * 40)))
        missed = draw(st.booleans()) and draw(st.booleans())
        rows.append(visit(n + 1, start=start, planned=draw(st.integers(5, 120)), late=draw(st.integers(-20, 90)),
                          stayed=draw(st.integers(0, 150)), method=draw(st.sampled_from(["call", "app", "manual"])),
                          missed=missed, agreement=draw(st.integers(1, 3)), provider=draw(st.integers(1, 3))))
    return rows


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(visits=visits_strategy(), rules=st.lists(rules_strategy, min_size=3, max_size=3),
       holidays=st.lists(st.dates(date(2026, 11, 23), date(2027, 1, 3)), max_size=3))
def test_columnar_reconciliation_equals_the_per_visit_reference(visits, rules, holidays):
    rules = [PaymentRules(**{**r.__dict__, "agreement_id": i + 1}) for i, r in enumerate(rules)]
    by_agreement = {r.agreement_id: r for r in rules}
    expected = [visit_result(v, by_agreement[v["agreement_id"]], set(holidays)) for v in visits]
    results, weeks = reconcile(pl.DataFrame(visits), rules, holidays)
    got = {r["visit_id"]: r for r in results.to_dicts()}
    for e in expected:
        g = got[e["visit_id"]]
        assert (g["paid_minutes"], g["amount_pence"], g["week"]) == (e["paid_minutes"], e["amount_pence"], e["week"])
        assert all(g[f] == e[f] for f in ("missed", "late", "short", "manual", "in_home"))
    reference = weekly_totals(expected)
    assert len(reference) == weeks.height
    for w in weeks.to_dicts():
        r = reference[(w["provider_id"], w["week"])]
        for field in ("visits", "amount_pence", "missed", "late", "short", "manual", "in_home", "flagged",
                      "meets_in_home_target", "exception"):
            assert w[field] == r[field], field
