"""A service (a CQC location, or a council-only service) run by a provider."""
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import StatusEvent, TimeStampedModel

from ..choices import CouncilRag, CqcRating, ServiceStatus
from ..querysets import ServiceQuerySet
from ..validators import validate_cqc_id, validate_postcode
from .provider import Provider
from .reference import ClientGroup, Locality, ServiceType, Specialism


class Service(TimeStampedModel):
    """Where and what a provider delivers: address, capacity and CQC rating. A service without a
    CQC location ID is a council-only service (not regulated by CQC) and is first-class.

    Status: active → closed → active again (workflows.py); a CQC import closes a deregistered location.
    Each move is a status-event row.
    """

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200, db_index=True)
    cqc_location_id = models.CharField(
        "CQC location ID", max_length=20, blank=True, null=True, unique=True, validators=[validate_cqc_id]
    )
    status = StatusField(ServiceStatus, max_length=20, default=ServiceStatus.ACTIVE)
    address_line_1 = models.CharField("address line 1", max_length=200)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=8, validators=[validate_postcode], db_index=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT, related_name="services")
    service_types = models.ManyToManyField(ServiceType, related_name="services")
    specialisms = models.ManyToManyField(Specialism, blank=True, related_name="services")
    client_groups = models.ManyToManyField(ClientGroup, blank=True, related_name="services")
    beds = models.PositiveIntegerField("beds", null=True, blank=True)
    hours_per_week = models.PositiveIntegerField("hours per week", null=True, blank=True)
    cqc_rating = StatusField(CqcRating, "CQC rating", max_length=30, blank=True)
    cqc_rating_date = models.DateField("CQC rating date", null=True, blank=True)
    council_rag = StatusField(CouncilRag, "council RAG rating", max_length=10, blank=True,
                              help_text="The council's own quality mark; Red stops new placements")
    telephone = models.CharField(max_length=30, blank=True)
    website = models.URLField(blank=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("providers:service_detail", args=[self.pk])

    @property
    def is_cqc_registered(self) -> bool:
        return bool(self.cqc_location_id)

    @property
    def postcode_district(self) -> str:
        return self.postcode.split(" ")[0] if self.postcode else ""


class ServiceStatusEvent(StatusEvent):
    """One move of a service's status (closed, reopened): who made it, when, and why."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="status_events")
