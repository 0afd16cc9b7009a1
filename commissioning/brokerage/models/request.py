"""The person, their request for care, and the front-door options considered first."""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import StatusEvent, TimeStampedModel
from commissioning.procurement.models import Lot
from commissioning.providers.models import ClientGroup, Locality, ServiceType, Specialism
from commissioning.providers.validators import validate_postcode

from ..choices import EVENT_LABELS, FrontDoorOption, FrontDoorOutcome, RequestStatus, UnmetReason, Urgency
from ..querysets import CouncilOnlyQuerySet


class Person(TimeStampedModel):
    """Someone with eligible needs. Providers only ever see `reference`; the name, date of birth and
    address are for council staff (ADR 0007)."""

    reference = models.CharField(max_length=20, unique=True, help_text="Pseudonymous, e.g. P-004217")
    name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True, help_text="Removed when the record is anonymised")
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])
    funder = models.CharField(max_length=100, default="Council (Care Act 2014)",
                              help_text="Who pays: the council, health (CHC), joint, or self-funding")
    anonymised_at = models.DateTimeField(null=True, blank=True,
                                         help_text="When the record was anonymised after the retention period")

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]

    def __str__(self):
        return self.reference


class CareRequest(TimeStampedModel):
    """A social worker's request for a package of care, worked by brokerage until it is placed."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_requests")
    needs = models.TextField("assessed needs", help_text="Never include the person's name, date of birth or address")
    outcomes = models.TextField("outcomes the care should achieve")
    client_group = models.ForeignKey(ClientGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    specialisms = models.ManyToManyField(Specialism, blank=True, related_name="+")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="care_requests")
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+")
    hours_per_week = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True,
                                         validators=[MinValueValidator(Decimal("0.25"))])
    visits_per_day = models.PositiveSmallIntegerField(null=True, blank=True)
    minutes_per_visit = models.PositiveSmallIntegerField(null=True, blank=True)
    days_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    postcode = models.CharField(max_length=8, validators=[validate_postcode],
                                help_text="Where care is delivered; providers see the district only")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="+")
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    start_date = models.DateField("wanted start date")
    backdate_reason = models.TextField(blank=True, help_text="Why the wanted start is in the past")
    primary_lot = models.ForeignKey(Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    help_text="The lot the request was first made on, when sent to a reserve lot")
    reserve_reason = models.TextField(blank=True, help_text="Why the request was sent to a reserve lot")
    urgency = StatusField(Urgency, max_length=20, default=Urgency.STANDARD)
    budget_pence = models.PositiveIntegerField("indicative weekly budget (pence)")
    status = StatusField(RequestStatus, max_length=20, default=RequestStatus.NEW, db_index=True)
    unmet_reason = models.CharField(max_length=20, choices=UnmetReason.choices, blank=True)
    waiting_since = models.DateTimeField(help_text="When the request last joined the broker's queue")
    sourced_at = models.DateTimeField(null=True, blank=True, help_text="When a provider accepted the package")
    # A spot purchase off the list needs a waiver reason and an approver.
    spot_provider = models.ForeignKey("providers.Provider", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    spot_rate_pence = models.PositiveIntegerField(null=True, blank=True)
    waiver_reason = models.TextField(blank=True)
    waiver_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    waiver_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at"], name="carerequest_newest_first"),
                   # the queue and unmet need read the few requests still waiting among every one placed
                   models.Index(fields=["status", "waiting_since"], name="carerequest_status_waiting")]
        constraints = [
            models.CheckConstraint(
                name="request_hours_or_pattern",
                condition=models.Q(hours_per_week__isnull=False) | models.Q(
                    visits_per_day__isnull=False, minutes_per_visit__isnull=False, days_per_week__isnull=False)),
        ]

    def __str__(self):
        return f"Request R-{self.pk:05d}" if self.pk else "New request"

    def get_absolute_url(self):
        return reverse("brokerage:request_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"R-{self.pk:05d}"

    @property
    def weekly_hours(self) -> Decimal:
        """Hours a week, from the hours given or the visit pattern."""
        if self.hours_per_week is not None:
            return self.hours_per_week
        minutes = self.visits_per_day * self.minutes_per_visit * self.days_per_week
        return (Decimal(minutes) / 60).quantize(Decimal("0.01"))

    @property
    def postcode_district(self) -> str:
        return self.postcode.split(" ")[0]

    @property
    def counts_beds(self) -> bool:
        return self.service_type.capacity_unit != "hours"


class FrontDoorCheck(models.Model):
    """A front-door option the broker considered before buying a package, and what came of it."""

    request = models.ForeignKey(CareRequest, on_delete=models.CASCADE, related_name="front_door_checks")
    option = models.CharField(max_length=20, choices=FrontDoorOption.choices)
    outcome = models.CharField(max_length=20, choices=FrontDoorOutcome.choices)
    note = models.TextField(blank=True)
    suggested = models.ForeignKey("directory.Listing", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="service suggested from the directory")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "option"], name="one_check_per_option")]

    def __str__(self):
        what = f"{self.suggested} (from the directory)" if self.suggested_id else self.get_option_display()
        return f"{what}: {self.get_outcome_display()}"


class RequestStatusEvent(StatusEvent):
    """Append-only history of a request: who moved it, when, from what to what, and why."""

    request = models.ForeignKey(CareRequest, on_delete=models.CASCADE, related_name="status_events")

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta(StatusEvent.Meta):
        pass

    @property
    def event_label(self) -> str:
        """What happened, in people's words."""
        return EVENT_LABELS.get(self.event, self.event.replace("_", " ").capitalize())

    @property
    def from_label(self) -> str:
        """The status before, in people's words."""
        return RequestStatus(self.from_status).label if self.from_status in RequestStatus.values else ""

    @property
    def to_label(self) -> str:
        """The status after, in people's words."""
        return RequestStatus(self.to_status).label if self.to_status in RequestStatus.values else ""
