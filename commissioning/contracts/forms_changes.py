"""Forms of a contract's changes: amounts typed in pounds (a minus sign for a reduction) and held in
pence, dates in GOV.UK date inputs; the service's rules come back as errors on the fields they concern."""
from decimal import Decimal

from django import forms

from commissioning.accounts.models import User
from commissioning.accounts.roles import COUNCIL_ROLES
from commissioning.core.forms import GovukFormMixin
from commissioning.core.money import pounds_to_pence

from .forms import DATE_BOUNDS, MOST_VALUE
from .models import DecommissionPlan, DecommissionStep, Variation


def change_field(label: str, *, name: str) -> forms.DecimalField:
    """A change in pounds, more or less: blank is no change, a minus sign a reduction."""
    return forms.DecimalField(
        label=label, required=False, min_value=-MOST_VALUE, max_value=MOST_VALUE, max_digits=14, decimal_places=2,
        help_text="In pounds: for example 25000 for an increase, or -25000 for a reduction. Leave blank for no change",
        error_messages={"invalid": f"The {name} must be an amount in pounds, for example 25000 or -25000",
                        "min_value": f"The {name} must be no more than £10,000,000,000",
                        "max_value": f"The {name} must be no more than £10,000,000,000",
                        "max_decimal_places": f"The {name} must have no more than 2 decimal places",
                        "max_digits": f"The {name} must be no more than £10,000,000,000"})


class VariationForm(GovukFormMixin, forms.ModelForm):
    """A variation or extension proposed for approval."""

    value_change = change_field("Change to the value over the term (£)", name="change to the value over the term")
    annual_value_change = change_field("Change to the value a year (£)", name="change to the value a year")
    date_bounds = {"new_end_date": DATE_BOUNDS, "takes_effect_on": DATE_BOUNDS}

    class Meta:
        model = Variation
        fields = ["kind", "reason", "value_change", "annual_value_change", "new_end_date", "takes_effect_on"]
        widgets = {"kind": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 4})}
        labels = {"kind": "Is it a variation or an extension?", "reason": "Why the contract is changing"}
        help_texts = {"new_end_date": "For an extension only: the date the contract will now end",
                      "takes_effect_on": "Within the contract's current term"}
        error_messages = {"kind": {"required": "Choose whether it is a variation or an extension"},
                          "reason": {"required": "Enter why the contract is changing"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["takes_effect_on"].error_messages["required"] = "Enter the date it takes effect"

    def clean(self):
        cleaned = super().clean()
        self.instance.value_change_pence = pounds_to_pence(cleaned.get("value_change") or Decimal(0))
        self.instance.annual_value_change_pence = pounds_to_pence(cleaned.get("annual_value_change") or Decimal(0))
        return cleaned


class RefusalForm(GovukFormMixin, forms.Form):
    refusal_reason = forms.CharField(label="Why the variation is refused", widget=forms.Textarea(attrs={"rows": 4}),
                                     max_length=2000,
                                     error_messages={"required": "Enter why the variation is refused",
                                                     "max_length": "The reason must be 2,000 characters or fewer"})


class PlanForm(GovukFormMixin, forms.ModelForm):
    """A contract's decommissioning plan."""

    date_bounds = {"service_stops_on": DATE_BOUNDS}

    class Meta:
        model = DecommissionPlan
        fields = ["reason", "service_stops_on", "replacement"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4}), "replacement": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"reason": {"required": "Enter why the contract is being decommissioned"},
                          "replacement": {"required": "Enter what replaces the service, or say nothing does"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_stops_on"].error_messages["required"] = "Enter the date the service stops"


class StepForm(GovukFormMixin, forms.ModelForm):
    """One step of a decommissioning plan, owned by a member of council staff."""

    date_bounds = {"due_on": DATE_BOUNDS}

    class Meta:
        model = DecommissionStep
        fields = ["description", "owner", "due_on"]
        error_messages = {"description": {"required": "Enter what has to be done"},
                          "owner": {"required": "Choose who owns the step",
                                    "invalid_choice": "Choose a member of council staff"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(role__in=COUNCIL_ROLES, is_active=True).order_by(
            "first_name", "last_name", "username")
        self.fields["due_on"].error_messages["required"] = "Enter the date the step is due"


class ArrangementForm(GovukFormMixin, forms.Form):
    arranged = forms.TypedChoiceField(
        label="Has a new arrangement been made for this person's care?", widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "Not yet")], coerce=lambda value: value == "yes",
        error_messages={"required": "Choose whether a new arrangement has been made"})
    note = forms.CharField(label="What the new arrangement is", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="For example, the new provider or a direct payment. Never the person's name",
                           error_messages={"max_length": "The note must be 2,000 characters or fewer"})
