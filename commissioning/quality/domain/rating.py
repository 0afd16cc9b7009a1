"""How standard ratings become domain and overall ratings, and a rating becomes the council's RAG.

Pure functions, configured by the audit framework: a method (the mean of the ratings' points,
or the lowest rating) and bands (the lowest mean that earns each rating), and a mapping from
rating to RAG. Ratings are points: Excellent 4, Good 3, Requires improvement 2, Poor 1.
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

EXCELLENT, GOOD, REQUIRES_IMPROVEMENT, POOR = "excellent", "good", "requires_improvement", "poor"
POINTS = {EXCELLENT: 4, GOOD: 3, REQUIRES_IMPROVEMENT: 2, POOR: 1}
MEAN, LOWEST = "mean", "lowest"
GREEN, AMBER, RED = "green", "amber", "red"


@dataclass(frozen=True)
class Bands:
    """The lowest mean (in points) that earns Excellent, Good and Requires improvement; below the
    last is Poor. Bands must fall: excellent > good > requires improvement > 1."""

    excellent: Decimal = Decimal("3.50")
    good: Decimal = Decimal("2.50")
    requires_improvement: Decimal = Decimal("1.50")

    def __post_init__(self):
        if not Decimal(4) >= self.excellent > self.good > self.requires_improvement > Decimal(1):
            raise ValueError("Bands must fall from Excellent to Requires improvement, between 1 and 4 points")


DEFAULT_RAG = {EXCELLENT: GREEN, GOOD: GREEN, REQUIRES_IMPROVEMENT: AMBER, POOR: RED}


def mean_points(ratings: Iterable[str]) -> Decimal:
    values = [POINTS[r] for r in ratings]
    if not values:
        raise ValueError("Rate at least one standard")
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def band(points: Decimal, bands: Bands) -> str:
    if points >= bands.excellent:
        return EXCELLENT
    if points >= bands.good:
        return GOOD
    if points >= bands.requires_improvement:
        return REQUIRES_IMPROVEMENT
    return POOR


def combine(ratings: Iterable[str], method: str, bands: Bands) -> str:
    """One rating from several: by the configured method."""
    ratings = list(ratings)
    unknown = set(ratings) - set(POINTS)
    if unknown:
        raise ValueError(f"Unknown ratings: {sorted(unknown)}")
    if method == LOWEST:
        if not ratings:
            raise ValueError("Rate at least one standard")
        return min(ratings, key=POINTS.__getitem__)
    if method == MEAN:
        return band(mean_points(ratings), bands)
    raise ValueError(f"Unknown rating method {method!r}")


def audit_ratings(by_domain: Mapping[str, list[str]], method: str, bands: Bands) -> tuple[dict[str, str], str]:
    """Each domain's rating from its standards, and the overall rating from the domains' ratings."""
    domains = {name: combine(ratings, method, bands) for name, ratings in by_domain.items()}
    return domains, combine(domains.values(), method, bands)


def rag(rating: str, mapping: Mapping[str, str] = DEFAULT_RAG) -> str:
    if rating not in mapping:
        raise ValueError(f"No RAG is configured for {rating!r}")
    value = mapping[rating]
    if value not in (GREEN, AMBER, RED):
        raise ValueError(f"{value!r} is not Green, Amber or Red")
    return value


def needs_action_plan(rag_value: str) -> bool:
    """Amber or Red in any check requires an action plan, a focused review and a safety check."""
    return rag_value in (AMBER, RED)
