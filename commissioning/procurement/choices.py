"""Kinds, statuses and outcomes of Approved Provider Lists, with their GOV.UK tag colours."""
from django.db import models


class ListKind(models.TextChoices):
    DPS = "dps", "Dynamic purchasing system (Public Contracts Regulations 2015)"
    DYNAMIC_MARKET = "dynamic_market", "Dynamic market (Procurement Act 2023)"
    OPEN_FRAMEWORK = "open_framework", "Open framework (Procurement Act 2023)"


class AdmissionMode(models.TextChoices):
    CONTINUOUS = "continuous", "Continuously open"
    WINDOWS = "windows", "Reopens in windows"


class ListStatus(models.TextChoices):
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


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CLARIFICATION = "clarification", "Clarification requested"
    MODERATED = "moderated", "Scores moderated"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


class LotOutcome(models.TextChoices):
    ADMIT = "admit", "Admitted"
    REJECT = "reject", "Rejected"


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    REMOVED = "removed", "Removed"


TAG_COLOURS = {
    ListStatus.DRAFT: "grey", ListStatus.OPEN: "green", ListStatus.PAUSED: "yellow", ListStatus.CLOSED: "grey",
    ApplicationStatus.SUBMITTED: "blue", ApplicationStatus.CLARIFICATION: "yellow",
    ApplicationStatus.MODERATED: "purple", ApplicationStatus.DECIDED: "green", ApplicationStatus.WITHDRAWN: "grey",
    LotOutcome.ADMIT: "green", LotOutcome.REJECT: "red",
    MembershipStatus.ACTIVE: "green", MembershipStatus.SUSPENDED: "orange", MembershipStatus.REMOVED: "red",
}
