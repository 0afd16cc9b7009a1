"""The funding formula's records: areas with last year's allocation and their need indicators, and
scenarios (budget, floor, ceiling, indicator weights), one of which is approved."""
from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.core.models import TimeStampedModel

from ..querysets import PlanningQuerySet


class Area(TimeStampedModel):
    """An area a budget is shared across (a neighbourhood network area, a locality), with what it
    was allocated last year: the base of its no-loss floor. Finance budgets are per market, so an
    area names the market whose budget its approved allocation goes into."""

    name = models.CharField(max_length=120, unique=True)
    previous_pence = models.PositiveBigIntegerField("last year's allocation", default=0)
    market_area = models.ForeignKey("accounts.Market", to_field="code", db_column="market_area", null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="funding_areas",
                                    verbose_name="market whose budget it funds")

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class IndicatorValue(models.Model):
    """One need indicator of an area (people aged 65 and over, 85 and over, a deprivation count)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.CharField(max_length=80)
    value = models.DecimalField(max_digits=14, decimal_places=2)

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "indicator"]
        constraints = [models.UniqueConstraint(fields=["area", "indicator"], name="planning_one_value_per_indicator")]

    def __str__(self):
        return f"{self.area}: {self.indicator}"


class FundingScenario(TimeStampedModel):
    """A way of sharing a budget: the indicators' weights, the floor and optional ceiling (as
    fractions: 0 is no loss, 0.02 is 2%). Approving one records who chose it and its allocations."""

    name = models.CharField(max_length=120)
    budget_pence = models.PositiveBigIntegerField("budget")
    floor = models.DecimalField(max_digits=6, decimal_places=4, default=0)
    ceiling = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    weights = models.JSONField(default=dict)
    financial_year = models.PositiveSmallIntegerField("financial year it funds", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_pence = models.JSONField("approved allocations", default=dict, blank=True)

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("planning:scenario_detail", args=[self.pk])
