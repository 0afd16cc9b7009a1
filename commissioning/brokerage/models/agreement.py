"""The individual service agreement: the call-off contract for one person's package."""
from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import StatusEvent, TimeStampedModel
from commissioning.procurement.models import Lot
from commissioning.providers.models import Provider, Service

from ..choices import EVENT_LABELS, AgreementStatus, AwardRoute, DirectAwardReason
from ..querysets import AgreementStatusQuerySet, ProviderScopedQuerySet
from .competition import Offer
from .request import CareRequest, Person


class Agreement(TimeStampedModel):
    """Made by an award; the provider accepts it or declines it with a reason. At most one live
    (offered or accepted) agreement per request, enforced by the database, so two brokers awarding
    the same request at once cannot both succeed."""

    request = models.ForeignKey(CareRequest, on_delete=models.PROTECT, related_name="agreements")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="agreements")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="agreements")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="agreements")
    lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="agreements")
    route = models.CharField(max_length=20, choices=AwardRoute.choices)
    offer = models.OneToOneField(Offer, null=True, blank=True, on_delete=models.PROTECT, related_name="agreement")
    award_reason = models.CharField(max_length=20, choices=DirectAwardReason.choices, blank=True)
    award_note = models.TextField(blank=True)
    standing_summary = models.CharField(max_length=300, blank=True,
                                        help_text="The provider's council rating, concerns and reviews when awarded")
    standing_reason = models.TextField(blank=True, help_text="Why the award went ahead despite that standing")
    awarded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rate_pence = models.PositiveIntegerField("rate (pence)")
    counts_beds = models.BooleanField(default=False, help_text="Rate is per week for a bed or place")
    hours_per_week = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    visits_per_day = models.PositiveSmallIntegerField(null=True, blank=True)
    minutes_per_visit = models.PositiveSmallIntegerField(null=True, blank=True)
    days_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    start_date = models.DateField()
    weekly_cost_pence = models.PositiveIntegerField()
    status = StatusField(AgreementStatus, max_length=20, default=AgreementStatus.OFFERED)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    decline_reason = models.TextField(blank=True)

    objects = ProviderScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at"], name="agreement_newest_first")]
        constraints = [
            models.UniqueConstraint(fields=["request"], name="one_live_agreement_per_request",
                                    condition=models.Q(status__in=["offered", "accepted"])),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("brokerage:agreement_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"ISA-{self.pk:05d}" if self.pk else "New agreement"


class AgreementStatusEvent(StatusEvent):
    """Append-only history of an agreement: offered, accepted or declined, ended."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="status_events")

    objects = AgreementStatusQuerySet.as_manager()

    class Meta(StatusEvent.Meta):
        pass

    @property
    def event_label(self) -> str:
        """What happened, in people's words."""
        return EVENT_LABELS.get(self.event, self.event.replace("_", " ").capitalize())
