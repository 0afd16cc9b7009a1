"""A provider organisation: the legal body the council contracts with."""
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import StatusEvent, TimeStampedModel

from ..choices import ProviderStatus
from ..querysets import ProviderQuerySet
from ..validators import validate_companies_house_number, validate_cqc_id


class Provider(TimeStampedModel):
    """An organisation providing care. It may be CQC-registered (with a CQC provider ID) or a
    council-only provider with no registration (e.g. a day opportunities charity).

    Status: active → inactive or ceased trading; inactive → active or ceased trading; ceased trading →
    active when reinstated (workflows.py). Each move is a status-event row.
    """

    name = models.CharField("trading name", max_length=200, db_index=True)
    legal_name = models.CharField(max_length=200)
    companies_house_number = models.CharField(
        max_length=8, blank=True, validators=[validate_companies_house_number]
    )
    cqc_provider_id = models.CharField(
        "CQC provider ID", max_length=20, blank=True, null=True, unique=True, validators=[validate_cqc_id]
    )
    status = StatusField(ProviderStatus, max_length=20, default=ProviderStatus.ACTIVE)
    contact_name = models.CharField("main contact name", max_length=200, blank=True)
    contact_email = models.EmailField("main contact email", blank=True)
    contact_phone = models.CharField("main contact telephone", max_length=30, blank=True)
    website = models.URLField(blank=True)
    address = models.CharField("registered office address", max_length=300, blank=True)
    new_placements_suspended = models.BooleanField(
        default=False, help_text="While set, brokerage makes no new awards to this provider")

    objects = ProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("providers:provider_detail", args=[self.pk])


class ProviderStatusEvent(StatusEvent):
    """One move of a provider's status: who made it, when, and why."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="status_events")
