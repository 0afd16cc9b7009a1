"""Contract management (ADR 0026, "Contract management"): meetings with a contract's provider at
its market's frequency covering the four areas, the actions they agree, breaches of the contract
with the penalty or remedy applied, and the contract's KPIs with the providers' returns. Meetings
and KPIs moved here from the quality app, keeping their rows."""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import TimeStampedModel

from ..choices import BreachStatus, KpiDirection, KpiPeriod
from ..querysets import (
    BreachQuerySet,
    KpiDefinitionQuerySet,
    KpiReturnQuerySet,
    MeetingActionQuerySet,
    MeetingQuerySet,
)
from .register import Contract

FOUR_AREAS = ("compliance", "performance", "quality", "improvement")


class ContractMeeting(TimeStampedModel):
    """A contract management meeting with a provider, covering the four areas: compliance (terms,
    specification, value, breaches and penalties), performance against KPIs, quality assurance and
    continuous improvement. A meeting moved from the quality app whose provider and market matched no
    register entry has no contract until one is chosen on its page."""

    contract = models.ForeignKey(Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="contract_meetings")
    market_area = models.ForeignKey("accounts.Market", to_field="code", db_column="market_area",
                                    on_delete=models.PROTECT, related_name="contract_meetings")
    scheduled_for = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    compliance = models.TextField("compliance", blank=True, help_text="Terms, specification, value")
    breaches = models.TextField(blank=True)
    penalties_pence = models.PositiveIntegerField("penalties (pence)", default=0)
    performance = models.TextField("performance against KPIs", blank=True)
    quality = models.TextField("quality", blank=True)
    improvement = models.TextField("continuous improvement", blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_for", "id"]

    def __str__(self):
        return f"Contract meeting with {self.provider} ({self.scheduled_for:%d %b %Y})"

    def get_absolute_url(self):
        return reverse("contracts:meeting_detail", args=[self.pk])


class MeetingAction(TimeStampedModel):
    """An action agreed at a contract meeting: what, who owns it, by when, and when it was done."""

    meeting = models.ForeignKey(ContractMeeting, on_delete=models.PROTECT, related_name="actions")
    what = models.TextField("what is to be done")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contract_actions")
    due = models.DateField("due by")
    done_on = models.DateField(null=True, blank=True)

    objects = MeetingActionQuerySet.as_manager()

    class Meta:
        ordering = ["done_on", "due", "id"]

    def __str__(self):
        return self.what[:80]

    def get_absolute_url(self):
        return reverse("contracts:action_edit", args=[self.pk])


class Breach(TimeStampedModel):
    """A breach of a contract by a provider, recorded at a contract meeting or on its own: what
    happened, the term breached, when it was found, and the penalty (whole pence) or remedy applied.
    Open, then remedied, then closed; every change is in its history."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="breaches")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="contract_breaches")
    meeting = models.ForeignKey(ContractMeeting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="breach_records")
    what_happened = models.TextField()
    term = models.CharField("term breached", max_length=200, help_text="The clause or part of the specification")
    found_on = models.DateField()
    penalty_pence = models.BigIntegerField("penalty", default=0, validators=[MinValueValidator(0)])
    remedy = models.TextField("remedy", blank=True)
    status = StatusField(BreachStatus, max_length=10, default=BreachStatus.OPEN)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = BreachQuerySet.as_manager()

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name_plural = "breaches"
        constraints = [models.CheckConstraint(name="breach_penalty_not_negative",
                                              condition=models.Q(penalty_pence__gte=0))]

    def __str__(self):
        return f"Breach of {self.term} by {self.provider} ({self.found_on:%d %b %Y})"

    def get_absolute_url(self):
        return reverse("contracts:breach_detail", args=[self.pk])


class KpiDefinition(models.Model):
    """A key performance indicator of a contract, with its target. The providers who make returns
    are the contract's supplier, or the members of its approved list."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=30, help_text="For example %, visits, hours")
    target = models.DecimalField(max_digits=10, decimal_places=2)
    direction = models.CharField(max_length=10, choices=KpiDirection.choices, default=KpiDirection.AT_LEAST)
    period = models.CharField(max_length=10, choices=KpiPeriod.choices, default=KpiPeriod.MONTHLY)
    days_to_submit = models.PositiveSmallIntegerField(default=10, validators=[MinValueValidator(1),
                                                                             MaxValueValidator(90)])

    objects = KpiDefinitionQuerySet.as_manager()

    class Meta:
        ordering = ["contract", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_direction_display().lower()} {self.target}{self.unit})"

    def met(self, value: Decimal) -> bool:
        return value >= self.target if self.direction == KpiDirection.AT_LEAST else value <= self.target


class KpiReturn(models.Model):
    """A provider's figure for one KPI and period; one per period, marked late after its deadline."""

    kpi = models.ForeignKey(KpiDefinition, on_delete=models.PROTECT, related_name="returns")
    provider = models.ForeignKey("providers.Provider", on_delete=models.PROTECT, related_name="kpi_returns")
    period_start = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.TextField(blank=True)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    late = models.BooleanField(default=False)

    objects = KpiReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start"]
        constraints = [models.UniqueConstraint(fields=["kpi", "provider", "period_start"],
                                               name="one_return_per_period")]

    def __str__(self):
        return f"{self.kpi.name} for {self.period_start:%b %Y}"
