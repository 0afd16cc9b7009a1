"""Statuses and ratings of the provider register, each with the GOV.UK tag colour it shows in."""
from django.db import models

from commissioning.core.choices import ColouredChoices, tag_colours


@tag_colours(ACTIVE="green", INACTIVE="grey", CEASED="red")
class ProviderStatus(ColouredChoices):
    """Whether the council can deal with a provider: active, inactive for now, or ceased trading."""

    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    CEASED = "ceased", "Ceased trading"


@tag_colours(ACTIVE="green", CLOSED="grey")
class ServiceStatus(ColouredChoices):
    """Whether a service is open to new placements: a closed service (deregistered by CQC) is not."""

    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


@tag_colours(OUTSTANDING="purple", GOOD="green", REQUIRES_IMPROVEMENT="yellow", INADEQUATE="red",
             NOT_YET_RATED="grey")
class CqcRating(ColouredChoices):
    """CQC's overall rating: kept apart from the council's own RAG rating."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_YET_RATED = "not_yet_rated", "Not yet rated"


@tag_colours(GREEN="green", AMBER="orange", RED="red")
class CouncilRag(ColouredChoices):
    """The council's own RAG mark from its quality assurance (Green = Good, Amber = Requires
    improvement, Red = Inadequate); kept apart from CQC's rating."""

    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class CapacityUnit(models.TextChoices):
    BEDS = "beds", "Beds"
    HOURS = "hours", "Hours per week"
    PLACES = "places", "Places"


# CQC rating text as CQC publishes it (directory files, API) → our choice.
CQC_RATING_TEXT = {
    "outstanding": CqcRating.OUTSTANDING,
    "good": CqcRating.GOOD,
    "requires improvement": CqcRating.REQUIRES_IMPROVEMENT,
    "inadequate": CqcRating.INADEQUATE,
    "not yet rated": CqcRating.NOT_YET_RATED,
    "insufficient evidence to rate": CqcRating.NOT_YET_RATED,
}
