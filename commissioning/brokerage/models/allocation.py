"""A batch allocation: a proposal for many waiting requests, reviewed and edited before award."""
from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import StatusEvent
from commissioning.procurement.models import Lot
from commissioning.providers.models import Provider, Service

from ..choices import AllocationStatus
from ..querysets import CouncilOnlyQuerySet
from .request import CareRequest


class AllocationRun(models.Model):
    """A proposal for many waiting requests on one lot: proposed, then awarded or discarded by a broker."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="allocation_runs")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = StatusField(AllocationStatus, max_length=20, default=AllocationStatus.PROPOSED)
    score = models.DecimalField(max_digits=14, decimal_places=2)
    bound = models.DecimalField(max_digits=14, decimal_places=2)
    greedy_score = models.DecimalField(max_digits=14, decimal_places=2)
    seconds = models.DecimalField(max_digits=8, decimal_places=3)

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Allocation A-{self.pk:05d}"

    def get_absolute_url(self):
        return reverse("brokerage:allocation_detail", args=[self.pk])


class AllocationLine(models.Model):
    """One request of a proposal and the provider proposed for it (or none: left waiting)."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="lines")
    request = models.ForeignKey(CareRequest, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    # The eligible choices when proposed: [{"provider": id, "service": id, "name": str, "points": str,
    # "standing": the standing's summary when an award to that provider needs a reason, else ""}]
    options = models.JSONField(default=list)
    standing_reason = models.TextField(
        blank=True, help_text="Why the broker places this request with a provider whose standing needs a reason "
                              "(Amber, open concerns or a contract review); kept on the agreement")

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["request__urgency", "request__waiting_since"]
        constraints = [models.UniqueConstraint(fields=["run", "request"], name="one_line_per_request")]

    def __str__(self):
        return f"{self.request} → {self.provider or 'left waiting'}"


class AllocationRunStatusEvent(StatusEvent):
    """Append-only history of a batch allocation: awarded or discarded, by whom."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="status_events")

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta(StatusEvent.Meta):
        pass
