"""Forms of the register; amounts are typed in pounds and held in pence, dates in GOV.UK date inputs."""
from datetime import date
from decimal import Decimal

from django import forms

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.core.forms import GovukFormMixin
from commissioning.core.money import pence_to_pounds, pounds_to_pence

from .models import Contract, ContractFunding, ContractPayment, PoolContribution, PooledBudget

MOST_VALUE = Decimal("10000000000")  # £10 billion: more than any council contract
DATE_BOUNDS = {"earliest": date(1990, 1, 1), "too_early": "The {name} must be on or after 1 January 1990"}


def pounds_field(label: str, *, name: str, required: bool = True, allow_zero: bool = False) -> forms.DecimalField:
    """An amount in pounds, with messages written for the field."""
    least = Decimal("0") if allow_zero else Decimal("0.01")
    return forms.DecimalField(
        label=label, required=required, min_value=least, max_value=MOST_VALUE, max_digits=14, decimal_places=2,
        help_text="In pounds, for example 125000",
        error_messages={"required": f"Enter the {name}",
                        "invalid": f"The {name} must be an amount in pounds, for example 125000",
                        "min_value": f"The {name} must be {'£0 or more' if allow_zero else 'more than £0'}",
                        "max_value": f"The {name} must be £10,000,000,000 or less",
                        "max_decimal_places": f"The {name} must have no more than 2 decimal places",
                        "max_digits": f"The {name} must be £10,000,000,000 or less"})


MONEY = {"value": "value_pence", "annual_value": "annual_value_pence", "irrecoverable_vat": "irrecoverable_vat_pence"}


class ContractForm(GovukFormMixin, forms.ModelForm):
    """A contract or grant the council holds directly (a list's entry is kept from the list itself)."""

    value = pounds_field("Value over the term (£)", name="value over the term")
    annual_value = pounds_field("Value a year (£)", name="value a year")
    irrecoverable_vat = pounds_field("VAT that cannot be recovered (£)", name="VAT that cannot be recovered",
                                     required=False, allow_zero=True)
    date_bounds = {"start_date": DATE_BOUNDS, "end_date": DATE_BOUNDS, "review_date": DATE_BOUNDS}

    class Meta:
        model = Contract
        fields = ["reference", "title", "kind", "directorate", "description", "supplier", "supplier_charity_number",
                  "supplier_is_sme", "supplier_is_vcse", "procedure", "start_date", "end_date", "review_date",
                  "lead_commissioner", "terms_version", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "kind": forms.RadioSelect,
                   "procedure": forms.RadioSelect}
        labels = {"directorate": "Department"}
        help_texts = {"supplier_charity_number": "If the supplier is a charity with no Companies House number",
                      "review_date": "When the contract is next reviewed. Leave blank if none is planned"}
        error_messages = {
            "reference": {"required": "Enter the contract's reference",
                          "unique": "Another contract in the register has this reference"},
            "title": {"required": "Enter the title of the contract"},
            "directorate": {"required": "Choose the department"},
            "procedure": {"required": "Choose how the supplier was chosen"},
            "lead_commissioner": {"required": "Choose the lead commissioner"},
            "kind": {"required": "Choose whether it is a contract or a grant"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_commissioner"].queryset = User.objects.filter(role=Role.LEAD_COMMISSIONER, is_active=True)
        self.fields["supplier"].error_messages["invalid_choice"] = "Choose a supplier from the provider register"
        if self.instance.pk and not self.is_bound:
            for field, attribute in MONEY.items():
                self.initial[field] = pence_to_pounds(getattr(self.instance, attribute))

    def clean_supplier_charity_number(self):
        return (self.cleaned_data.get("supplier_charity_number") or "").strip().upper().replace(" ", "")

    def clean(self):
        cleaned = super().clean()
        start, end, review = cleaned.get("start_date"), cleaned.get("end_date"), cleaned.get("review_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        if review and start and end and not start <= review <= end:
            self.add_error("review_date", "The review date must be between the start and end dates")
        value, annual = cleaned.get("value"), cleaned.get("annual_value")
        if value is not None and annual is not None and annual > value:
            self.add_error("annual_value", "The value a year must be no more than the value over the term")
        if not cleaned.get("supplier") and cleaned.get("supplier_charity_number"):
            self.add_error("supplier_charity_number", "Choose the supplier this charity number belongs to")
        if cleaned.get("irrecoverable_vat") is None:
            cleaned["irrecoverable_vat"] = Decimal(0)
        for field, attribute in MONEY.items():
            if cleaned.get(field) is not None:
                setattr(self.instance, attribute, pounds_to_pence(cleaned[field]))
        return cleaned


class ListEntryForm(GovukFormMixin, forms.ModelForm):
    """What the register adds to an approved list's entry; the rest is the list's own and follows it."""

    date_bounds = {"review_date": DATE_BOUNDS}

    class Meta:
        model = Contract
        fields = ["directorate", "review_date", "terms_version"]
        labels = {"directorate": "Department"}
        error_messages = {"directorate": {"required": "Choose the department"}}

    def clean(self):
        cleaned = super().clean()
        review = cleaned.get("review_date")
        if review and not self.instance.start_date <= review <= self.instance.end_date:
            self.add_error("review_date", "The review date must be between the start and end dates")
        return cleaned


YEAR_ERRORS = {"required": "Enter the financial year, for example 2026",
               "invalid": "The financial year must be a year, for example 2026",
               "min_value": "The financial year must be 2000 or later",
               "max_value": "The financial year must be 2100 or earlier"}


def _year_field():
    return forms.IntegerField(label="Financial year it starts", min_value=2000, max_value=2100,
                              help_text="For example 2026 for April 2026 to March 2027", error_messages=YEAR_ERRORS)


class FundingForm(GovukFormMixin, forms.ModelForm):
    """One funder's share of a contract in a financial year."""

    financial_year = _year_field()
    amount = pounds_field("Amount (£)", name="amount")

    class Meta:
        model = ContractFunding
        fields = ["kind", "directorate", "pooled_budget", "funder_name", "financial_year"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"kind": "Who funds it", "directorate": "Department (if a council department funds it)",
                  "pooled_budget": "Pooled budget (if a pooled budget funds it)",
                  "funder_name": "Integrated care board (if the NHS funds it)"}
        error_messages = {"kind": {"required": "Choose who funds it"}}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("amount") is not None:
            self.instance.amount_pence = pounds_to_pence(cleaned["amount"])
        return cleaned


class PoolForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = PooledBudget
        fields = ["name", "agreement", "host"]
        error_messages = {"name": {"required": "Enter the name of the pooled budget",
                                   "unique": "A pooled budget already has this name"},
                          "agreement": {"required": "Enter the agreement it is pooled under"},
                          "host": {"required": "Choose the host department"}}


class ContributionForm(GovukFormMixin, forms.ModelForm):
    financial_year = _year_field()
    amount = pounds_field("Amount (£)", name="amount")

    class Meta:
        model = PoolContribution
        fields = ["partner", "financial_year", "quarter"]
        widgets = {"quarter": forms.RadioSelect}
        error_messages = {"partner": {"required": "Enter the partner paying in"},
                          "quarter": {"required": "Choose the quarter"}}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("amount") is not None:
            self.instance.amount_pence = pounds_to_pence(cleaned["amount"])
        return cleaned


class PaymentForm(GovukFormMixin, forms.ModelForm):
    """A payment to a contract's supplier, as the finance system paid it."""

    amount = pounds_field("Amount (£)", name="amount")
    date_bounds = {"paid_on": DATE_BOUNDS}

    class Meta:
        model = ContractPayment
        fields = ["paid_on", "amount", "reference", "description"]
        labels = {"description": "What it was for (optional)"}
        help_texts = {"paid_on": "For example, 27 3 2026"}
        error_messages = {"paid_on": {"required": "Enter the date it was paid"},
                          "reference": {"required": "Enter the payment reference"}}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("amount") is not None:
            self.instance.amount_pence = pounds_to_pence(cleaned["amount"])
        return cleaned
