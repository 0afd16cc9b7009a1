"""Forms of market intelligence, each in GOV.UK style with messages written for its fields."""
import re
from datetime import date, timedelta
from decimal import Decimal

from django import forms

from commissioning.core.forms import GovukFormMixin

from .domain.bands import DEFAULT_BANDS, Band

_YEAR_IN_NAME = re.compile(r"(20\d\d)[-_ ]?(\d\d)\b")


def year_from_file_name(name: str) -> int | None:
    """2014 from "pss-exp-eng-14-15-…" or "…2014-15…", when the name says the year."""
    match = _YEAR_IN_NAME.search(name) or re.search(r"\b(\d\d)-(\d\d)\b", name)
    if not match:
        return None
    start = int(match.group(1))
    return start if start > 100 else 2000 + start


class UnitCostUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Unit cost file", help_text="NHS Digital's council-level unit cost CSV, as downloaded, up to 10 MB",
        error_messages={"required": "Select a unit cost file to check", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
    financial_year = forms.IntegerField(
        label="Financial year it covers", required=False,
        help_text="The year the financial year starts: 2014 for 2014-15. Leave blank if the file name says it",
        error_messages={"invalid": "Enter the year as 4 digits, such as 2014"})

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None and not data.get("financial_year"):
            year = year_from_file_name(upload.name)
            if year is None:
                self.add_error("financial_year", "Enter the year the financial year starts, such as 2014")
            data["financial_year"] = year
        return data


class ComparatorGroupForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Name of the group", max_length=120,
                           error_messages={"required": "Enter a name for the comparator group"})
    own_code = forms.ChoiceField(label="Your council", error_messages={"required": "Choose your council"})
    member_codes = forms.MultipleChoiceField(
        label="Councils to compare with", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least two councils to compare with"})
    bands = forms.CharField(
        label="Bands", widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One band a line, lowest first: its label, a comma, and the highest position in the group it "
                  "covers (0 is the lowest council, 100 the highest)",
        error_messages={"required": "Enter at least one band"})
    level_tolerance_percent = forms.DecimalField(
        label="Level arrow tolerance (%)", min_value=0, max_value=50, decimal_places=2,
        help_text="A change within this share of last year's figure shows as level (→)",
        error_messages={"required": "Enter the tolerance for a level arrow",
                        "invalid": "Enter the tolerance as a number, such as 1",
                        "min_value": "The tolerance for a level arrow must be 0% or more",
                        "max_value": "The tolerance for a level arrow must be 50% or less",
                        "max_decimal_places": "Enter the tolerance with no more than 2 decimal places"})

    def __init__(self, *args, councils: list[tuple[str, str]], **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("bands", "\n".join(f"{b.label}, {b.upto}" for b in DEFAULT_BANDS))
        kwargs["initial"].setdefault("level_tolerance_percent", Decimal(1))
        super().__init__(*args, **kwargs)
        choices = [(code, name) for code, name in councils]
        self.fields["own_code"].choices = [("", "Choose your council"), *choices]
        self.fields["member_codes"].choices = choices

    def clean_bands(self) -> list[Band]:
        bands = []
        for number, line in enumerate(self.cleaned_data["bands"].splitlines(), start=1):
            if not line.strip():
                continue
            label, _, upto = line.rpartition(",")
            try:
                bands.append(Band(label.strip(), Decimal(upto.strip())))
            except Exception:
                raise forms.ValidationError(
                    f"Line {number}: write the band as its label, a comma and a position, such as “Low, 33.33”"
                ) from None
        return bands


def _this_monday():
    from django.utils import timezone

    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


class VacancyReturnForm(GovukFormMixin, forms.Form):
    service = forms.ChoiceField(label="Care home", error_messages={"required": "Choose the care home",
                                                                  "invalid_choice": "Choose one of your care homes"})
    week_start = forms.DateField(label="Week starting (a Monday)",
                                 error_messages={"required": "Enter the Monday the week starts"})
    beds_maximum = forms.IntegerField(label="Maximum beds", min_value=0, max_value=10000, error_messages={
        "required": "Enter the maximum beds", "invalid": "Enter the maximum beds as a whole number",
        "min_value": "The maximum beds must be 0 or more", "max_value": "The maximum beds must be 10,000 or fewer"})
    beds_occupied = forms.IntegerField(label="Occupied beds", min_value=0, max_value=10000, error_messages={
        "required": "Enter the occupied beds", "invalid": "Enter the occupied beds as a whole number",
        "min_value": "The occupied beds must be 0 or more", "max_value": "The occupied beds must be 10,000 or fewer"})
    date_bounds = {"week_start": {"earliest": date(2020, 1, 1), "latest": date.today,
                                  "too_late": "The week must not be in the future"}}

    def __init__(self, *args, homes, **kwargs):
        kwargs.setdefault("initial", {"week_start": _this_monday()})
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", "Choose the care home"), *((str(h.pk), h.name) for h in homes)]
        self._homes = {str(h.pk): h for h in homes}

    def clean_service(self):
        return self._homes[self.cleaned_data["service"]]


class StatementForm(GovukFormMixin, forms.Form):
    context = forms.CharField(label="Context", widget=forms.Textarea(attrs={"rows": 8}), required=False,
                              max_length=20000, help_text="The council's picture of the market and its aims, in "
                              "your own words. The figures are added from the platform",
                              error_messages={"max_length": "The context must be 20,000 characters or fewer"})
    working_with_us = forms.CharField(
        label="How to work with us", widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=20000,
        error_messages={"max_length": "The section on working with us must be 20,000 characters or fewer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from commissioning.accounts.selectors import markets_offered

        for code, label in markets_offered().values_list("code", "name"):
            self.fields[f"intentions_{code}"] = forms.CharField(
                label=f"Commissioning intentions: {label}", required=False, max_length=20000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"max_length": "The intentions must be 20,000 characters or fewer"})

    def intentions(self) -> dict[str, str]:
        return {name.removeprefix("intentions_"): value for name, value in self.cleaned_data.items()
                if name.startswith("intentions_")}


def _pounds_field(label: str, what: str):
    return forms.DecimalField(label=label, min_value=0, max_digits=14, decimal_places=2, error_messages={
        "required": f"Enter the {what}", "invalid": f"Enter the {what} as an amount, such as 68138",
        "min_value": f"The {what} must be £0 or more",
        "max_decimal_places": f"Enter the {what} to the penny at most",
        "max_digits": f"The {what} must be less than £1,000,000,000,000"})


class StaffingLineForm(GovukFormMixin, forms.Form):
    job_title = forms.CharField(label="Job title", max_length=120, error_messages={"required": "Enter the job title"})
    fte = forms.DecimalField(label="Full-time equivalents (FTE)", min_value=Decimal("0.01"), max_digits=6,
                             decimal_places=2, error_messages={
                                 "required": "Enter the FTE", "invalid": "Enter the FTE as a number, such as 4.1",
                                 "min_value": "The FTE must be more than 0",
                                 "max_decimal_places": "Enter the FTE with no more than 2 decimal places",
                                 "max_digits": "The FTE must be less than 10,000"})
    cost = _pounds_field("Annual cost (£)", "annual cost")


class SavingForm(GovukFormMixin, forms.Form):
    service_area = forms.CharField(label="Service area", max_length=200,
                                   error_messages={"required": "Enter the service area"})
    approved_list = forms.ChoiceField(label="Procurement (optional)", required=False)
    previous_annual = _pounds_field("Previous annual value (£)", "previous annual value")
    new_annual = _pounds_field("New annual value (£)", "new annual value")

    def __init__(self, *args, lists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._lists = {str(lst.pk): lst for lst in lists}
        self.fields["approved_list"].choices = [("", "None"), *((k, str(v)) for k, v in self._lists.items())]

    def clean_approved_list(self):
        return self._lists.get(self.cleaned_data["approved_list"])
