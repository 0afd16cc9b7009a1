"""Kinds, statuses and outcomes of Approved Provider Lists, with their GOV.UK tag colours."""
from django.db import models

from commissioning.core.choices import ColouredChoices, tag_colours


class ListKind(models.TextChoices):
    DPS = "dps", "Dynamic purchasing system (Public Contracts Regulations 2015)"
    DYNAMIC_MARKET = "dynamic_market", "Dynamic market (Procurement Act 2023)"
    OPEN_FRAMEWORK = "open_framework", "Open framework (Procurement Act 2023)"


class AdmissionMode(models.TextChoices):
    CONTINUOUS = "continuous", "Continuously open"
    WINDOWS = "windows", "Reopens in windows"


@tag_colours(DRAFT="grey", OPEN="green", PAUSED="yellow", CLOSED="grey")
class ListStatus(ColouredChoices):
    """Where a list is in its life: set up as a draft, open to applications, paused, closed for good."""

    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    PAUSED = "paused", "Paused"
    CLOSED = "closed", "Closed"


class QuestionKind(models.TextChoices):
    PASS_FAIL = "pass_fail", "Pass or fail"
    SCORED = "scored", "Scored"


class Condition(models.TextChoices):
    """What a pass/fail question checks; the first two are checked by the system from evidence."""

    CQC_GOOD = "cqc_good", "CQC-registered with a current rating of at least Good (regulated services)"
    INSURANCE = "insurance", "Insurance in force, with an expiry date"
    SAFEGUARDING = "safeguarding", "Safeguarding policy"
    FINANCIAL = "financial", "Financial standing"
    OTHER = "other", "Other condition"


SYSTEM_CONDITIONS = frozenset({Condition.CQC_GOOD, Condition.INSURANCE})


@tag_colours(DRAFT="grey", SUBMITTED="blue", CLARIFICATION="yellow", MODERATED="purple", DECIDED="green",
             WITHDRAWN="grey")
class ApplicationStatus(ColouredChoices):
    """Where an application is: a draft its provider fills in, then evaluated, moderated and decided."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CLARIFICATION = "clarification", "Clarification requested"
    MODERATED = "moderated", "Scores moderated"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


@tag_colours(ADMIT="green", REJECT="red")
class LotOutcome(ColouredChoices):
    """The decision on one lot of an application, shown to the provider with its reasons."""

    ADMIT = "admit", "Admitted"
    REJECT = "reject", "Rejected"


@tag_colours(ACTIVE="green", SUSPENDED="orange", REMOVED="red")
class MembershipStatus(ColouredChoices):
    """Whether a member may be offered work: active, suspended until a date, or removed."""

    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    REMOVED = "removed", "Removed"




class PriceUnit(models.TextChoices):
    """What one tendered price buys."""

    PER_HOUR = "per_hour", "Per hour"
    PER_WEEK = "per_week", "Per week"
    PER_NIGHT = "per_night", "Per night"
    PER_SESSION = "per_session", "Per session"
    PER_VISIT = "per_visit", "Per visit"


class CqcMinimum(models.TextChoices):
    """The lowest current CQC rating a lot admits, on every registered service of its types."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good or better"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement or better"


class TieBreak(models.TextChoices):
    """How equal weighted scores are ordered when a capped lot admits by rank."""

    QUALITY_PRICE_EARLIER = "quality_price_earlier", (
        "Higher quality score, then lower main price, then earlier submission")
    PRICE_QUALITY_EARLIER = "price_quality_earlier", (
        "Lower main price, then higher quality score, then earlier submission")
    EARLIER = "earlier", "Earlier submission"
