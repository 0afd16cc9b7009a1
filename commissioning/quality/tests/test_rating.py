"""Rating and RAG computation at every band edge, for both methods."""
from datetime import date
from decimal import Decimal

import pytest

from commissioning.quality.domain.rating import (
    AMBER,
    EXCELLENT,
    GOOD,
    GREEN,
    LOWEST,
    MEAN,
    POOR,
    RED,
    REQUIRES_IMPROVEMENT,
    Bands,
    audit_ratings,
    band,
    combine,
    mean_points,
    needs_action_plan,
    rag,
)
from commissioning.quality.domain.risk import RiskFacts, risk_score

DEFAULT = Bands()


@pytest.mark.parametrize(("points", "expected"), [
    ("4.00", EXCELLENT), ("3.50", EXCELLENT), ("3.49", GOOD), ("2.50", GOOD), ("2.49", REQUIRES_IMPROVEMENT),
    ("1.50", REQUIRES_IMPROVEMENT), ("1.49", POOR), ("1.00", POOR),
])
def test_every_band_edge_of_the_default_bands(points, expected):
    assert band(Decimal(points), DEFAULT) == expected


def test_custom_bands_move_the_edges():
    strict = Bands(excellent=Decimal("3.75"), good=Decimal("3.00"), requires_improvement=Decimal("2.00"))
    assert band(Decimal("3.74"), strict) == GOOD and band(Decimal("2.99"), strict) == REQUIRES_IMPROVEMENT
    assert band(Decimal("1.99"), strict) == POOR


@pytest.mark.parametrize("bad", [
    {"excellent": Decimal("2.0"), "good": Decimal("2.5")},
    {"requires_improvement": Decimal("1.0")},
    {"excellent": Decimal("4.5")},
])
def test_bands_that_do_not_fall_are_refused(bad):
    with pytest.raises(ValueError, match="Bands must fall"):
        Bands(**bad)


def test_the_mean_rounds_half_up_to_two_places():
    # (4 + 3 + 3) / 3 = 3.333 → 3.33; (3 + 3 + 3 + 4 + 4 + 4 + 2 + 4) / 8 = 3.375 → 3.38
    assert mean_points([EXCELLENT, GOOD, GOOD]) == Decimal("3.33")
    assert mean_points([GOOD] * 3 + [EXCELLENT] * 3 + [REQUIRES_IMPROVEMENT, EXCELLENT]) == Decimal("3.38")


def test_mean_and_lowest_methods_differ_on_one_poor_standard():
    ratings = [EXCELLENT, EXCELLENT, EXCELLENT, POOR]  # mean 3.25 → Good; lowest → Poor
    assert combine(ratings, MEAN, DEFAULT) == GOOD
    assert combine(ratings, LOWEST, DEFAULT) == POOR


def test_domains_then_overall():
    domains, overall = audit_ratings({
        "Involvement and information": [GOOD, EXCELLENT],                  # 3.5 → Excellent
        "Safeguarding and safety": [GOOD, REQUIRES_IMPROVEMENT, POOR],      # 2.0 → RI
        "Quality of management": [GOOD, GOOD, GOOD],                       # 3.0 → Good
    }, MEAN, DEFAULT)
    assert domains == {"Involvement and information": EXCELLENT, "Safeguarding and safety": REQUIRES_IMPROVEMENT,
                       "Quality of management": GOOD}
    assert overall == GOOD  # (4 + 2 + 3) / 3 = 3.0


@pytest.mark.parametrize(("ratings", "message"), [([], "at least one"), (["great"], "Unknown ratings")])
def test_bad_ratings_are_refused(ratings, message):
    with pytest.raises(ValueError, match=message):
        combine(ratings, MEAN, DEFAULT)


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="Unknown rating method"):
        combine([GOOD], "median", DEFAULT)


@pytest.mark.parametrize(("rating", "expected"), [
    (EXCELLENT, GREEN), (GOOD, GREEN), (REQUIRES_IMPROVEMENT, AMBER), (POOR, RED)])
def test_the_default_rag_mapping(rating, expected):
    assert rag(rating) == expected
    assert needs_action_plan(expected) == (expected != GREEN)


def test_a_configured_rag_mapping_and_its_refusals():
    stricter = {EXCELLENT: GREEN, GOOD: AMBER, REQUIRES_IMPROVEMENT: RED, POOR: RED}
    assert rag(GOOD, stricter) == AMBER
    with pytest.raises(ValueError, match="No RAG"):
        rag(GOOD, {EXCELLENT: GREEN})
    with pytest.raises(ValueError, match="not Green, Amber or Red"):
        rag(GOOD, {GOOD: "blue"})


def test_risk_puts_an_unaudited_inadequate_service_with_concerns_first():
    today = date(2026, 11, 23)
    risky, why = risk_score(RiskFacts("inadequate", date(2023, 1, 1), "red", 1, 3, None), today)
    safe, _ = risk_score(RiskFacts("outstanding", date(2026, 6, 1), "green", 0, 0, date(2026, 5, 1)), today)
    assert risky > safe and safe == 0
    assert "never audited (+20)" in why and "1 open concern case(s) (+20)" in why


def test_time_since_the_last_audit_adds_risk_after_a_year():
    today = date(2026, 11, 23)
    facts = RiskFacts("good", date(2026, 1, 1), "green", 0, 0, date(2025, 11, 1))
    score, why = risk_score(facts, today)
    assert score == 5 + 1 and "last audited 12 months ago (+1)" in why
