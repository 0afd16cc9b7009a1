"""An Approved Provider List (DPS, dynamic market or open framework), its lots and questions."""
import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import StatusEvent, TimeStampedModel
from commissioning.providers.models import Locality, ServiceType

from ..choices import AdmissionMode, Condition, CqcMinimum, ListKind, ListStatus, PriceUnit, QuestionKind, TieBreak
from ..querysets import ApprovedListQuerySet


class ApprovedList(TimeStampedModel):
    """A list providers apply to join, lot by lot, for its whole term (Derby 2019 paper, PCR 2015
    reg. 34 / Procurement Act 2023). Status: draft → open ⇄ paused → closed (transitions.py);
    questions and lots can change only while draft."""

    name = models.CharField(max_length=200)
    reference = models.CharField(max_length=50, unique=True)
    kind = models.CharField(max_length=20, choices=ListKind.choices)
    market_area = models.ForeignKey("accounts.Market", to_field="code", db_column="market_area",
                                    on_delete=models.PROTECT, related_name="approved_lists")
    lead_commissioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lists_led",
        limit_choices_to={"role": "lead_commissioner"},
    )
    description = models.TextField(blank=True)
    start_date = models.DateField()
    term_months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(240)])
    estimated_value_pence = models.BigIntegerField("estimated value (pence)", validators=[MinValueValidator(0)])
    admission_mode = models.CharField(max_length=20, choices=AdmissionMode.choices, default=AdmissionMode.CONTINUOUS)
    max_lots_per_provider = models.PositiveSmallIntegerField(
        "most lots one provider may hold", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    pass_mark = models.DecimalField(
        "pass mark (% of the weighted score)", max_digits=5, decimal_places=2, default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    score_scale_max = models.PositiveSmallIntegerField("highest score an evaluator can give", default=5,
                                                       validators=[MinValueValidator(1), MaxValueValidator(100)])
    quality_weight = models.PositiveSmallIntegerField(
        "weight of quality in call-offs (%)", default=60, validators=[MaxValueValidator(100)],
        help_text="Applications and further competitions are ranked by this share of quality; the rest is price")
    primary_members_may_join_reserve = models.BooleanField(
        "members of a primary lot may also join its reserve lots", default=False)
    tie_break = models.CharField("how equal scores are ordered", max_length=30, choices=TieBreak.choices,
                                 default=TieBreak.QUALITY_PRICE_EARLIER)
    status = StatusField(ListStatus, max_length=20, default=ListStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ApprovedListQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.reference})"

    @property
    def price_weight(self) -> int:
        return 100 - self.quality_weight

    def get_absolute_url(self):
        return reverse("procurement:list_detail", args=[self.pk])

    @property
    def end_date(self) -> date:
        """The last day of the term: the day before the same date `term_months` later."""
        month = self.start_date.month - 1 + self.term_months
        year = self.start_date.year + month // 12
        month = month % 12 + 1
        day = min(self.start_date.day, calendar.monthrange(year, month)[1])
        return date(year, month, day) - timedelta(days=1)


class ApprovedListStatusEvent(StatusEvent):
    """Append-only row for each move of a list: opened, paused, reopened or closed, by whom and when."""

    approved_list = models.ForeignKey(ApprovedList, on_delete=models.CASCADE, related_name="status_events")


class ReopeningWindow(models.Model):
    """An admission round: a named period in which the list takes applications. The first round is
    the list's opening; a list that reopens in windows adds one per reopening. Capped lots admit by
    rank within a round."""

    approved_list = models.ForeignKey(ApprovedList, on_delete=models.CASCADE, related_name="windows")
    name = models.CharField(max_length=100, blank=True)
    opens_on = models.DateField()
    closes_on = models.DateField()

    class Meta:
        ordering = ["opens_on"]
        constraints = [models.CheckConstraint(name="window_closes_after_it_opens",
                                              condition=models.Q(closes_on__gte=models.F("opens_on")))]

    def __str__(self):
        dates = f"{self.opens_on:%d %b %Y} to {self.closes_on:%d %b %Y}"
        return f"{self.name} ({dates})" if self.name else dates


class Lot(models.Model):
    """A part of a list for some service types in some localities; it may cap its members."""

    approved_list = models.ForeignKey(ApprovedList, on_delete=models.PROTECT, related_name="lots")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    service_types = models.ManyToManyField(ServiceType, related_name="lots")
    localities = models.ManyToManyField(Locality, related_name="lots")
    member_cap = models.PositiveIntegerField("most members", null=True, blank=True, validators=[MinValueValidator(1)])
    suspended_count_against_cap = models.BooleanField("suspended members keep their place against the cap",
                                                      default=True)
    tier = models.CharField(max_length=50, blank=True)
    estimated_value_pence = models.BigIntegerField("estimated value of the lot (pence)", null=True, blank=True,
                                                   validators=[MinValueValidator(1)])
    minimum_cqc_rating = models.CharField("lowest CQC rating admitted", max_length=30, choices=CqcMinimum.choices,
                                          blank=True)
    regulated_only = models.BooleanField("CQC-registered services only", default=False)
    is_reserve = models.BooleanField("reserve tier", default=False)
    reserve_for = models.ManyToManyField("self", symmetrical=False, related_name="reserve_lots", blank=True,
                                         verbose_name="primary lots whose unplaced requests this lot receives")

    class Meta:
        ordering = ["approved_list", "number"]
        constraints = [models.UniqueConstraint(fields=["approved_list", "number"], name="lot_number_unique")]

    def __str__(self):
        return f"Lot {self.number}: {self.title}"


class PriceLine(models.Model):
    """A price the lot asks each applicant to tender (for example "Hourly rate, weekday daytime"),
    with the lowest and highest price allowed; the main line is the one care is placed at."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="price_lines")
    number = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=120)
    unit = models.CharField(max_length=20, choices=PriceUnit.choices)
    min_pence = models.PositiveIntegerField("lowest price allowed (pence)", null=True, blank=True)
    max_pence = models.PositiveIntegerField("highest price allowed (pence)", null=True, blank=True)
    is_main = models.BooleanField("main price", default=False)

    class Meta:
        ordering = ["lot", "number"]
        constraints = [
            models.UniqueConstraint(fields=["lot", "number"], name="price_line_number_unique"),
            models.UniqueConstraint(fields=["lot"], condition=models.Q(is_main=True), name="one_main_price_line"),
            models.CheckConstraint(name="price_line_max_not_below_min", condition=(
                models.Q(min_pence__isnull=True) | models.Q(max_pence__isnull=True)
                | models.Q(max_pence__gte=models.F("min_pence")))),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_unit_display().lower()})"


class Question(models.Model):
    """A selection question: pass/fail against a condition, or scored with a weight."""

    approved_list = models.ForeignKey(ApprovedList, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    guidance = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    condition = models.CharField(max_length=20, choices=Condition.choices, blank=True)
    weight = models.PositiveSmallIntegerField(default=0, help_text="Scored questions only")
    requires_attachment = models.BooleanField(default=False)

    class Meta:
        ordering = ["approved_list", "number"]
        constraints = [models.UniqueConstraint(fields=["approved_list", "number"], name="question_number_unique")]

    def __str__(self):
        return f"Q{self.number}. {self.text[:80]}"
