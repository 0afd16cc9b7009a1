"""Market intelligence records: published unit costs as imported, and the comparator groups that band them."""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import StatusEvent
from commissioning.core.querysets import CouncilOnlyQuerySet

from .choices import ImportStatus
from .domain.bands import DEFAULT_BANDS, Band
from .querysets import (
    BenchmarkImportQuerySet,
    ComparatorGroupQuerySet,
    FigureQuerySet,
    UnitCostQuerySet,
    VacancyReturnQuerySet,
)


def _default_bands():
    return [{"label": b.label, "upto": str(b.upto)} for b in DEFAULT_BANDS]


class BenchmarkImport(models.Model):
    """An NHS Digital unit-cost CSV for one financial year: checked on upload, imported by a job.

    Status: checked → importing → imported or failed; failed → importing (transitions.py). Importing a
    year again replaces that year's figures whole, so the latest file for a year is the one shown.
    """

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    financial_year = models.PositiveSmallIntegerField(help_text="The year the financial year starts: 2014 is 2014-15")
    content = models.BinaryField()
    status = StatusField(ImportStatus, max_length=20, default=ImportStatus.CHECKED)
    data_rows = models.PositiveIntegerField(default=0)
    figure_count = models.PositiveIntegerField(default=0)
    council_count = models.PositiveIntegerField(default=0)
    notes = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = BenchmarkImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Unit costs {self.year_label} ({self.file_name})"

    def get_absolute_url(self):
        return reverse("intelligence:benchmark_import", kwargs={"pk": self.pk})

    @property
    def year_label(self) -> str:
        return financial_year_label(self.financial_year)


class BenchmarkImportStatusEvent(StatusEvent):
    """Append-only history of a unit-cost import: checked, started, imported or failed, and by whom."""

    benchmark_import = models.ForeignKey(BenchmarkImport, on_delete=models.CASCADE, related_name="status_events")


class UnitCost(models.Model):
    """One published figure: a numerator (£ thousands), denominator (care weeks) or unit cost (£ a week)
    for a council, a region or England, or the marker the file put in its place (unavailable, not calculable)."""

    class Marker(models.TextChoices):
        NONE = "", "Published"
        UNAVAILABLE = "unavailable", "Unavailable"
        NOT_CALCULABLE = "not_calculable", "Not calculable"

    source = models.ForeignKey(BenchmarkImport, on_delete=models.PROTECT, related_name="figures")
    financial_year = models.PositiveSmallIntegerField()
    support_type = models.CharField(max_length=40)
    age_category = models.CharField(max_length=40)
    primary_support_reason = models.CharField(max_length=80, blank=True)
    delivery_mechanism = models.CharField(max_length=80)
    measure = models.CharField(max_length=20)
    provision = models.CharField(max_length=40)
    area_code = models.CharField(max_length=40)
    area_name = models.CharField(max_length=120)
    area_kind = models.CharField(max_length=10)
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    marker = models.CharField(max_length=20, choices=Marker.choices, blank=True)

    objects = UnitCostQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["financial_year", "measure", "provision", "area_code"])]

    def __str__(self):
        return f"{self.area_name}: {self.support_type}, {self.age_category}, {self.delivery_mechanism}"


class ComparatorGroup(models.Model):
    """The councils the council compares itself with, and how positions in the group are banded.

    `bands` is the ordered list of {"label", "upto"} (the highest position, 0-100, each covers); a
    change within `level_tolerance_percent` of last year's value shows a level arrow (seed 000)."""

    name = models.CharField(max_length=120, unique=True)
    own_code = models.CharField(max_length=10, help_text="The council's CASSR code, such as 507 for Derby")
    member_codes = models.JSONField(default=list)
    bands = models.JSONField(default=_default_bands)
    level_tolerance_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("1.00"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComparatorGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("intelligence:benchmarks") + f"?group={self.pk}"

    def band_list(self) -> list[Band]:
        return [Band(b["label"], Decimal(str(b["upto"]))) for b in self.bands]


class Figure(models.Model):
    """A figure of the market read model: what it is, its value, the date it describes and its source.

    The nightly refresh (and any refresh a person starts) replaces every figure in one transaction, so
    pages read stored figures and never compute them on a request. `detail` holds the rows behind a
    figure (a forecast's years, a market's providers) for its table and chart."""

    class Section(models.TextChoices):
        DEMAND = "demand", "Demand"
        SUPPLY = "supply", "Supply"
        VACANCIES = "vacancies", "Vacancies"
        BENCHMARKS = "benchmarks", "Benchmarks"
        GAPS = "gaps", "Gaps"
        CYCLE = "cycle", "The commissioning cycle"
        DIRECT_PAYMENTS = "direct_payments", "Direct payments"

    class Unit(models.TextChoices):
        PEOPLE = "people", "People"
        BEDS = "beds", "Beds"
        HOURS = "hours", "Hours a week"
        POUNDS = "pounds", "£"
        PERCENT = "percent", "%"
        INDEX = "index", "Index"
        DAYS = "days", "Days"
        COUNT = "count", "Number"

    key = models.CharField(max_length=120, unique=True)
    section = models.CharField(max_length=20, choices=Section.choices)
    label = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    as_of = models.DateField(help_text="The date the figure describes")
    source = models.CharField(max_length=300)
    detail = models.JSONField(default=dict, blank=True)
    refreshed_at = models.DateTimeField()

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["section", "key"]

    def __str__(self):
        return self.label


class FigureSnapshot(models.Model):
    """A tracked figure as one refresh left it, kept after the next refresh replaces the read model, so a
    mix (CQC ratings, council RAG) or a queue (unmet need) can be shown as a trend: one row per figure a
    day, the day's last refresh winning."""

    taken_on = models.DateField()
    key = models.CharField(max_length=120)
    value = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["key", "taken_on"]
        constraints = [models.UniqueConstraint(fields=["key", "taken_on"], name="one_snapshot_a_day")]

    def __str__(self):
        return f"{self.key} on {self.taken_on:%d %B %Y}"


class VacancyReturn(models.Model):
    """A care home's weekly bed return, like the national Capacity Tracker: maximum, occupied and vacant
    beds for the week starting on a Monday. Late when sent after the week's due day (Tuesday end of day
    by default, INTELLIGENCE_VACANCY_DUE_DAYS); sending again for the same week corrects it."""

    service = models.ForeignKey("providers.Service", on_delete=models.PROTECT, related_name="vacancy_returns")
    week_start = models.DateField()
    beds_maximum = models.PositiveIntegerField()
    beds_occupied = models.PositiveIntegerField()
    beds_vacant = models.PositiveIntegerField()
    late = models.BooleanField(default=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()

    objects = VacancyReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-week_start", "service__name"]
        constraints = [models.UniqueConstraint(fields=["service", "week_start"], name="one_vacancy_return_a_week")]

    def __str__(self):
        return f"{self.service} week of {self.week_start:%d %B %Y}"


class StatementDraft(models.Model):
    """The commissioner's words for the next edition of the Market Position Statement (Care Act 2014,
    s.5): the context, the commissioning intentions per market and how to work with the council."""

    context = models.TextField(blank=True)
    intentions = models.JSONField(default=dict, blank=True, help_text="Market area code → intentions")
    working_with_us = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = CouncilOnlyQuerySet.as_manager()

    def __str__(self):
        return "The next Market Position Statement"


class StatementEdition(models.Model):
    """A published edition of the Market Position Statement, kept whole as a snapshot: the words and
    every figure (value, date, source, band and arrow) as they stood when it was published. Public."""

    number = models.PositiveIntegerField(unique=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    context = models.TextField()
    intentions = models.JSONField(default=dict)
    working_with_us = models.TextField()
    figures = models.JSONField(default=list)
    benchmarks = models.JSONField(default=list)

    class Meta:
        ordering = ["-number"]

    def __str__(self):
        return f"Market Position Statement, edition {self.number}"

    def get_absolute_url(self):
        return reverse("intelligence:statement_edition", kwargs={"number": self.number})


class StaffingLine(models.Model):
    """A line of the commissioning function's staffing for a year, entered by the head (seed 000, 4.12):
    job title, full-time equivalents and annual cost."""

    financial_year = models.PositiveSmallIntegerField()
    job_title = models.CharField(max_length=120)
    fte = models.DecimalField("FTE", max_digits=6, decimal_places=2)
    cost_pence = models.PositiveBigIntegerField("annual cost (pence)")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["financial_year", "id"]

    def __str__(self):
        return f"{self.job_title} ({financial_year_label(self.financial_year)})"


class Saving(models.Model):
    """What a procurement saved (seed 000, 4.16): the annual value before and after it, for a year.
    The saving is the previous annual value less the new one (negative when the new one costs more)."""

    financial_year = models.PositiveSmallIntegerField()
    service_area = models.CharField(max_length=200)
    approved_list = models.ForeignKey("procurement.ApprovedList", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    previous_annual_pence = models.PositiveBigIntegerField("previous annual value (pence)")
    new_annual_pence = models.PositiveBigIntegerField("new annual value (pence)")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["financial_year", "id"]

    def __str__(self):
        return self.service_area

    @property
    def saving_pence(self) -> int:
        return self.previous_annual_pence - self.new_annual_pence


def financial_year_label(start: int) -> str:
    """2014 → "2014-15"."""
    return f"{start}-{(start + 1) % 100:02d}"
