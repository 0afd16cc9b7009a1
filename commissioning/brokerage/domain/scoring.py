"""How an offer's quality is worked out from the evaluators' scores of its answers, and whether a
price is one the council can accept: pure functions, no database.

Each outcome question of a competition is scored from 0 to the scale's top by every evaluator
alone. Where the competition is moderated, the moderator's agreed score is final; otherwise the
final score of a question is the mean of the evaluators' scores. The offer's quality (0-100) is
the weighted share of the top score its final scores reach: sum(weight x score / top) / sum(weight)
x 100, rounded half up to two places. An offer is ready to rank only when every question has a
final score, so a missing score never reads as nought.

A price is refused below the lot's lowest or above its highest limit (set on the lot's main price
line), and above an absolute ceiling that stops a typing slip (£99,999,999 an hour) whatever the
lot says.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class QuestionScores:
    """One question's weight, the evaluators' scores and the moderator's agreed score (if any)."""

    weight: int
    evaluator_scores: tuple[int, ...] = ()
    moderated_score: int | None = None


def final_score(question: QuestionScores, *, moderated: bool) -> Decimal | None:
    """The question's final score, or None while it is still to be scored (or moderated)."""
    if moderated:
        return Decimal(question.moderated_score) if question.moderated_score is not None else None
    if not question.evaluator_scores:
        return None
    return Decimal(sum(question.evaluator_scores)) / len(question.evaluator_scores)


def offer_quality(questions: list[QuestionScores], *, scale_max: int, moderated: bool) -> Decimal | None:
    """The offer's quality from 0 to 100, or None when any question lacks its final score."""
    if not questions or scale_max <= 0:
        return None
    finals = [final_score(q, moderated=moderated) for q in questions]
    if any(f is None for f in finals):
        return None
    total_weight = sum(q.weight for q in questions)
    if total_weight <= 0:
        return None
    reached = sum(Decimal(q.weight) * f / scale_max for q, f in zip(questions, finals, strict=True))
    return (reached / total_weight * 100).quantize(TWO_PLACES, ROUND_HALF_UP)


def price_problem(pence: int | None, *, low: int | None, high: int | None, ceiling: int, unit: str,
                  shown) -> str | None:
    """Why a price cannot be accepted, in the words shown to the provider; None when it can.
    `shown` turns pence into "£1,234.56"; `unit` is e.g. "an hour"."""
    if pence is None:
        return "Enter your price"
    if pence <= 0:
        return "Your price must be more than £0"
    if low is not None and pence < low:
        return f"Your price must be {shown(low)} {unit} or more: the lowest price this lot allows"
    if high is not None and pence > high:
        return f"Your price must be {shown(high)} {unit} or less: the highest price this lot allows"
    if pence > ceiling:
        return f"Your price must be {shown(ceiling)} {unit} or less. Check the amount you typed"
    return None
