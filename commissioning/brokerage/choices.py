"""Statuses, urgencies and reasons of brokerage, with their GOV.UK tag colours."""
from django.db import models


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", "Emergency"
    URGENT = "urgent", "Urgent"
    STANDARD = "standard", "Standard"


# Queue order: emergencies first, then urgent, then standard; within each, the longest wait first.
URGENCY_ORDER = {Urgency.EMERGENCY: 0, Urgency.URGENT: 1, Urgency.STANDARD: 2}


class RequestStatus(models.TextChoices):
    NEW = "new", "Waiting for a broker"
    IN_COMPETITION = "in_competition", "Out to further competition"
    WAIVER_PENDING = "waiver_pending", "Spot purchase awaiting approval"
    AWARDED = "awarded", "Awarded, awaiting the provider"
    PLACED = "placed", "Placed"
    UNMET = "unmet", "Unmet need"
    MET_BY_FRONT_DOOR = "front_door", "Met by a front-door option"
    CANCELLED = "cancelled", "Cancelled"


class FrontDoorOption(models.TextChoices):
    TECHNOLOGY = "technology", "Technology-enabled care (e.g. Carelink)"
    SHARED_LIVES = "shared_lives", "Shared Lives"
    SHORT_BREAKS = "short_breaks", "In-house short breaks"
    COMMUNITY = "community", "Community support"


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


class CompetitionStatus(models.TextChoices):
    OPEN = "open", "Open for offers"
    CLOSED = "closed", "Closed, offers ranked"
    AWARDED = "awarded", "Awarded"
    NO_AWARD = "no_award", "Closed without an award"


class OfferStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    AWARDED = "awarded", "Awarded"
    NOT_AWARDED = "not_awarded", "Not awarded"


class AgreementStatus(models.TextChoices):
    OFFERED = "offered", "Offered to the provider"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    ENDED = "ended", "Ended"


class AwardRoute(models.TextChoices):
    DIRECT = "direct", "Direct award"
    COMPETITION = "competition", "Further competition"
    SPOT = "spot", "Spot purchase off the list (waiver)"


class AllocationStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed, under review"
    AWARDED = "awarded", "Awarded"
    DISCARDED = "discarded", "Discarded"


TAG_COLOURS = {
    RequestStatus.NEW: "blue", RequestStatus.IN_COMPETITION: "purple", RequestStatus.WAIVER_PENDING: "yellow",
    RequestStatus.AWARDED: "turquoise", RequestStatus.PLACED: "green", RequestStatus.UNMET: "red",
    RequestStatus.MET_BY_FRONT_DOOR: "green", RequestStatus.CANCELLED: "grey",
    Urgency.EMERGENCY: "red", Urgency.URGENT: "orange", Urgency.STANDARD: "grey",
    CompetitionStatus.NO_AWARD: "grey",
    OfferStatus.SUBMITTED: "blue", OfferStatus.WITHDRAWN: "grey", OfferStatus.NOT_AWARDED: "grey",
    AgreementStatus.OFFERED: "yellow", AgreementStatus.ACCEPTED: "green", AgreementStatus.DECLINED: "red",
    AgreementStatus.ENDED: "grey",
}
