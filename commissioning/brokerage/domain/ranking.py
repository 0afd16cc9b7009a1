"""How offers and eligible providers are scored and ranked: pure functions, no database.

Price is scored against the lowest price (lowest / own × 100); quality is 0–100; the total
weights them by the list's configured split (e.g. 60% quality / 40% price). Ties go to the
earlier start, then the shorter distance, then the lower price.
"""
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from commissioning.finance.domain.pricing import weekly_cost_pence as weekly_cost_pence

TWO_PLACES = Decimal("0.01")

# Points for CQC's current rating, blended with the score the provider earned at admission.
CQC_POINTS = {"outstanding": 100, "good": 75, "requires_improvement": 40, "inadequate": 0, "not_yet_rated": 50,
              "": 50}


def quality_score(admission_score: Decimal | None, cqc_rating: str) -> Decimal:
    """A provider's quality for ranking: the mean of its admission score (0–100) and its CQC points."""
    cqc = Decimal(CQC_POINTS.get(cqc_rating or "", 50))
    admitted = Decimal(admission_score) if admission_score is not None else Decimal(50)
    return ((admitted + cqc) / 2).quantize(TWO_PLACES, ROUND_HALF_UP)


def distance_km(lat1, lon1, lat2, lon2) -> Decimal | None:
    """Great-circle distance in kilometres, or None when either point is unknown."""
    return distances_from(lat1, lon1)(lat2, lon2)


def distances_from(lat1, lon1) -> Callable[[object, object], Decimal | None]:
    """`distance_km` from one point to many: the point's own trigonometry is done once."""
    if lat1 is None or lon1 is None:
        return lambda lat2, lon2: None
    p1, lon1, cos_p1 = math.radians(float(lat1)), float(lon1), math.cos(math.radians(float(lat1)))

    def to(lat2, lon2) -> Decimal | None:
        if lat2 is None or lon2 is None:
            return None
        p2 = math.radians(float(lat2))
        dp, dl = p2 - p1, math.radians(float(lon2) - lon1)
        a = math.sin(dp / 2) ** 2 + cos_p1 * math.cos(p2) * math.sin(dl / 2) ** 2
        return Decimal(2 * 6371.0088 * math.asin(math.sqrt(a))).quantize(TWO_PLACES, ROUND_HALF_UP)

    return to


@dataclass(frozen=True)
class Candidate:
    """Anything ranked: an offer in a competition, or an eligible provider for a direct award."""

    key: int
    price_pence: int
    quality: Decimal
    start_date: date | None = None
    distance_km: Decimal | None = None


@dataclass(frozen=True)
class Ranked:
    key: int
    rank: int
    quality_points: Decimal
    price_points: Decimal
    total_points: Decimal


def rank(candidates: list[Candidate], quality_weight: int) -> list[Ranked]:
    """Score and order candidates; rank 1 is the best. Equal totals are broken by earlier start,
    then shorter distance (unknown distance last), then lower price, then key for a stable order."""
    if not 0 <= quality_weight <= 100:
        raise ValueError("The quality weight is a percentage from 0 to 100")
    if not candidates:
        return []
    if any(c.price_pence <= 0 for c in candidates):
        raise ValueError("Every price must be more than zero")
    lowest = min(c.price_pence for c in candidates)
    qw, pw = Decimal(quality_weight) / 100, Decimal(100 - quality_weight) / 100
    scored = []
    for c in candidates:
        price_points = (Decimal(100) * lowest / c.price_pence).quantize(TWO_PLACES, ROUND_HALF_UP)
        quality_points = Decimal(c.quality).quantize(TWO_PLACES, ROUND_HALF_UP)
        total = (qw * quality_points + pw * price_points).quantize(TWO_PLACES, ROUND_HALF_UP)
        scored.append((c, quality_points, price_points, total))
    scored.sort(key=lambda row: (
        -row[3],
        row[0].start_date or date.max,
        row[0].distance_km if row[0].distance_km is not None else Decimal("1e9"),
        row[0].price_pence,
        row[0].key,
    ))
    return [Ranked(key=c.key, rank=i, quality_points=q, price_points=p, total_points=t)
            for i, (c, q, p, t) in enumerate(scored, start=1)]
