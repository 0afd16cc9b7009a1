"""Pure rules of evaluation: weighted scores, pass marks, conditions and decision deadlines.

No framework imports: these functions take plain values and are tested without a database.
"""
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from commissioning.core.domain.working_days import add_working_days, working_days_between

DECISION_WORKING_DAYS = 10
EXTENDED_DECISION_WORKING_DAYS = 15
DUE_SOON_WORKING_DAYS = 2
GOOD_OR_BETTER = frozenset({"good", "outstanding"})


@dataclass(frozen=True)
class ScoredQuestion:
    question_id: int
    weight: int


def weighted_percentage(scores: dict[int, int], questions: list[ScoredQuestion], scale_max: int) -> Decimal:
    """Sum of weight × score over sum of weight × top score, as a percentage to 2 places (half up).

    Every scored question must have a score; a list with no weighted questions scores 100%.
    """
    if scale_max < 1:
        raise ValueError("The top of the score scale must be at least 1")
    total_weight = sum(q.weight for q in questions)
    if total_weight == 0:
        return Decimal("100.00")
    missing = [q.question_id for q in questions if q.question_id not in scores]
    if missing:
        raise ValueError(f"Questions without a score: {missing}")
    for q in questions:
        if not 0 <= scores[q.question_id] <= scale_max:
            raise ValueError(f"Score {scores[q.question_id]} is outside 0 to {scale_max}")
    achieved = sum(Decimal(q.weight * scores[q.question_id]) for q in questions)
    possible = Decimal(total_weight * scale_max)
    return (achieved * 100 / possible).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def meets_pass_mark(percentage: Decimal, pass_mark: Decimal) -> bool:
    """A score at or above the pass mark passes."""
    return percentage >= pass_mark


def recommended_outcome(passed_conditions: bool | None, weighted_score: Decimal | None,
                        pass_mark: Decimal) -> tuple[bool, str]:
    """What the rules say after moderation: admit only if every condition passed and the weighted
    score reaches the pass mark."""
    if passed_conditions is None or weighted_score is None:
        return False, "Not moderated yet"
    if not passed_conditions:
        return False, "A pass or fail condition was not met"
    if not meets_pass_mark(weighted_score, pass_mark):
        return False, f"Weighted score {weighted_score}% is below the pass mark of {pass_mark}%"
    return True, f"All conditions met; weighted score {weighted_score}% reaches the pass mark of {pass_mark}%"


def cqc_condition(ratings: list[str], regulated: bool) -> tuple[bool, str]:
    """CQC-registered with a current rating of at least Good, where the service is regulated.

    `ratings` are the CQC ratings of the provider's active, CQC-registered services of the lot's
    service types ('' when not yet rated). Unregulated services pass without registration.
    """
    if not regulated:
        return True, "The lot's services are not regulated by CQC"
    if not ratings:
        return False, "No CQC-registered service of this lot's types"
    below = [r or "not rated" for r in ratings if r not in GOOD_OR_BETTER]
    if below:
        return False, f"{len(below)} of {len(ratings)} services rated below Good ({', '.join(sorted(set(below)))})"
    return True, f"All {len(ratings)} services rated Good or Outstanding"


def insurance_condition(expires_on: date | None, on: date) -> tuple[bool, str]:
    """Insurance must be in force on the day checked."""
    if expires_on is None:
        return False, "No insurance expiry date given"
    if expires_on < on:
        return False, f"Insurance expired on {expires_on:%d %B %Y}"
    return True, f"Insurance in force until {expires_on:%d %B %Y}"


def decision_due(submitted_on: date, *, extended: bool = False) -> date:
    """10 working days after submission, or 15 when extended with a reason (English bank holidays)."""
    return add_working_days(submitted_on, EXTENDED_DECISION_WORKING_DAYS if extended else DECISION_WORKING_DAYS)


def deadline_state(due: date, today: date) -> str:
    """'overdue' after the due day, 'due_soon' within 2 working days of it, else 'on_track'."""
    if today > due:
        return "overdue"
    if working_days_between(today, due) <= DUE_SOON_WORKING_DAYS:
        return "due_soon"
    return "on_track"


CQC_ORDER = {"outstanding": 4, "good": 3, "requires_improvement": 2, "inadequate": 1}


def cqc_minimum_condition(ratings: list[str], minimum: str, regulated_only: bool) -> tuple[bool, str]:
    """A lot's own condition: with `regulated_only`, the provider needs a CQC-registered service of
    the lot's types; with a `minimum` rating, every such service must be rated at least that."""
    if not ratings:
        if regulated_only or minimum:
            return False, "No CQC-registered service of this lot's types"
        return True, "The lot sets no CQC condition"
    if minimum:
        below = [r or "not rated" for r in ratings if CQC_ORDER.get(r, 0) < CQC_ORDER[minimum]]
        if below:
            label = minimum.replace("_", " ").capitalize()
            return False, (f"{len(below)} of {len(ratings)} services rated below {label} "
                           f"({', '.join(sorted(b.replace('_', ' ') for b in set(below)))})")
    return True, f"All {len(ratings)} CQC-registered services meet the lot's condition"


def price_score(lowest_pence: int | None, pence: int | None, price_weight: int) -> Decimal:
    """The price score of one application on one lot: the lowest main price tendered to the lot
    divided by this application's main price, times the list's price weight (so the lowest price
    scores the whole weight, a price twice as high half of it). With no prices to compare, price
    does not separate applicants and every one scores the whole weight."""
    if not lowest_pence or not pence:
        return Decimal(price_weight).quantize(Decimal("0.01"))
    return (Decimal(lowest_pence) * price_weight / Decimal(pence)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def combined_score(quality_percentage: Decimal, quality_weight: int, price: Decimal) -> Decimal:
    """Quality (the weighted percentage) times the list's quality weight, plus the price score: out of 100."""
    quality = Decimal(quality_percentage) * quality_weight / 100
    return (quality + price).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Ranked:
    """One passed applicant to a capped lot, as the ranking reads it."""

    key: int
    score: Decimal
    quality: Decimal
    main_pence: int | None
    submitted_at: object


def rank(candidates: list[Ranked], tie_break: str) -> list[Ranked]:
    """Highest weighted score first; equal scores ordered by the list's rule: `quality_price_earlier`
    (higher quality, then lower main price, then earlier submission), `price_quality_earlier` (lower
    main price, then higher quality, then earlier submission) or `earlier` (earlier submission)."""
    big = 10 ** 12

    def key(c: Ranked):
        price = c.main_pence if c.main_pence is not None else big
        if tie_break == "price_quality_earlier":
            rest = (price, -c.quality)
        elif tie_break == "earlier":
            rest = ()
        else:
            rest = (-c.quality, price)
        return (-c.score, *rest, c.submitted_at, c.key)

    return sorted(candidates, key=key)
