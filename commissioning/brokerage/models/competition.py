"""Further competition: a requirement sent to the eligible members of a lot, and their offers."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import AgreedScore, EvaluatorScore, StatusEvent
from commissioning.procurement.models import Lot
from commissioning.providers.models import Provider, Service

from ..choices import CompetitionStatus, OfferStatus
from ..querysets import (
    CompetitionQuerySet,
    CompetitionStatusQuerySet,
    CouncilOnlyQuerySet,
    OfferRevisionQuerySet,
    ProviderScopedQuerySet,
)
from .request import CareRequest


class Competition(models.Model):
    """One call-off competition for one request. The invited providers are fixed when it opens, so a
    provider admitted to the lot later is not added (Derby 2019 paper)."""

    request = models.ForeignKey(CareRequest, on_delete=models.PROTECT, related_name="competitions")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="competitions")
    opened_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    quality_weight = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    moderated = models.BooleanField(default=False, help_text="A moderator agrees each offer's final scores")
    score_scale_max = models.PositiveSmallIntegerField(default=5, validators=[MinValueValidator(1),
                                                                              MaxValueValidator(100)])
    status = StatusField(CompetitionStatus, max_length=20, default=CompetitionStatus.OPEN)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self):
        return f"Competition C-{self.pk:05d}"

    def get_absolute_url(self):
        return reverse("brokerage:competition_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"C-{self.pk:05d}"

    @property
    def price_weight(self) -> int:
        return 100 - self.quality_weight


class CompetitionInvite(models.Model):
    """An eligible member the requirement went to, when it opened."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="invites")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="competition_invites")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    distance_km = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    quality_score = models.DecimalField(max_digits=5, decimal_places=2)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)

    objects = ProviderScopedQuerySet.as_manager()

    class Meta:
        ordering = ["provider__name"]
        constraints = [models.UniqueConstraint(fields=["competition", "provider"], name="one_invite_per_provider")]

    def __str__(self):
        return f"{self.provider} invited to {self.competition}"


class Offer(models.Model):
    """A provider's offer: price, start date and answers on the outcomes. One per provider; it can be
    revised until the competition closes. Scores and rank are set when the competition closes."""

    competition = models.ForeignKey(Competition, on_delete=models.PROTECT, related_name="offers")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="offers")
    invite = models.OneToOneField(CompetitionInvite, on_delete=models.PROTECT, related_name="offer")
    rate_pence = models.PositiveIntegerField("rate (pence)", validators=[MinValueValidator(1)],
                                             help_text="Per hour for hours-based care, per week for beds")
    weekly_cost_pence = models.PositiveIntegerField()
    start_date = models.DateField()
    outcome_answers = models.TextField("how you will meet the outcomes")
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = StatusField(OfferStatus, max_length=20, default=OfferStatus.SUBMITTED)
    quality_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    price_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    total_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = ProviderScopedQuerySet.as_manager()

    class Meta:
        ordering = ["rank", "submitted_at"]
        constraints = [models.UniqueConstraint(fields=["competition", "provider"], name="one_offer_per_provider")]

    def __str__(self):
        return f"Offer from {self.provider} to {self.competition}"


class OfferRevision(models.Model):
    """Append-only copy of each version of an offer as submitted (price, start date, answers, who,
    when), so a revised offer keeps its earlier prices (issue 10, point 7)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    rate_pence = models.PositiveIntegerField("rate (pence)")
    weekly_cost_pence = models.PositiveIntegerField()
    start_date = models.DateField()
    outcome_answers = models.TextField("how you will meet the outcomes")
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = OfferRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["offer", "number"]
        constraints = [models.UniqueConstraint(fields=["offer", "number"], name="one_revision_number_per_offer")]

    def __str__(self):
        return f"Version {self.number} of {self.offer}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Offer revisions are append-only.")
        super().save(*args, **kwargs)


class CompetitionQuestion(models.Model):
    """An outcome question of a competition, set from the request's outcomes when it opens; every
    offer answers each one and evaluators score the answers."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    weight = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])

    objects = CompetitionStatusQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "number"]
        constraints = [models.UniqueConstraint(fields=["competition", "number"], name="one_question_number")]

    def __str__(self):
        return f"Q{self.number}. {self.text[:80]}"


class OfferAnswer(models.Model):
    """An offer's current answer to one outcome question."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(CompetitionQuestion, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField()

    objects = OfferRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["question__number"]
        constraints = [models.UniqueConstraint(fields=["offer", "question"], name="one_offer_answer_per_question")]

    def __str__(self):
        return f"Answer to {self.question}"


class OfferScore(EvaluatorScore):
    """One evaluator's own score and reason for one answer of an offer; council staff only."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(CompetitionQuestion, on_delete=models.PROTECT, related_name="+")

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["offer", "question", "evaluator"],
                                               name="one_offer_score_per_evaluator")]


class OfferModeratedScore(AgreedScore):
    """The agreed final score of one answer of an offer, set by the moderator."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="moderated_scores")
    question = models.ForeignKey(CompetitionQuestion, on_delete=models.PROTECT, related_name="+")

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["offer", "question"], name="one_offer_moderated_score")]


class CompetitionStatusEvent(StatusEvent):
    """Append-only history of a competition: closed, awarded or closed without an award."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="status_events")

    objects = CompetitionStatusQuerySet.as_manager()

    class Meta(StatusEvent.Meta):
        pass


class OfferStatusEvent(StatusEvent):
    """Append-only history of an offer: submitted, revised, withdrawn, awarded or not."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="status_events")

    objects = OfferRevisionQuerySet.as_manager()

    class Meta(StatusEvent.Meta):
        pass
