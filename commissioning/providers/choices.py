"""Statuses and ratings of the provider register, each with the GOV.UK tag colour it shows in."""
from django.db import models


class ProviderStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    CEASED = "ceased", "Ceased trading"


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class CqcRating(models.TextChoices):
    """CQC's overall rating: kept apart from the council's own RAG rating."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_YET_RATED = "not_yet_rated", "Not yet rated"


class CouncilRag(models.TextChoices):
    """The council's own RAG mark from its quality assurance (Green = Good, Amber = Requires
    improvement, Red = Inadequate); kept apart from CQC's rating."""

    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class CapacityUnit(models.TextChoices):
    BEDS = "beds", "Beds"
    HOURS = "hours", "Hours per week"
    PLACES = "places", "Places"


TAG_COLOURS = {
    ProviderStatus.ACTIVE: "green",
    ProviderStatus.INACTIVE: "grey",
    ProviderStatus.CEASED: "red",
    ServiceStatus.CLOSED: "grey",
    CqcRating.OUTSTANDING: "purple",
    CqcRating.GOOD: "green",
    CqcRating.REQUIRES_IMPROVEMENT: "yellow",
    CqcRating.INADEQUATE: "red",
    CqcRating.NOT_YET_RATED: "grey",
    CouncilRag.GREEN: "green",
    CouncilRag.AMBER: "orange",
    CouncilRag.RED: "red",
}

# CQC rating text as CQC publishes it (directory files, API) → our choice.
CQC_RATING_TEXT = {
    "outstanding": CqcRating.OUTSTANDING,
    "good": CqcRating.GOOD,
    "requires improvement": CqcRating.REQUIRES_IMPROVEMENT,
    "inadequate": CqcRating.INADEQUATE,
    "not yet rated": CqcRating.NOT_YET_RATED,
    "insufficient evidence to rate": CqcRating.NOT_YET_RATED,
}
