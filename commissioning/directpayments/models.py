"""Direct payments: the agreement with the person, what is paid to them in finance's payment runs,
what their prepaid card shows they bought, reviews of balances above the configured weeks, the
Client Level Data details of a person and the submissions of the quarterly return.

Money is integer pence. Every row carries or reaches a person's identity, so every queryset is
council-only (ADR 0003): providers never see any of it."""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from commissioning.brokerage.models import CareRequest, Person
from commissioning.core.choices import StatusField
from commissioning.core.models import TimeStampedModel
from commissioning.core.querysets import CouncilOnlyQuerySet

from .choices import AgreementStatus, Bought, HeldAs, PayeeType, ReviewStatus, SubmissionStatus


class DirectPaymentAgreement(TimeStampedModel):
    """A request met by a direct payment instead of a commissioned package: the weekly amount and how
    it was worked out (hours at an hourly rate, plus other weekly costs), the dates and how it is held."""

    request = models.OneToOneField(CareRequest, on_delete=models.PROTECT, related_name="direct_payment")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="direct_payments")
    hours_per_week = models.DecimalField(max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    hourly_rate_pence = models.PositiveIntegerField("hourly rate")
    other_weekly_pence = models.PositiveIntegerField("other weekly costs", default=0)
    other_weekly_reason = models.CharField("what the other weekly costs are for", max_length=300, blank=True)
    weekly_pence = models.PositiveIntegerField("weekly amount")
    calculation = models.TextField("how the weekly amount was worked out")
    start_date = models.DateField()
    review_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)
    held_as = models.CharField("how it is held", max_length=10, choices=HeldAs.choices)
    account_reference = models.CharField("card or account reference", max_length=40, unique=True,
                                         help_text="The prepaid card's number as its statements give it, or "
                                                   "the managed or bank account's reference")
    status = StatusField(AgreementStatus, max_length=10, default=AgreementStatus.ACTIVE)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [models.CheckConstraint(name="dp_review_after_start",
                                              condition=models.Q(review_date__gt=models.F("start_date")))]

    def __str__(self):
        return f"DP-{self.pk:05d}" if self.pk else "New direct payment"

    def get_absolute_url(self):
        return reverse("directpayments:agreement_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return str(self)


class DirectPayment(models.Model):
    """One 4-week period paid to the person in one of finance's payment runs. The database holds one
    row per agreement and period start, so no run, and no second run, pays a period twice."""

    agreement = models.ForeignKey(DirectPaymentAgreement, on_delete=models.PROTECT, related_name="payments")
    payment_run = models.ForeignKey("finance.PaymentRun", on_delete=models.PROTECT, related_name="direct_payments")
    period_start = models.DateField()
    period_end = models.DateField()
    amount_pence = models.PositiveIntegerField()
    paid_to = models.CharField(max_length=10, choices=HeldAs.choices)

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "period_start"]
        constraints = [models.UniqueConstraint(fields=["agreement", "period_start"], name="dp_period_paid_once")]

    def __str__(self):
        return f"{self.agreement}, {self.period_start:%-d %b %Y} to {self.period_end:%-d %b %Y}"


class CardStatementImport(models.Model):
    """One prepaid-card statement file, imported whole or not at all. The same file twice is refused."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0, help_text="Balances flagged for review")

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return f"Card statement {self.file_name}"

    def get_absolute_url(self):
        return reverse("directpayments:card_import_detail", args=[self.pk])


class CardTransaction(models.Model):
    """One purchase on a prepaid card: when, what, from whom, how much, and the balance after it."""

    statement = models.ForeignKey(CardStatementImport, on_delete=models.CASCADE, related_name="transactions")
    agreement = models.ForeignKey(DirectPaymentAgreement, on_delete=models.PROTECT, related_name="transactions")
    row = models.PositiveIntegerField(help_text="Its line in the file")
    spent_on = models.DateField()
    payee = models.CharField(max_length=200)
    payee_type = models.CharField(max_length=10, choices=PayeeType.choices)
    bought = models.CharField(max_length=12, choices=Bought.choices)
    provider = models.ForeignKey("providers.Provider", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="direct_payment_purchases",
                                 help_text="The register's provider, when the payee is one")
    hours = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    amount_pence = models.PositiveIntegerField()
    balance_pence = models.IntegerField()

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "spent_on", "row"]

    def __str__(self):
        return f"{self.payee} on {self.spent_on:%-d %b %Y}"


class BalanceReview(TimeStampedModel):
    """A balance above the configured number of weeks' payments, flagged for review with a reason the
    person can be given. An officer decides: the person keeps it, or a reclaim of an amount is recorded.
    Nothing is reclaimed automatically."""

    agreement = models.ForeignKey(DirectPaymentAgreement, on_delete=models.PROTECT, related_name="balance_reviews")
    statement = models.ForeignKey(CardStatementImport, on_delete=models.PROTECT, related_name="reviews")
    balance_on = models.DateField()
    balance_pence = models.IntegerField()
    threshold_pence = models.PositiveIntegerField()
    weeks = models.PositiveSmallIntegerField()
    reason = models.TextField("reason the person can be given")
    status = StatusField(ReviewStatus, max_length=10, default=ReviewStatus.OPEN)
    reclaim_pence = models.PositiveIntegerField("amount to reclaim", null=True, blank=True)
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-balance_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["agreement"], condition=models.Q(status="open"),
                                               name="one_open_balance_review")]

    def __str__(self):
        return f"Balance review of {self.agreement}"

    def get_absolute_url(self):
        return reverse("directpayments:review_detail", args=[self.pk])


class SupportReview(models.Model):
    """A review of the person's support (the Client Level Data's Review event)."""

    agreement = models.ForeignKey(DirectPaymentAgreement, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    review_reason = models.CharField(max_length=120)
    outcome = models.CharField(max_length=120)
    method = models.CharField("method of review", max_length=120)
    next_review = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self):
        return f"Review of {self.agreement} on {self.reviewed_on:%-d %b %Y}"


class ClientDetails(TimeStampedModel):
    """What the Client Level Data asks of a person that a care request does not hold. Values are the
    specification's own words (case matters: the national checks compare them exactly)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="client_details")
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    gender = models.CharField(max_length=60, blank=True)
    ethnicity = models.CharField(max_length=120, blank=True)
    primary_support_reason = models.CharField(max_length=120, blank=True)
    accommodation_status = models.CharField(max_length=120, blank=True)
    employment_status = models.CharField(max_length=120, blank=True)
    has_unpaid_carer = models.CharField(max_length=60, blank=True)
    client_funding_status = models.CharField(max_length=60, blank=True)
    route_of_access = models.CharField("route of access", max_length=120, blank=True)

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "client details"

    def __str__(self):
        return f"Client Level Data details of {self.person}"

    def get_absolute_url(self):
        return reverse("directpayments:client_details", args=[self.person_id])


class CldSubmission(models.Model):
    """One build of the quarterly Client Level Data return: its reporting period (the rolling 12 months
    to the quarter's end), the file as built, every failure of the national checks, and whether it was
    sent. Kept as the history of submissions."""

    quarter_end = models.DateField()
    period_start = models.DateField()
    period_end = models.DateField()
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    built_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField()
    failure_count = models.PositiveIntegerField()
    warning_count = models.PositiveIntegerField(default=0)
    failures = models.JSONField(default=list, help_text="Every failure: row, record, field, rule")
    content = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64)
    status = StatusField(SubmissionStatus, max_length=10, default=SubmissionStatus.CHECKED)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = CouncilOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-built_at", "-id"]

    def __str__(self):
        return f"Client Level Data return to {self.quarter_end:%-d %B %Y} (build {self.pk})"

    def get_absolute_url(self):
        return reverse("directpayments:return_detail", args=[self.pk])


def weekly_amount_pence(hours: Decimal, hourly_rate_pence: int, other_weekly_pence: int = 0) -> int:
    """Hours a week at the hourly rate, plus the other weekly costs, to the nearest penny (half up)."""
    from decimal import ROUND_HALF_UP

    return int((Decimal(hours) * hourly_rate_pence).quantize(Decimal("1"), rounding=ROUND_HALF_UP)) + other_weekly_pence
