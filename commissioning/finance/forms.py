"""Forms of paying providers."""
from decimal import Decimal

from django import forms

from commissioning.accounts.selectors import markets_offered
from commissioning.core.forms import GovukFormMixin
from commissioning.core.money import pounds_to_pence
from commissioning.providers.forms import offer_current
from commissioning.providers.models import ServiceType

from .choices import InvoiceStatus
from .models import ComplexityCriterion, DayType, Invoice, LocalityBand, PaymentRun, RateCard, TimeBand, UpliftScenario


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _pounds(label, required=True, help_text="", *, noun, most=Decimal("1000000"), zero=False):
    """An amount of money in pounds and pence with GOV.UK messages written for the field: `noun` is
    what it is ("budget for the year"); more than £0 (or £0 or more when `zero`), at most `most`."""
    least = Decimal("0") if zero else Decimal("0.01")
    return forms.DecimalField(
        label=label, min_value=least, max_value=most, max_digits=14, decimal_places=2, required=required,
        help_text=help_text, error_messages={
            "required": f"Enter the {noun}",
            "invalid": f"Enter the {noun} as an amount of money, like 125 or 125.50",
            "min_value": f"The {noun} must be £0 or more" if zero else f"The {noun} must be more than £0",
            "max_value": f"The {noun} must be £{most:,.0f} or less",
            "max_decimal_places": f"The {noun} must be in pounds and pence, like 125.50",
            "max_digits": f"The {noun} must be £{most:,.0f} or less",
            "max_whole_digits": f"The {noun} must be £{most:,.0f} or less"})


class ActualsUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(label="Call monitoring export (CSV)", error_messages={"required": "Choose the CSV file"},
                           help_text="Columns: file_reference, provider, agreement, carer, scheduled_start, "
                                     "scheduled_end, check_in, check_out, method, exception_code")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV")
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 20 MB")
        return upload


class NoteForm(GovukFormMixin, forms.Form):
    note = forms.CharField(label="What brokerage found", widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Record what brokerage found"})


class MessageForm(GovukFormMixin, forms.Form):
    text = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Write the message"})


class ResolveForm(GovukFormMixin, forms.Form):
    text = forms.CharField(label="Resolution", widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Explain the resolution"})
    amount = _pounds("Corrected amount (£)", required=False, help_text="Leave blank to keep the amount",
                     noun="corrected amount", most=Decimal("100000"), zero=True)


class RunForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Kind of run", choices=PaymentRun.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of run"})
    period_end = forms.DateField(label="Pay approved invoices for periods ending on or before", widget=_date_input(),
                                 error_messages={"required": "Enter the date"})


class ScheduleForm(GovukFormMixin, forms.Form):
    period_start = forms.DateField(label="First day of the 4 weeks", widget=_date_input(),
                                   error_messages={"required": "Enter the first day of the 4 weeks"})


class RateCardForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = RateCard
        fields = ["service_type", "financial_year", "effective_from", "note"]
        widgets = {"effective_from": _date_input()}
        labels = {"service_type": "Market (service type)"}
        error_messages = {"service_type": {"required": "Choose the market"},
                          "financial_year": {"required": "Enter the year the financial year starts"},
                          "effective_from": {"required": "Enter the date the rates start"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = ServiceType.objects.all()
        offer_current(self.fields["service_type"], kept=[self.instance.service_type_id], noun="market")


class RateLinesForm(GovukFormMixin, forms.Form):
    """Every cell of a card: time band × day type × locality band, in pounds."""

    def __init__(self, *args, card, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {(line.time_band, line.day_type, line.locality_band): line.rate_pence
                    for line in card.lines.all()}
        self.cells = []
        for band, band_label in TimeBand.choices:
            for day, day_label in DayType.choices:
                for area, area_label in LocalityBand.choices:
                    name = f"{band}__{day}__{area}"
                    pence = existing.get((band, day, area))
                    self.fields[name] = _pounds(
                        f"{band_label}, {day_label.lower()}, {area_label.lower()} (£)", required=False,
                        noun=f"rate for {band_label.split(' (')[0].lower()}, {day_label.lower()}, "
                             f"{area_label.lower()}", most=Decimal("10000"))
                    self.fields[name].initial = Decimal(pence) / 100 if pence is not None else None
                    self.cells.append((name, band, day, area))


class NewVersionForm(GovukFormMixin, forms.Form):
    effective_from = forms.DateField(label="New version starts", widget=_date_input(),
                                     error_messages={"required": "Enter the date the new version starts"})
    percent = forms.DecimalField(label="Change every rate by (%)", max_digits=5, decimal_places=2, initial=0)
    note = forms.CharField(label="Why", error_messages={"required": "Say why there is a new version"})


class PriceForm(GovukFormMixin, forms.Form):
    effective_from = forms.DateField(label="Price from", widget=_date_input(),
                                     error_messages={"required": "Enter the date the price starts"})
    base = _pounds("Standard rate (£)", required=False, help_text="Leave blank for the rate card in force",
                   noun="standard rate", most=Decimal("10000"))
    criteria = forms.ModelMultipleChoiceField(label="Complexity criteria", queryset=ComplexityCriterion.objects.all(),
                                              required=False, widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label="Reason", error_messages={"required": "Give the reason for the price"})


class CriterionForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ComplexityCriterion
        fields = ["name", "kind", "amount"]
        error_messages = {"name": {"required": "Name the criterion"}, "kind": {"required": "Choose the kind"},
                          "amount": {"required": "Enter the amount"}}


class ScenarioForm(GovukFormMixin, forms.ModelForm):
    exclude_above = _pounds("Leave out agreements costing more a week than (£)", required=False,
                            noun="weekly cost above which agreements are left out", most=Decimal("100000"))

    class Meta:
        model = UpliftScenario
        fields = ["name", "service_type", "financial_year", "effective_from", "nlw_rise_percent",
                  "staffing_share_percent", "inflation_percent", "exclude_negotiated_since"]
        widgets = {"effective_from": _date_input(), "exclude_negotiated_since": _date_input()}
        labels = {"service_type": "Market (service type)"}
        error_messages = {f: {"required": f"Enter the {label}"} for f, label in (
            ("name", "name of the scenario"), ("financial_year", "financial year"),
            ("effective_from", "date the uplift starts"), ("nlw_rise_percent", "National Living Wage rise"),
            ("staffing_share_percent", "staffing share of cost"), ("inflation_percent", "inflation"))} | {
            "service_type": {"required": "Choose the market"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = ServiceType.objects.all()
        offer_current(self.fields["service_type"], kept=[self.instance.service_type_id], noun="market")

    def scenario_fields(self) -> dict:
        """The cleaned answers as the scenario's fields, the weekly threshold in pence."""
        fields = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        above = self.cleaned_data.get("exclude_above")
        fields["exclude_above_weekly_pence"] = pounds_to_pence(above) if above is not None else None
        return fields


class BudgetForm(GovukFormMixin, forms.Form):
    """A market area's budget for a year; set again, it replaces the earlier figure."""

    market_area = forms.ModelChoiceField(label="Market area", queryset=markets_offered(), to_field_name="code",
                                         error_messages={"required": "Choose the market area", "invalid_choice":
                                                         "Choose a market area in use: that one has been retired"})
    financial_year = forms.IntegerField(label="Financial year", min_value=2000, max_value=2100,
                                        error_messages={"required": "Enter the financial year"})
    amount = _pounds("Budget for the year (£)", noun="budget for the year", most=Decimal("10000000000"))


class BudgetCorrectForm(GovukFormMixin, forms.Form):
    """The corrected figure of a budget and why it is corrected."""

    amount = _pounds("Corrected budget for the year (£)", noun="corrected budget", most=Decimal("10000000000"))
    reason = forms.CharField(label="Why the budget is corrected", max_length=300,
                             error_messages={"required": "Enter why the budget is corrected",
                                             "max_length": "The reason must be 300 characters or fewer"})


class InvoiceFilterForm(GovukFormMixin, forms.Form):
    """Filters of the invoice list, shared by the page and its CSV download."""

    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any status"), *InvoiceStatus.choices])
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *Invoice.Kind.choices])
    provider = forms.CharField(label="Provider name contains", required=False, max_length=100)



class ProviderInvoiceFilterForm(InvoiceFilterForm):
    """The portal's invoice filters: a provider sees only its own invoices, so no provider filter."""

    provider = None
