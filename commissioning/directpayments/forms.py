"""Forms of direct payments and the return, with messages written for each field. Lists the Client
Level Data release gives in full are offered as choices read from the release file."""
from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone

from commissioning.core.forms import GovukDateField, GovukFormMixin
from commissioning.core.money import pounds_to_pence

from .choices import HeldAs, ReviewStatus
from .returns import spec


def _pounds(label, required=True, help_text=""):
    return forms.DecimalField(label=label, required=required, min_value=Decimal("0"), max_digits=10,
                              decimal_places=2, help_text=help_text,
                              error_messages={"required": f"Enter the {label.lower()}",
                                              "invalid": f"The {label.lower()} must be an amount in pounds",
                                              "min_value": f"The {label.lower()} must be £0 or more",
                                              "max_digits": f"The {label.lower()} is too large",
                                              "max_decimal_places": f"The {label.lower()} must be in pounds and "
                                                                    "pence"})


class DirectPaymentForm(GovukFormMixin, forms.Form):
    hours_per_week = forms.DecimalField(label="Hours of support a week", min_value=Decimal("0.25"),
                                        max_value=Decimal("168"), max_digits=6, decimal_places=2,
                                        help_text="From the support plan, for example 10.5",
                                        error_messages={"required": "Enter the hours of support a week",
                                                        "invalid": "The hours a week must be a number, like 10.5",
                                                        "min_value": "The hours a week must be at least 0.25",
                                                        "max_value": "The hours a week cannot be more than 168",
                                                        "max_decimal_places": "The hours a week can have 2 decimal "
                                                                              "places"})
    hourly_rate = _pounds("Hourly rate", help_text="In pounds, for example 21.50: the rate the direct payment "
                                                   "pays for an hour of support")
    other_weekly = _pounds("Other weekly costs", required=False,
                           help_text="In pounds, for example employer's costs or a day activity; leave empty if none")
    other_weekly_reason = forms.CharField(label="What the other weekly costs are for", required=False,
                                          max_length=300)
    start_date = GovukDateField(label="Start date", error_messages={"required": "Enter the start date"},
                                earliest=lambda: timezone.localdate() - timedelta(days=365))
    review_date = GovukDateField(label="Review date", help_text="Usually 6 weeks, then each year",
                                 error_messages={"required": "Enter the review date"})
    held_as = forms.ChoiceField(label="How the direct payment is held", choices=HeldAs.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Choose how the direct payment is held"})
    account_reference = forms.CharField(label="Card or account reference", max_length=40,
                                        help_text="The prepaid card's number as its statements show it, or the "
                                                  "account's reference",
                                        error_messages={"required": "Enter the card or account reference"})

    def clean(self):
        data = super().clean()
        if data.get("other_weekly") and not (data.get("other_weekly_reason") or "").strip():
            self.add_error("other_weekly_reason", "Say what the other weekly costs are for")
        start, review = data.get("start_date"), data.get("review_date")
        if start and review and review <= start:
            self.add_error("review_date", "The review date must be after the start date")
        return data

    def values(self) -> dict:
        d = self.cleaned_data
        return {"hours_per_week": d["hours_per_week"], "hourly_rate_pence": pounds_to_pence(d["hourly_rate"]),
                "other_weekly_pence": pounds_to_pence(d["other_weekly"] or 0),
                "other_weekly_reason": d["other_weekly_reason"], "start_date": d["start_date"],
                "review_date": d["review_date"], "held_as": d["held_as"],
                "account_reference": d["account_reference"]}


class EndForm(GovukFormMixin, forms.Form):
    end_date = GovukDateField(label="End date", error_messages={"required": "Enter the end date"})
    reason = forms.CharField(label="Why it ends", max_length=300,
                             error_messages={"required": "Say why the direct payment ends"})


def _release_choice(name: str, label: str, required=True, help_text=""):
    """A select of the release's full list, or a text box when the release file lists the values only in
    part (or not at all)."""
    try:
        choices = spec.choices_for(name)
    except FileNotFoundError:
        choices = None
    if choices:
        return forms.ChoiceField(label=label, required=required, choices=[("", "Choose one"), *choices],
                                 help_text=help_text, error_messages={"required": f"Choose the {label.lower()}"})
    try:
        listed = spec.listed_values(name)
    except FileNotFoundError:
        listed = ()
    hint = help_text or "As the Client Level Data specification words it, capitals included"
    if listed:
        hint += f" (for example {', '.join(listed[:3])})"
    return forms.CharField(label=label, required=required, max_length=120, help_text=hint,
                           error_messages={"required": f"Enter the {label.lower()}"})


class SupportReviewForm(GovukFormMixin, forms.Form):
    reviewed_on = GovukDateField(label="Date of the review", latest=timezone.localdate,
                                 error_messages={"required": "Enter the date of the review"},
                                 too_late="The date of the review must be today or in the past")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_reason"] = _release_choice(
            "Review Reason", "Review reason", help_text="For example, Planned review, or Unplanned review")
        self.fields["outcome"] = _release_choice("Event Outcome", "Outcome of the review")
        self.fields["method"] = _release_choice("Method of Review", "How the review was held",
                                                help_text="For example, Face to face")
        self.fields["next_review"] = GovukDateField(label="Next review", required=False,
                                                    help_text="Leave empty to keep the review date as it is")


class ClientDetailsForm(GovukFormMixin, forms.Form):
    nhs_number = forms.CharField(label="NHS number", max_length=12, required=False, help_text="10 digits")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field, label in [
            ("gender", "Gender", "Gender"), ("ethnicity", "Ethnicity", "Ethnicity"),
            ("primary_support_reason", "Primary Support Reason", "Primary support reason"),
            ("accommodation_status", "Accommodation Status", "Accommodation"),
            ("employment_status", "Employment Status", "Employment"),
            ("has_unpaid_carer", "Has Unpaid Carer", "Has an unpaid carer"),
            ("client_funding_status", "Client Funding Status", "Funding"),
            ("route_of_access", "Request: Route of Access", "Route of access of the latest request"),
        ]:
            self.fields[name] = _release_choice(field, label, required=False)


class CardStatementForm(GovukFormMixin, forms.Form):
    file = forms.FileField(label="Card statement (CSV)", error_messages={"required": "Choose the card statement file"},
                           help_text="Columns: card_reference, date, payee, payee_type, bought, amount, balance, "
                                     "and hours if the statement gives them")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 20 MB")
        return upload


class BalanceDecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(label="Decision", widget=forms.RadioSelect,
                                 choices=[(ReviewStatus.KEPT, "The person keeps the balance"),
                                          (ReviewStatus.RECLAIM, "Record a reclaim")],
                                 error_messages={"required": "Choose the decision"})
    reclaim = _pounds("Amount to reclaim", required=False, help_text="In pounds; only for a reclaim")
    note = forms.CharField(label="Reason for the decision", widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="As it will be explained to the person",
                           error_messages={"required": "Give the reason for the decision"})

    def reclaim_pence(self):
        value = self.cleaned_data.get("reclaim")
        return pounds_to_pence(value) if value is not None else None


class BuildReturnForm(GovukFormMixin, forms.Form):
    quarter_end = forms.ChoiceField(label="Quarter", error_messages={"required": "Choose the quarter"})

    def __init__(self, *args, quarters: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter_end"].choices = [(q.isoformat(), f"Quarter ending {q:%-d %B %Y}") for q in quarters]
        self.quarters = {q.isoformat(): q for q in quarters}

    def quarter(self) -> date:
        return self.quarters[self.cleaned_data["quarter_end"]]


class YearForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
