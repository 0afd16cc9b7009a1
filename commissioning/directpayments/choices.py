"""Statuses and kinds of direct payments, with their GOV.UK tag colours."""
from django.db import models

from commissioning.core.choices import ColouredChoices, tag_colours


class HeldAs(models.TextChoices):
    MANAGED = "managed", "A managed account"
    CARD = "card", "A prepaid card"
    OWN = "own", "The person's own bank account"


@tag_colours(ACTIVE="green", ENDED="grey")
class AgreementStatus(ColouredChoices):
    ACTIVE = "active", "Being paid"
    ENDED = "ended", "Ended"


class PayeeType(models.TextChoices):
    """From whom the person bought, as the card statement gives it."""

    AGENCY = "agency", "Agency"
    PA = "pa", "Personal assistant"
    OTHER = "other", "Other"


class Bought(models.TextChoices):
    """What was bought, as the card statement gives it."""

    AGENCY_CARE = "agencycare", "Agency care"
    PA_SUPPORT = "pasupport", "Personal assistant support"
    DAY = "day", "Day activities"
    BREAKS = "breaks", "Short breaks"
    EQUIPMENT = "equipment", "Equipment"
    OTHER = "other", "Other"


@tag_colours(OPEN="orange", KEPT="green", RECLAIM="purple")
class ReviewStatus(ColouredChoices):
    OPEN = "open", "Waiting for review"
    KEPT = "kept", "Reviewed, the person keeps the balance"
    RECLAIM = "reclaim", "Reviewed, a reclaim recorded"


@tag_colours(CHECKED="yellow", READY="blue", SENT="green")
class SubmissionStatus(ColouredChoices):
    CHECKED = "checked", "Built, with failures to fix"
    READY = "ready", "Built, passes the checks"
    SENT = "sent", "Sent to the Department"
