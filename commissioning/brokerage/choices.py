"""Statuses, urgencies and reasons of brokerage, with their GOV.UK tag colours."""
from django.db import models

from commissioning.core.choices import ColouredChoices, tag_colours


@tag_colours(EMERGENCY="red", URGENT="orange", STANDARD="grey")
class Urgency(ColouredChoices):
    EMERGENCY = "emergency", "Emergency"
    URGENT = "urgent", "Urgent"
    STANDARD = "standard", "Standard"


# Queue order: emergencies first, then urgent, then standard; within each, the longest wait first.
URGENCY_ORDER = {Urgency.EMERGENCY: 0, Urgency.URGENT: 1, Urgency.STANDARD: 2}


@tag_colours(NEW="blue", IN_COMPETITION="purple", WAIVER_PENDING="yellow", AWARDED="turquoise", PLACED="green",
             UNMET="red", MET_BY_FRONT_DOOR="green", DIRECT_PAYMENT="green", CANCELLED="grey")
class RequestStatus(ColouredChoices):
    NEW = "new", "Waiting for a broker"
    IN_COMPETITION = "in_competition", "Out to further competition"
    WAIVER_PENDING = "waiver_pending", "Spot purchase awaiting approval"
    AWARDED = "awarded", "Awarded, awaiting the provider"
    PLACED = "placed", "Placed"
    UNMET = "unmet", "Unmet need"
    MET_BY_FRONT_DOOR = "front_door", "Met by a front-door option"
    DIRECT_PAYMENT = "directpayment", "Met by a direct payment"
    CANCELLED = "cancelled", "Cancelled"


class FrontDoorOption(models.TextChoices):
    TECHNOLOGY = "technology", "Technology-enabled care (e.g. Carelink)"
    SHARED_LIVES = "shared_lives", "Shared Lives"
    SHORT_BREAKS = "short_breaks", "In-house short breaks"
    COMMUNITY = "community", "Community support"
    DIRECTORY = "directory", "A service found in the directory"


class FrontDoorOutcome(models.TextChoices):
    NOT_SUITABLE = "not_suitable", "Not suitable for the person's needs"
    DECLINED = "declined", "Offered, the person declined"
    NO_CAPACITY = "no_capacity", "No capacity"
    PART_MET = "part_met", "Meets part of the need alongside a package"
    MET = "met", "Meets the need: no package needed"


class DirectAwardReason(models.TextChoices):
    CHOICE = "choice", "The person's choice"
    CONTINUITY = "continuity", "Continuity of care"
    ONLY_ABLE = "only_able", "The only provider able to meet the need"
    EMERGENCY = "emergency", "Emergency"
    BATCH = "batch", "Batch allocation after review"


class UnmetReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", "No capacity"
    NO_PROVIDER = "no_provider", "No provider in the area"
    OVER_BUDGET = "over_budget", "Over budget"
    NO_OFFERS = "no_offers", "No offers in further competition"


@tag_colours(OPEN="green", CLOSED="yellow", RANKED="blue", AWARDED="turquoise", NO_AWARD="grey")
class CompetitionStatus(ColouredChoices):
    OPEN = "open", "Open for offers"
    CLOSED = "closed", "Closed, offers being scored"
    RANKED = "ranked", "Offers scored and ranked"
    AWARDED = "awarded", "Awarded"
    NO_AWARD = "no_award", "Closed without an award"


@tag_colours(SUBMITTED="blue", WITHDRAWN="grey", AWARDED="turquoise", NOT_AWARDED="grey")
class OfferStatus(ColouredChoices):
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    AWARDED = "awarded", "Awarded"
    NOT_AWARDED = "not_awarded", "Not awarded"


@tag_colours(OFFERED="yellow", ACCEPTED="green", DECLINED="red", ENDED="grey")
class AgreementStatus(ColouredChoices):
    OFFERED = "offered", "Offered to the provider"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    ENDED = "ended", "Ended"


class AwardRoute(models.TextChoices):
    DIRECT = "direct", "Direct award"
    COMPETITION = "competition", "Further competition"
    SPOT = "spot", "Spot purchase off the list (waiver)"


@tag_colours(PROPOSED="blue", AWARDED="green", DISCARDED="grey")
class AllocationStatus(ColouredChoices):
    PROPOSED = "proposed", "Proposed, under review"
    AWARDED = "awarded", "Awarded"
    DISCARDED = "discarded", "Discarded"


# Kept empty only while core's template tag still imports it; the colours live on the choices above.


# What each workflow event is called on a record's history.
EVENT_LABELS = {
    "requested": "Requested", "front_door_checked": "Front-door option recorded",
    "front_door_met": "Met by a front-door option", "direct_award": "Direct award", "open_competition":
    "Sent to further competition", "mark_unmet": "Recorded as unmet need", "request_waiver": "Spot purchase asked for",
    "cancel": "Cancelled", "award": "Awarded", "no_award": "Closed without an award", "approve_waiver":
    "Waiver approved", "refuse_waiver": "Waiver refused", "accept": "Accepted by the provider",
    "decline": "Declined by the provider", "offered": "Offered to the provider", "end": "Ended",
    "rank": "Offers scored and ranked", "send_to_reserve": "Sent to a reserve lot",
    "direct_payment": "Met by a direct payment",
}
