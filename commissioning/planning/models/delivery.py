"""The strategy's delivery plan (seed 003): its aims, the recommendations that deliver them, each
with an owner, milestones, a RAG rating with its reason, evidence of progress and annual reviews."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import TimeStampedModel

from ..choices import Rag
from ..querysets import PlanningQuerySet
from .consultations import Consultation
from .timetables import Project


class Aim(models.Model):
    """One of the strategy's aims, "the key things that we want to achieve by 2027"."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=80)
    text = models.TextField()

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Recommendation(TimeStampedModel):
    """A recommendation of the strategy, tracked: who owns it, how it stands (a RAG rating always
    with its reason) and when it is next reviewed (the strategy is reviewed annually)."""

    aim = models.ForeignKey(Aim, on_delete=models.PROTECT, related_name="recommendations")
    kind = models.CharField("kind of recommendation", max_length=40)
    text = models.TextField("recommendation")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="planning_recommendations")
    rag = StatusField(Rag, "RAG rating", max_length=10, blank=True)
    rag_reason = models.TextField("reason for the rating", blank=True)
    next_review_on = models.DateField("next review", null=True, blank=True)

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["aim__number", "pk"]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79].rstrip() + "…"

    def get_absolute_url(self):
        return reverse("planning:recommendation_detail", args=[self.pk])


class Milestone(models.Model):
    """A step of a recommendation with its target date and, once reached, its actual date."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    target_date = models.DateField("target date", null=True, blank=True)
    actual_date = models.DateField("actual date", null=True, blank=True)

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "target_date", "pk"]

    def __str__(self):
        return self.title


class Evidence(models.Model):
    """A record that shows a recommendation's progress: a procurement timetable, a consultation or an
    approved provider list (exactly one of them)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="evidence")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name="procurement timetable")
    consultation = models.ForeignKey(Consultation, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    approved_list = models.ForeignKey("procurement.ApprovedList", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name="approved provider list")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "added_at", "pk"]
        constraints = [models.CheckConstraint(
            condition=(Q(project__isnull=False, consultation__isnull=True, approved_list__isnull=True)
                       | Q(project__isnull=True, consultation__isnull=False, approved_list__isnull=True)
                       | Q(project__isnull=True, consultation__isnull=True, approved_list__isnull=False)),
            name="planning_evidence_names_one_record")]

    def __str__(self):
        return f"{self.kind}: {self.record}"

    @property
    def record(self):
        return self.project or self.consultation or self.approved_list

    @property
    def kind(self) -> str:
        return ("Procurement timetable" if self.project_id else "Consultation" if self.consultation_id
                else "Approved provider list")


class Review(models.Model):
    """An annual review of a recommendation: what was found, the rating then and the next review date.
    Append-only, so the plan's history reads year by year."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField("date reviewed")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField("what the review found")
    rag = StatusField(Rag, "RAG rating", max_length=10)
    next_review_on = models.DateField("next review")

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "-reviewed_on", "-pk"]

    def __str__(self):
        return f"Review of {self.reviewed_on:%-d %B %Y}"
