"""Ratings, statuses and stages of quality assurance and contract management."""
from django.db import models


class StandardRating(models.TextChoices):
    EXCELLENT = "excellent", "Excellent"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    POOR = "poor", "Poor"


class RatingMethod(models.TextChoices):
    MEAN = "mean", "Mean of the ratings, banded"
    LOWEST = "lowest", "Lowest rating"


class AuditKind(models.TextChoices):
    ANNOUNCED = "announced", "Annual audit, announced"
    UNANNOUNCED = "unannounced", "Annual audit, unannounced"
    MONITORING = "monitoring", "Monitoring visit"
    REAUDIT = "reaudit", "Re-audit"


class AuditStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DRAFT = "draft", "Draft with the provider"
    FINAL = "final", "Final"
    CANCELLED = "cancelled", "Cancelled"


class PlanStatus(models.TextChoices):
    REQUIRED = "required", "Required from the provider"
    SUBMITTED = "submitted", "Submitted for review"
    ACCEPTED = "accepted", "Accepted, live"
    COMPLETED = "completed", "Completed"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ConcernStage(models.TextChoices):
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


class KpiDirection(models.TextChoices):
    AT_LEAST = "at_least", "At least the target"
    AT_MOST = "at_most", "At most the target"


class KpiPeriod(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


TAG_COLOURS = {
    StandardRating.EXCELLENT: "purple", StandardRating.REQUIRES_IMPROVEMENT: "yellow", StandardRating.POOR: "red",
    AuditStatus.PLANNED: "grey", AuditStatus.IN_PROGRESS: "blue", AuditStatus.DRAFT: "yellow",
    AuditStatus.FINAL: "green", PlanStatus.REQUIRED: "orange", PlanStatus.ACCEPTED: "green",
    PlanStatus.COMPLETED: "grey", ConcernStage.INITIAL_MEETING: "yellow", ConcernStage.IMPROVEMENT_PLAN: "orange",
    ConcernStage.SAFEGUARDING: "red", ConcernStage.SUSPENDED: "red", ConcernStage.EXIT: "red",
}
