"""Quality assurance: the audit framework, audits and their ratings, action plans, escalations
(contract reviews, safety checks), provider concern cases, safeguardings and feedback. Contract
meetings and KPIs are the contracts app's (ADR 0026)."""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import StatusEvent, TimeStampedModel
from commissioning.providers.models import Provider, Service

from . import querysets
from .choices import (
    AuditKind,
    AuditRag,
    AuditStatus,
    ConcernStage,
    FeedbackKind,
    PlanStatus,
    RatingMethod,
    ReviewStatus,
    StandardRating,
)
from .domain.rating import DEFAULT_RAG, Bands


def default_rag_mapping():
    return dict(DEFAULT_RAG)


class Framework(models.Model):
    """An audit framework: domains of standards, how ratings combine, and how a rating maps to RAG.
    The default is the 5 domains and 16 standards many councils use (migration 0002)."""

    name = models.CharField(max_length=200, unique=True)
    is_default = models.BooleanField(default=False)
    method = models.CharField(max_length=10, choices=RatingMethod.choices, default=RatingMethod.MEAN)
    excellent_from = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("3.50"))
    good_from = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("2.50"))
    requires_improvement_from = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("1.50"))
    rag_mapping = models.JSONField(default=default_rag_mapping)

    class Meta:
        ordering = ["-is_default", "name"]

    def __str__(self):
        return self.name

    @property
    def bands(self) -> Bands:
        return Bands(excellent=self.excellent_from, good=self.good_from,
                     requires_improvement=self.requires_improvement_from)


class Domain(models.Model):
    """A domain of a framework's standards; its rating combines its standards' ratings."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="domain_number_unique")]

    def __str__(self):
        return self.name


class Standard(models.Model):
    """A standard of a domain, rated with evidence in every audit."""

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="standards")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Audit(TimeStampedModel):
    """One audit or monitoring visit of a service. Status: planned → in progress → draft (the
    provider has 14 days to challenge facts) → final."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="audits")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="audits")
    kind = models.CharField(max_length=20, choices=AuditKind.choices)
    status = StatusField(AuditStatus, max_length=20, default=AuditStatus.PLANNED)
    planned_for = models.DateField()
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="audits")
    visited_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    draft_issued_on = models.DateField(null=True, blank=True)
    comments_due = models.DateField(null=True, blank=True)
    provider_agreed_on = models.DateField(null=True, blank=True,
                                          help_text="When the provider said it has no more challenges")
    published_on = models.DateField(null=True, blank=True)
    domain_ratings = models.JSONField(default=dict, blank=True)
    overall_rating = StatusField(StandardRating, max_length=30, blank=True)
    rag = StatusField(AuditRag, "council RAG", max_length=10, blank=True)
    reason = models.CharField(max_length=300, blank=True, help_text="Why a monitoring visit or re-audit was added")

    objects = querysets.AuditQuerySet.as_manager()

    class Meta:
        ordering = ["planned_for", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.service} ({self.planned_for:%d %b %Y})"

    def get_absolute_url(self):
        return reverse("quality:audit_detail", args=[self.pk])

    @property
    def domain_rating_rows(self) -> list[tuple[str, StandardRating | str]]:
        """Each domain's rating as a member (its label and tag colour), in the order the audit stored them."""
        return [(name, StandardRating(value) if value in StandardRating.values else value)
                for name, value in (self.domain_ratings or {}).items()]


class AuditStatusEvent(StatusEvent):
    """One move of an audit through its workflow (planned, in progress, draft, final, cancelled)."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="status_events")


class StandardAssessment(models.Model):
    """The rating and evidence of one standard in one audit."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="assessments")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    rating = StatusField(StandardRating, max_length=30)
    evidence = models.TextField()

    class Meta:
        ordering = ["standard__domain__number", "standard__number"]
        constraints = [models.UniqueConstraint(fields=["audit", "standard"], name="one_rating_per_standard")]

    def __str__(self):
        return f"{self.standard}: {self.get_rating_display()}"


class Challenge(models.Model):
    """A provider's challenge to a fact in the draft report, and the officer's answer."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="challenges")
    standard = models.ForeignKey(Standard, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = querysets.ByAuditQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at", "id"]

    def __str__(self):
        return f"Challenge to {self.audit}"


class ActionPlan(TimeStampedModel):
    """Required when an audit is Amber or Red: the provider sets out an action per issue within 14
    days; the officer reviews it and follows progress."""

    audit = models.OneToOneField(Audit, on_delete=models.PROTECT, related_name="action_plan")
    status = StatusField(PlanStatus, max_length=20, default=PlanStatus.REQUIRED)
    due = models.DateField(help_text="When the provider must submit the plan")
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    review_note = models.TextField(blank=True)

    objects = querysets.ByAuditQuerySet.as_manager()

    def __str__(self):
        return f"Action plan for {self.audit}"

    def get_absolute_url(self):
        return reverse("quality:plan_detail", args=[self.pk])


class ActionPlanStatusEvent(StatusEvent):
    """One move of an action plan (required, submitted, accepted, completed)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="status_events")


class ActionItem(models.Model):
    """One action of a plan: the issue, what the provider will do, who, by when, and progress."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items")
    issue = models.TextField()
    action = models.TextField()
    owner = models.CharField(max_length=200)
    due = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    progress = models.TextField(blank=True)

    objects = querysets.ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due", "id"]

    def __str__(self):
        return self.action[:80]


class ContractReview(TimeStampedModel):
    """A focused contract review for the market's lead commissioner, opened by an Amber or Red audit."""

    audit = models.OneToOneField(Audit, on_delete=models.PROTECT, related_name="contract_review")
    market_area = models.ForeignKey("accounts.Market", to_field="code", db_column="market_area",
                                    on_delete=models.PROTECT, related_name="contract_reviews")
    lead_commissioner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="contract_reviews")
    status = StatusField(ReviewStatus, max_length=10, default=ReviewStatus.OPEN)
    outcome = models.TextField(blank=True)

    objects = querysets.ContractReviewQuerySet.as_manager()

    def __str__(self):
        return f"Contract review after {self.audit}"

    def get_absolute_url(self):
        return reverse("quality:review_detail", args=[self.pk])


class SafetyCheck(TimeStampedModel):
    """A customer-safety check for the social workers of the people placed with the service."""

    audit = models.OneToOneField(Audit, on_delete=models.PROTECT, related_name="safety_check")
    status = StatusField(ReviewStatus, max_length=10, default=ReviewStatus.OPEN)

    objects = querysets.CouncilOnlyQuerySet.as_manager()

    def __str__(self):
        return f"Safety check after {self.audit}"

    def get_absolute_url(self):
        return reverse("quality:safety_check", args=[self.pk])


class ContractReviewStatusEvent(StatusEvent):
    """One move of a contract review (open, closed with its outcome)."""

    review = models.ForeignKey(ContractReview, on_delete=models.CASCADE, related_name="status_events")


class SafetyCheckStatusEvent(StatusEvent):
    """One move of a safety check (open, closed when every person is checked)."""

    safety_check = models.ForeignKey(SafetyCheck, on_delete=models.CASCADE, related_name="status_events")


class SafetyCheckPerson(models.Model):
    """One person placed with the service, checked by their social worker."""

    safety_check = models.ForeignKey(SafetyCheck, on_delete=models.CASCADE, related_name="people")
    agreement = models.ForeignKey("brokerage.Agreement", on_delete=models.PROTECT, related_name="+")
    social_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    objects = querysets.CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["agreement__person__reference"]

    def __str__(self):
        return f"{self.agreement.person} in {self.safety_check}"


class ConcernCase(TimeStampedModel):
    """Provider concerns, escalating stage by stage towards provider failure. While at the
    suspension stage or beyond, the provider gets no new placements."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="concern_cases")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField()
    stage = StatusField(ConcernStage, max_length=20, default=ConcernStage.INITIAL_MEETING)

    objects = querysets.CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Concerns about {self.provider}"

    def get_absolute_url(self):
        return reverse("quality:concern_detail", args=[self.pk])


class ConcernEvent(StatusEvent):
    """One move of a concern case from stage to stage, with who moved it and why."""

    case = models.ForeignKey(ConcernCase, on_delete=models.CASCADE, related_name="status_events")


class Safeguarding(models.Model):
    """An organisational safeguarding referral about a service."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="safeguardings")
    raised_on = models.DateField()
    summary = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = querysets.CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on"]

    def __str__(self):
        return f"Safeguarding at {self.service} on {self.raised_on:%d %b %Y}"


class Feedback(models.Model):
    """A compliment, complaint or comment about a service, from the people it serves or their families."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="feedback")
    received_on = models.DateField()
    kind = models.CharField(max_length=20, choices=FeedbackKind.choices)
    summary = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = querysets.CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{self.get_kind_display()} about {self.service}"
