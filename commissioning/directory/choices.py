"""Kinds and statuses of the directory, each status carrying its GOV.UK tag colour."""
from django.db import models

from commissioning.core.choices import ColouredChoices, tag_colours


class ListingKind(models.TextChoices):
    """Where a listing comes from: the provider register (care services), or added for the community."""

    CARE = "care", "Care service"
    COMMUNITY = "community", "Community or voluntary service"


@tag_colours(PENDING="blue", APPROVED="green", REJECTED="red")
class ProposalStatus(ColouredChoices):
    """A proposed listing or change, waiting for an officer, approved (published) or rejected."""

    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class PriceUnit(models.TextChoices):
    """What a self-funder's price is for."""

    WEEK = "week", "a week"
    HOUR = "hour", "an hour"
    SESSION = "session", "a session"
    DAY = "day", "a day"


class FundingWho(models.TextChoices):
    """Who can use a service, as a search filter."""

    COUNCIL = "council", "People the council funds"
    SELF = "self", "People paying for themselves"
