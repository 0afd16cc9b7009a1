"""Evaluation rules as pure functions: no database."""
from datetime import date
from decimal import Decimal

import pytest

from commissioning.procurement.domain.evaluation import (
    ScoredQuestion,
    cqc_condition,
    deadline_state,
    decision_due,
    insurance_condition,
    meets_pass_mark,
    weighted_percentage,
)

QUESTIONS = [ScoredQuestion(1, 60), ScoredQuestion(2, 40)]


def test_weighted_percentage_weights_each_score():
    # (60×4 + 40×3) / (100×5) = 360/500 = 72%
    assert weighted_percentage({1: 4, 2: 3}, QUESTIONS, 5) == Decimal("72.00")


def test_weighted_percentage_rounds_half_up_to_two_places():
    assert weighted_percentage({1: 1, 2: 0}, [ScoredQuestion(1, 1), ScoredQuestion(2, 2)], 3) == Decimal("11.11")
    assert weighted_percentage({1: 1}, [ScoredQuestion(1, 1)], 8) == Decimal("12.50")


def test_a_missing_score_is_refused():
    with pytest.raises(ValueError, match="without a score"):
        weighted_percentage({1: 4}, QUESTIONS, 5)


@pytest.mark.parametrize("score", [-1, 6])
def test_a_score_outside_the_scale_is_refused(score):
    with pytest.raises(ValueError, match="outside"):
        weighted_percentage({1: score, 2: 3}, QUESTIONS, 5)


def test_no_weighted_questions_scores_full_marks():
    assert weighted_percentage({}, [], 5) == Decimal("100.00")


@pytest.mark.parametrize(("score", "mark", "passes"), [
    ("60.00", "60", True), ("59.99", "60", False), ("100", "100", True), ("0", "0", True),
])
def test_the_pass_mark_edge_passes(score, mark, passes):
    assert meets_pass_mark(Decimal(score), Decimal(mark)) is passes


@pytest.mark.parametrize(("ratings", "regulated", "ok"), [
    (["good", "outstanding"], True, True),
    (["good", "requires_improvement"], True, False),
    (["good", ""], True, False),
    ([], True, False),
    ([], False, True),
    (["inadequate"], False, True),
])
def test_cqc_condition(ratings, regulated, ok):
    assert cqc_condition(ratings, regulated)[0] is ok


def test_insurance_must_be_in_force_on_the_day():
    assert insurance_condition(date(2026, 11, 23), date(2026, 11, 23))[0]
    assert not insurance_condition(date(2026, 11, 22), date(2026, 11, 23))[0]
    assert not insurance_condition(None, date(2026, 11, 23))[0]


def test_decision_due_in_ten_working_days_or_fifteen_when_extended():
    # Submitted Mon 14 Dec 2026: Christmas Day, Boxing Day (Mon 28) and New Year's Day are skipped.
    assert decision_due(date(2026, 12, 14)) == date(2026, 12, 30)
    assert decision_due(date(2026, 12, 14), extended=True) == date(2027, 1, 7)


@pytest.mark.parametrize(("today", "state"), [
    (date(2026, 11, 30), "overdue"),
    (date(2026, 11, 27), "due_soon"),
    (date(2026, 11, 25), "due_soon"),
    (date(2026, 11, 24), "on_track"),
])
def test_deadline_state(today, state):
    assert deadline_state(date(2026, 11, 27), today) == state
