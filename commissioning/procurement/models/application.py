"""A provider's application to a list: its answers, clarifications, scores and the decision."""
from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import AgreedScore, EvaluatorScore, StatusEvent, TimeStampedModel
from commissioning.providers.models import Provider

from ..choices import ApplicationStatus, LotOutcome
from ..querysets import (
    AnswerQuerySet,
    ApplicationQuerySet,
    ClarificationQuerySet,
    CouncilOnlyQuerySet,
    LotDecisionQuerySet,
)
from .approved_list import ApprovedList, Lot, PriceLine, Question, ReopeningWindow


class Application(TimeStampedModel):
    """One provider's request to join chosen lots of a list. Status moves by the table in
    transitions.py; answers lock at submission; the decision is due 10 working days after
    submission, extendable to 15 with a recorded reason (PCR 2015 reg. 34)."""

    approved_list = models.ForeignKey(ApprovedList, on_delete=models.PROTECT, related_name="applications")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="applications")
    lots = models.ManyToManyField(Lot, related_name="applications")
    window = models.ForeignKey(ReopeningWindow, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="applications", verbose_name="admission round")
    status = StatusField(ApplicationStatus, max_length=20, default=ApplicationStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decision_due = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    weighted_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    passed_conditions = models.BooleanField(null=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.provider} – {self.approved_list.reference}"

    def get_absolute_url(self):
        return reverse("procurement:application_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status != ApplicationStatus.DRAFT


class ApplicationStatusEvent(StatusEvent):
    """Append-only row for each move of an application: who, when, by which event, from, to, why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="status_events")

    @property
    def from_status_label(self) -> str:
        return _status_label(self.from_status)

    @property
    def to_status_label(self) -> str:
        return _status_label(self.to_status)


def _status_label(value: str) -> str:
    try:
        return ApplicationStatus(value).label
    except ValueError:
        return value


class Answer(models.Model):
    """A provider's answer to one question, with an optional attachment and evidence expiry."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    response = models.TextField(blank=True)
    evidence_expires_on = models.DateField("evidence expiry date", null=True, blank=True)
    attachment = models.FileField(upload_to="applications/%Y/%m/", blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"Answer to {self.question}"


class TenderedPrice(models.Model):
    """The price an application tenders for one price line of a lot it applies for."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tendered_prices")
    price_line = models.ForeignKey(PriceLine, on_delete=models.PROTECT, related_name="tendered_prices")
    pence = models.PositiveIntegerField()

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["price_line__lot__number", "price_line__number"]
        constraints = [models.UniqueConstraint(fields=["application", "price_line"], name="one_price_per_line")]

    def __str__(self):
        return f"{self.price_line}: {self.pence}"


class LotEvaluation(models.Model):
    """What moderation found for one lot of an application: the lot's own admission conditions
    (its CQC minimum, regulated services only), with the reasons."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="lot_evaluations")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="evaluations")
    passed_conditions = models.BooleanField()
    reasons = models.TextField(blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["lot__number"]
        constraints = [models.UniqueConstraint(fields=["application", "lot"], name="one_evaluation_per_lot")]

    def __str__(self):
        return f"{self.lot}: {'met' if self.passed_conditions else 'not met'}"


class Clarification(models.Model):
    """A question the council asks about a submitted application, and the provider's answer."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="clarifications")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    question = models.TextField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ClarificationQuerySet.as_manager()

    class Meta:
        ordering = ["asked_at"]

    def __str__(self):
        return f"Clarification asked {self.asked_at:%d %b %Y}"


class Score(EvaluatorScore):
    """One evaluator's own score and reason for one question; hidden from other evaluators."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "question", "evaluator"],
                                               name="one_score_per_evaluator")]


class ModeratedScore(AgreedScore):
    """The agreed final score of a question, set by the moderator."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="moderated_scores")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="one_moderated_score")]


class LotDecision(models.Model):
    """Admit or reject an application for one lot, with the reasons shown to the provider."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="decisions")
    outcome = StatusField(LotOutcome, max_length=10)
    reasons = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    objects = LotDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["lot__number"]
        constraints = [models.UniqueConstraint(fields=["application", "lot"], name="one_decision_per_lot")]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.lot}"
