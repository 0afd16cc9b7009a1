"""Paying providers: fee rates as dated versions, agreement prices, payment rules per agreement,
actuals from call monitoring and their reconciliation, invoices with line disputes, payment runs
and remittance, uplift scenarios and budgets. Money is integer pence throughout."""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from commissioning.brokerage.models import Agreement
from commissioning.core.choices import StatusField
from commissioning.core.models import StatusEvent, TimeStampedModel
from commissioning.providers.models import Provider, ServiceType

from .choices import InvoiceStatus, LineStatus, RateStatus, ScenarioStatus, WeekReview
from .domain.reconciliation import ROUNDINGS, STEPS
from .querysets import (
    ByAgreementQuerySet,
    ByInvoiceQuerySet,
    ByLineQuerySet,
    CouncilQuerySet,
    PaymentRunQuerySet,
    ProviderScopedQuerySet,
)


class TimeBand(models.TextChoices):
    DAY = "day", "Day (07:00–19:00)"
    EVENING = "evening", "Evening (19:00–22:00)"
    NIGHT = "night", "Night (22:00–07:00)"
    WAKING_NIGHT = "waking_night", "Waking night (per night)"
    SLEEPING_NIGHT = "sleeping_night", "Sleeping night (per night)"


class DayType(models.TextChoices):
    WEEKDAY = "weekday", "Weekday"
    WEEKEND = "weekend", "Weekend"
    BANK_HOLIDAY = "bank_holiday", "Bank holiday"


class LocalityBand(models.TextChoices):
    URBAN = "urban", "Urban"
    RURAL = "rural", "Rural"


class RateCard(TimeStampedModel):
    """The standard rates of one market for one financial year, as a dated version. An approved card
    is never edited: a change is a new version from a date."""

    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="rate_cards")
    financial_year = models.PositiveSmallIntegerField(help_text="The year the financial year starts, e.g. 2026 "
                                                                "for 2026-27")
    version = models.PositiveSmallIntegerField(default=1)
    effective_from = models.DateField()
    status = StatusField(RateStatus, max_length=10, default=RateStatus.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["service_type", "-financial_year", "-version"]
        constraints = [models.UniqueConstraint(fields=["service_type", "financial_year", "version"],
                                               name="one_rate_card_version")]

    def __str__(self):
        return f"{self.service_type} {self.financial_year}-{(self.financial_year + 1) % 100:02d} v{self.version}"

    def get_absolute_url(self):
        return reverse("finance:rate_card", args=[self.pk])

    def rate(self, time_band: str = TimeBand.DAY, day_type: str = DayType.WEEKDAY,
             locality_band: str = LocalityBand.URBAN) -> int | None:
        line = self.lines.filter(time_band=time_band, day_type=day_type, locality_band=locality_band).first()
        return line.rate_pence if line else None


class RateCardStatusEvent(StatusEvent):
    """One move of a rate card's status (approval), with who made it."""

    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="status_events")


class RateLine(models.Model):
    """One cell of a rate card: the rate for a time band, day type and locality band."""

    card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="lines")
    time_band = models.CharField(max_length=20, choices=TimeBand.choices)
    day_type = models.CharField(max_length=20, choices=DayType.choices)
    locality_band = models.CharField(max_length=10, choices=LocalityBand.choices)
    rate_pence = models.PositiveIntegerField(help_text="Per hour (per night for nights, per week for beds)")

    class Meta:
        ordering = ["time_band", "day_type", "locality_band"]
        constraints = [models.UniqueConstraint(fields=["card", "time_band", "day_type", "locality_band"],
                                               name="one_rate_per_cell")]

    def __str__(self):
        return f"{self.get_time_band_display()}, {self.get_day_type_display()}, {self.get_locality_band_display()}"


class ComplexityCriterion(models.Model):
    """A configured reason for an enhanced rate: a fixed addition in pence, or a percentage uplift."""

    class Kind(models.TextChoices):
        ADDITION = "addition", "Addition (£ an hour or week)"
        PERCENT = "percent", "Percentage uplift"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(max_digits=8, decimal_places=2,
                                 help_text="Pence for an addition, percent for an uplift")

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "complexity criteria"

    def __str__(self):
        return self.name


class AgreementPrice(models.Model):
    """What an agreement costs from a date: kept as history, never edited, so the weekly cost at any
    date (its start and every change) is known."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="prices")
    effective_from = models.DateField()
    rate_card = models.ForeignKey(RateCard, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    base_rate_pence = models.PositiveIntegerField()
    criteria = models.ManyToManyField(ComplexityCriterion, blank=True, related_name="+")
    rate_pence = models.PositiveIntegerField(help_text="The enhanced rate, with every criterion applied")
    weekly_cost_pence = models.PositiveIntegerField()
    reason = models.CharField(max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ByAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "effective_from", "id"]

    def __str__(self):
        return f"{self.agreement} from {self.effective_from:%d %b %Y}"


class PaymentRuleSet(models.Model):
    """How visits of one agreement are paid (DOMAIN.md, "Actuals, invoices and payment")."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="payment_rules")
    basis = models.CharField(max_length=10, choices=[("actual", "Actual time"), ("planned", "Planned time")],
                             default="actual")
    rounding = models.CharField(max_length=10, choices=[(r, r.capitalize()) for r in ROUNDINGS], default="none")
    step = models.PositiveSmallIntegerField(choices=[(s, f"{s} minutes") for s in STEPS], default=15)
    cap_tolerance = models.PositiveSmallIntegerField(null=True, blank=True,
                                                     help_text="Minutes over planned time still paid")
    minimum_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    late_after = models.PositiveSmallIntegerField(default=15)
    short_below_percent = models.PositiveSmallIntegerField(default=75, validators=[MaxValueValidator(100)])
    in_home_target_percent = models.PositiveSmallIntegerField(default=85, validators=[MaxValueValidator(100)])
    exception_percent = models.PositiveSmallIntegerField(default=10, validators=[MaxValueValidator(100)])

    objects = ByAgreementQuerySet.as_manager()

    def __str__(self):
        return f"Payment rules of {self.agreement}"


class ActualsFile(models.Model):
    """One upload of electronic call monitoring visits. A file reference seen before is refused whole.

    A file that checked good is stored with its content and imported whole by a job; `imported_at`
    is set in the same transaction that writes its visits, and the content is then let go.
    """

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="actuals_files")
    reference = models.CharField(max_length=100, unique=True)
    file_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    visits = models.PositiveIntegerField(default=0)
    content = models.BinaryField(default=b"", blank=True, editable=False,
                                 help_text="The checked file, kept until its visits are imported")
    imported_at = models.DateTimeField(null=True, blank=True, help_text="When its visits were imported and reconciled")

    objects = ProviderScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"Actuals {self.reference}"


class Visit(models.Model):
    """A visit from call monitoring, with its reconciled pay and flags. A visit is its agreement (so its
    person) and its scheduled start: the database holds one row of each, so no path pays it twice."""

    file = models.ForeignKey(ActualsFile, on_delete=models.CASCADE, related_name="visit_rows")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="visits")
    carer = models.CharField(max_length=50)
    scheduled_start = models.DateTimeField()
    scheduled_end = models.DateTimeField()
    check_in = models.DateTimeField(null=True, blank=True)
    check_out = models.DateTimeField(null=True, blank=True)
    method = models.CharField(max_length=10, choices=[("call", "In-home call"), ("app", "App"),
                                                      ("manual", "Manual")])
    exception_code = models.CharField(max_length=20, blank=True)
    week = models.DateField(db_index=True)
    planned_minutes = models.PositiveIntegerField(default=0)
    actual_minutes = models.PositiveIntegerField(default=0)
    paid_minutes = models.PositiveIntegerField(default=0)
    rate_pence = models.PositiveIntegerField(default=0)
    amount_pence = models.PositiveIntegerField(default=0)
    missed = models.BooleanField(default=False)
    late = models.BooleanField(default=False)
    short = models.BooleanField(default=False)
    manual = models.BooleanField(default=False)

    objects = ByAgreementQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_start", "id"]
        constraints = [models.UniqueConstraint(fields=["agreement", "scheduled_start"], name="one_payment_per_visit")]

    def __str__(self):
        return f"Visit for {self.agreement} at {self.scheduled_start:%d %b %H:%M}"


class ProviderWeek(models.Model):
    """A provider's reconciled week: amount payable and KPIs. An exception week goes to brokerage
    for review before it can be invoiced (`transitions.WEEK_REVIEW`: referred, cleared, released)."""

    Review = WeekReview

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="weeks")
    week = models.DateField()
    visits = models.PositiveIntegerField()
    amount_pence = models.PositiveBigIntegerField()
    missed = models.PositiveIntegerField()
    late = models.PositiveIntegerField()
    short = models.PositiveIntegerField()
    manual = models.PositiveIntegerField()
    in_home_share = models.DecimalField(max_digits=5, decimal_places=4, null=True)
    meets_in_home_target = models.BooleanField()
    exception = models.BooleanField()
    review = StatusField(WeekReview, max_length=20, default=WeekReview.NOT_NEEDED)
    review_note = models.TextField(blank=True)

    objects = ProviderScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-week", "provider__name"]
        constraints = [models.UniqueConstraint(fields=["provider", "week"], name="one_reconciled_week")]

    def __str__(self):
        return f"{self.provider}, week of {self.week:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("finance:week_detail", args=[self.pk])

    @property
    def week_end(self):
        """The Sunday the week ends on: weeks are named by it ("week ending 31 December 2026")."""
        from datetime import timedelta
        return self.week + timedelta(days=6)


class PaymentRun(models.Model):
    """A weekly (actuals) or 4-weekly (scheduled) run paying every approved invoice of its kind up to
    its date. The key is unique, so running the same run twice never pays twice; a job pays its
    invoices one by one and sets `completed_at` when none is left."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", "Weekly (paid on actuals)"
        FOUR_WEEKLY = "four_weekly", "4-weekly (paid on schedule)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    period_end = models.DateField()
    key = models.CharField(max_length=50, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    total_pence = models.PositiveBigIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True, help_text="When every invoice due was paid")

    objects = PaymentRunQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} payment run to {self.period_end:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("finance:run_detail", args=[self.pk])


class Invoice(TimeStampedModel):
    """What the council owes a provider for a period: from reconciled actuals (self-billed by the
    council) or on schedule. Lines add up exactly to the total. Draft → in dispute (a line disputed)
    → draft (every dispute resolved) → approved → paid (by one payment run); `transitions.INVOICE`."""

    class Kind(models.TextChoices):
        ACTUALS = "actuals", "Actuals (self-billed)"
        SCHEDULE = "schedule", "Scheduled (4-weekly)"

    Status = InvoiceStatus

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    status = StatusField(InvoiceStatus, max_length=10, default=InvoiceStatus.DRAFT)
    total_pence = models.PositiveBigIntegerField(default=0)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    payment_run = models.ForeignKey(PaymentRun, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="invoices")

    objects = ProviderScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "provider__name"]
        constraints = [models.UniqueConstraint(fields=["provider", "kind", "period_start"],
                                               name="one_invoice_per_period")]

    def __str__(self):
        return f"INV-{self.pk:06d}" if self.pk else "New invoice"

    def get_absolute_url(self):
        return reverse("finance:invoice_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        """The period in words: "week ending 31 December 2026" or "4 weeks ending 31 December 2026"."""
        weeks = ((self.period_end - self.period_start).days + 1) // 7
        return f"{'week' if weeks <= 1 else f'{weeks} weeks'} ending {self.period_end:%-d %B %Y}"


class InvoiceStatusEvent(StatusEvent):
    """One move of an invoice's status: disputed, settled, approved or paid, with who moved it."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="status_events")


class InvoiceLine(models.Model):
    """One agreement's part of an invoice; the provider may dispute it and finance resolves it."""

    Status = LineStatus

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="invoice_lines")
    description = models.CharField(max_length=300)
    minutes = models.PositiveIntegerField(default=0)
    amount_pence = models.PositiveBigIntegerField()
    status = StatusField(LineStatus, max_length=10, default=LineStatus.OK)

    objects = ByInvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["invoice", "agreement__person__reference", "id"]

    def __str__(self):
        return self.description


class InvoiceLineStatusEvent(StatusEvent):
    """One move of a line's dispute: disputed or resolved, with who moved it."""

    line = models.ForeignKey(InvoiceLine, on_delete=models.CASCADE, related_name="status_events")


class DisputeMessage(models.Model):
    """A message on a disputed line's record, from the provider or the finance officer."""

    line = models.ForeignKey(InvoiceLine, on_delete=models.CASCADE, related_name="messages")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()
    new_amount_pence = models.PositiveBigIntegerField(null=True, blank=True)

    objects = ByLineQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"Message on {self.line}"


class Budget(models.Model):
    """What a market area may spend in a financial year; one budget per market and year."""

    market_area = models.ForeignKey("accounts.Market", to_field="code", db_column="market_area",
                                    on_delete=models.PROTECT, related_name="budgets")
    financial_year = models.PositiveSmallIntegerField()
    amount_pence = models.PositiveBigIntegerField()

    objects = CouncilQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["market_area", "financial_year"], name="one_budget")]

    def __str__(self):
        return f"{self.market_area.name} {self.financial_year}-{(self.financial_year + 1) % 100:02d}"

    def get_absolute_url(self):
        return reverse("finance:budget", args=[self.pk])


class BudgetChange(models.Model):
    """One setting or correction of a budget: who, when, from what, to what and why. Append-only."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="changes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    from_pence = models.PositiveBigIntegerField(null=True, blank=True, help_text="Empty when the budget was first set")
    to_pence = models.PositiveBigIntegerField()
    reason = models.CharField(max_length=300)

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"Change to {self.budget} at {self.at:%d %b %Y %H:%M}"


class UpliftScenario(TimeStampedModel):
    """A model of next year's uplift for one market: the National Living Wage rise on the staffing
    share of cost, and inflation on the rest; some agreements excluded."""

    name = models.CharField(max_length=200)
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+")
    financial_year = models.PositiveSmallIntegerField()
    effective_from = models.DateField()
    nlw_rise_percent = models.DecimalField("National Living Wage rise (%)", max_digits=5, decimal_places=2)
    staffing_share_percent = models.DecimalField("staffing share of cost (%)", max_digits=5, decimal_places=2,
                                                 validators=[MinValueValidator(0), MaxValueValidator(100)])
    inflation_percent = models.DecimalField("inflation on other costs (%)", max_digits=5, decimal_places=2)
    exclude_negotiated_since = models.DateField(null=True, blank=True,
                                                help_text="Leave out agreements priced on or after this date")
    exclude_above_weekly_pence = models.PositiveIntegerField(null=True, blank=True,
                                                             help_text="Leave out agreements costing more a week")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    status = StatusField(ScenarioStatus, max_length=10, default=ScenarioStatus.DRAFT)

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["-financial_year", "name"]

    def __str__(self):
        return self.name

    @property
    def uplift_percent(self) -> Decimal:
        share = self.staffing_share_percent / 100
        return (self.nlw_rise_percent * share + self.inflation_percent * (1 - share)).quantize(Decimal("0.01"))


class UpliftScenarioStatusEvent(StatusEvent):
    """One move of an uplift scenario's status (approval), with who made it."""

    scenario = models.ForeignKey(UpliftScenario, on_delete=models.CASCADE, related_name="status_events")


class ProviderWeekReviewEvent(StatusEvent):
    """One move of a reconciled week's brokerage review: referred, cleared or released."""

    week = models.ForeignKey(ProviderWeek, on_delete=models.CASCADE, related_name="status_events")
