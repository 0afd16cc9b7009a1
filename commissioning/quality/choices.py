"""Ratings, statuses and stages of quality assurance and contract management. Every one shown as a
tag carries its own GOV.UK tag colour."""
from django.db import models

from commissioning.core.choices import ColouredChoices, tag_colours


@tag_colours(EXCELLENT="green", GOOD="green", REQUIRES_IMPROVEMENT="yellow", POOR="red")
class StandardRating(ColouredChoices):
    """The four ratings of a standard, a domain and an audit (Excellent 4 points down to Poor 1)."""

    EXCELLENT = "excellent", "Excellent"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    POOR = "poor", "Poor"


@tag_colours(GREEN="green", AMBER="orange", RED="red")
class AuditRag(ColouredChoices):
    """The council RAG an audit earns, which becomes the service's council rating on publication
    (the same values as the providers' council RAG)."""

    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class RatingMethod(models.TextChoices):
    MEAN = "mean", "Mean of the ratings, banded"
    LOWEST = "lowest", "Lowest rating"


class AuditKind(models.TextChoices):
    ANNOUNCED = "announced", "Annual audit, announced"
    UNANNOUNCED = "unannounced", "Annual audit, unannounced"
    MONITORING = "monitoring", "Monitoring visit"
    REAUDIT = "reaudit", "Re-audit"


@tag_colours(PLANNED="grey", IN_PROGRESS="blue", DRAFT="yellow", FINAL="green", CANCELLED="grey")
class AuditStatus(ColouredChoices):
    """Where an audit is: planned, on the visit, a draft the provider may challenge, final."""

    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DRAFT = "draft", "Draft with the provider"
    FINAL = "final", "Final"
    CANCELLED = "cancelled", "Cancelled"


@tag_colours(REQUIRED="orange", SUBMITTED="blue", ACCEPTED="green", COMPLETED="grey")
class PlanStatus(ColouredChoices):
    """Where an action plan is: awaited from the provider, with the officer, live, completed."""

    REQUIRED = "required", "Required from the provider"
    SUBMITTED = "submitted", "Submitted for review"
    ACCEPTED = "accepted", "Accepted, live"
    COMPLETED = "completed", "Completed"


@tag_colours(OPEN="blue", CLOSED="grey")
class ReviewStatus(ColouredChoices):
    """A contract review or safety check is open until its outcome is recorded."""

    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


@tag_colours(INITIAL_MEETING="yellow", IMPROVEMENT_PLAN="orange", SAFEGUARDING="red", SUSPENDED="red", EXIT="red",
             CLOSED="grey")
class ConcernStage(ColouredChoices):
    """The stages of a provider concern case, escalating towards provider failure."""

    INITIAL_MEETING = "initial_meeting", "Initial meeting"
    IMPROVEMENT_PLAN = "improvement_plan", "Improvement plan"
    SAFEGUARDING = "safeguarding", "Whole-service safeguarding"
    SUSPENDED = "suspended", "Suspension of new placements"
    EXIT = "exit", "Exit or provider failure"
    CLOSED = "closed", "Closed"


class FeedbackKind(models.TextChoices):
    COMPLIMENT = "compliment", "Compliment"
    COMPLAINT = "complaint", "Complaint"
    COMMENT = "comment", "Comment"
