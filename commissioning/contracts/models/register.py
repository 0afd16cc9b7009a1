"""The council's contracts register: every contract and grant across directorates (ADR 0026)."""
from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import TimeStampedModel

from ..choices import ContractKind, ContractStatus, FunderKind, Procedure, Quarter
from ..querysets import ContractQuerySet, FundingQuerySet, PoolQuerySet

validate_charity_number = RegexValidator(
    r"^(\d{6,7}|SC\d{6}|NI\d{6})$",
    "Enter a charity number of 6 or 7 digits, or SC or NI and 6 digits, like 1123456 or SC012345")


class Contract(TimeStampedModel):
    """One entry of the register with the Local Government Transparency Code's fields. An approved
    list (framework) is a contract too, linked one to one; its call-offs are the individual service
    agreements made on its lots, so their spend rolls up to it and on to its directorate."""

    reference = models.CharField(max_length=50, unique=True)
    title = models.CharField(max_length=200)
    directorate = models.ForeignKey("planning.Directorate", on_delete=models.PROTECT, related_name="contracts",
                                    verbose_name="department")
    description = models.TextField(blank=True)
    supplier = models.ForeignKey("providers.Provider", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="contracts",
                                 help_text="Leave blank for a list or framework with many suppliers")
    supplier_charity_number = models.CharField("supplier's charity number", max_length=8, blank=True,
                                               validators=[validate_charity_number])
    kind = models.CharField("contract or grant", max_length=10, choices=ContractKind.choices,
                            default=ContractKind.CONTRACT)
    value_pence = models.BigIntegerField("value over the term", validators=[MinValueValidator(0)])
    annual_value_pence = models.BigIntegerField("value a year", validators=[MinValueValidator(0)])
    irrecoverable_vat_pence = models.BigIntegerField("VAT that cannot be recovered", default=0,
                                                     validators=[MinValueValidator(0)])
    start_date = models.DateField()
    end_date = models.DateField()
    review_date = models.DateField(null=True, blank=True)
    procedure = models.CharField("how the supplier was chosen", max_length=30, choices=Procedure.choices)
    supplier_is_sme = models.BooleanField("the supplier is a small or medium-sized enterprise", default=False)
    supplier_is_vcse = models.BooleanField("the supplier is a voluntary or community organisation", default=False)
    lead_commissioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                          related_name="contracts_led",
                                          limit_choices_to={"role": "lead_commissioner"})
    terms_version = models.CharField("version of the terms and conditions", max_length=50, blank=True)
    status = StatusField(ContractStatus, max_length=20, default=ContractStatus.LIVE)
    approved_list = models.OneToOneField("procurement.ApprovedList", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="register_entry",
                                         verbose_name="approved list or framework")

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["end_date", "reference"]
        constraints = [
            models.CheckConstraint(name="contract_ends_after_it_starts",
                                   condition=models.Q(end_date__gte=models.F("start_date"))),
        ]
        indexes = [models.Index(fields=["directorate", "end_date"]), models.Index(fields=["status", "end_date"])]

    def __str__(self):
        return f"{self.title} ({self.reference})"

    def get_absolute_url(self):
        return reverse("contracts:contract_detail", args=[self.pk])

    @property
    def supplier_number(self) -> str:
        """The supplier's Companies House number, or its charity number when it has none."""
        company = self.supplier.companies_house_number if self.supplier_id else ""
        return company or self.supplier_charity_number


class PooledBudget(TimeStampedModel):
    """A budget the council and the NHS pool under an agreement (the Better Care Fund under a
    section 75 agreement of the NHS Act 2006), hosted by one department; contracts draw on it."""

    name = models.CharField(max_length=200, unique=True)
    agreement = models.CharField("agreement it is pooled under", max_length=200,
                                 help_text="For example, section 75 agreement 2025 to 2027")
    host = models.ForeignKey("planning.Directorate", on_delete=models.PROTECT, related_name="pooled_budgets",
                             verbose_name="host department")

    objects = PoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contracts:pool_detail", args=[self.pk])


class PoolContribution(models.Model):
    """What one partner pays into a pooled budget in a quarter of a financial year."""

    budget = models.ForeignKey(PooledBudget, on_delete=models.PROTECT, related_name="contributions")
    partner = models.CharField(max_length=200, help_text="For example, NHS Derby and Derbyshire ICB")
    financial_year = models.PositiveSmallIntegerField(help_text="The year it starts, for example 2026 for 2026 to 2027")
    quarter = models.PositiveSmallIntegerField(choices=Quarter.choices)
    amount_pence = models.BigIntegerField("amount", validators=[MinValueValidator(1)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PoolQuerySet.as_manager()

    class Meta:
        ordering = ["financial_year", "quarter", "partner"]

    def __str__(self):
        return f"{self.partner}: {self.budget}"


class ContractFunding(models.Model):
    """One funder's share of a contract in a financial year: a council department, the NHS
    integrated care board, or a pooled budget. A contract's funders for a year may not add up to more
    than its value a year."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="funding")
    kind = models.CharField("funder", max_length=20, choices=FunderKind.choices)
    directorate = models.ForeignKey("planning.Directorate", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="department")
    pooled_budget = models.ForeignKey(PooledBudget, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="funding")
    funder_name = models.CharField("name of the integrated care board", max_length=200, blank=True)
    financial_year = models.PositiveSmallIntegerField(help_text="The year it starts, for example 2026 for 2026 to 2027")
    amount_pence = models.BigIntegerField("amount", validators=[MinValueValidator(1)])

    objects = FundingQuerySet.as_manager()

    class Meta:
        ordering = ["financial_year", "kind", "pk"]

    def __str__(self):
        return f"{self.funder} funds {self.contract.reference}"

    @property
    def funder(self) -> str:
        """The funder's name as people read it."""
        if self.kind == FunderKind.DIRECTORATE and self.directorate_id:
            return self.directorate.name
        if self.kind == FunderKind.POOLED and self.pooled_budget_id:
            return self.pooled_budget.name
        return self.funder_name or "The NHS integrated care board"

    @property
    def year_label(self) -> str:
        return f"{self.financial_year} to {self.financial_year + 1}"
