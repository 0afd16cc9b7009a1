"""Forms of contract management: scheduling meetings, the meeting record, actions, breaches (the
penalty typed in pounds, held in whole pence), KPIs and KPI returns. Dates in GOV.UK date inputs."""
from datetime import date

from django import forms
from django.db.models import Q

from commissioning.accounts.models import User
from commissioning.accounts.selectors import markets_offered
from commissioning.core.forms import GovukFormMixin
from commissioning.core.money import pounds_to_pence

from .choices import BreachStatus, KpiDirection, KpiPeriod
from .forms import DATE_BOUNDS
from .models import Contract, ContractMeeting, KpiDefinition
from .selectors_management import contract_providers

PENALTY_MOST = 100_000_000  # £100 million: more than any penalty a council contract sets


def _text(label: str, *, message: str = "", required: bool = True, rows: int = 3, help_text: str = ""):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           help_text=help_text, error_messages={"required": message or f"Enter the {label.lower()}"})


class MeetingScheduleForm(GovukFormMixin, forms.Form):
    """The provider, the first meeting and how far ahead; the market's frequency sets the rest."""

    provider = forms.ModelChoiceField(label="Provider", queryset=None,
                                      error_messages={"required": "Choose the provider",
                                                      "invalid_choice": "Choose a provider that holds the contract"})
    market_area = forms.ModelChoiceField(label="Market area whose frequency the meetings follow",
                                         queryset=markets_offered(), required=False,
                                         error_messages={"invalid_choice": "Choose a market area from the list"})
    start = forms.DateField(label="Date of the first meeting",
                            error_messages={"required": "Enter the date of the first meeting"})
    months = forms.IntegerField(label="Months ahead to schedule", initial=12, min_value=1, max_value=36,
                                error_messages={"required": "Enter how many months ahead to schedule",
                                                "invalid": "The months ahead must be a whole number, like 12",
                                                "min_value": "Schedule at least 1 month ahead",
                                                "max_value": "Schedule no more than 36 months ahead"})

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = contract_providers(contract).order_by("name")
        if contract.approved_list_id:
            del self.fields["market_area"]
        else:
            self.fields["market_area"].required = True
            self.fields["market_area"].error_messages["required"] = "Choose the market area"

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["market"] = data.pop("market_area", None)
        return data


class MeetingRecordForm(GovukFormMixin, forms.ModelForm):
    """The record of a held meeting: the four areas. Breaches, with their penalties, are recorded
    one by one from the meeting's page."""

    date_bounds = {"held_on": DATE_BOUNDS}

    class Meta:
        model = ContractMeeting
        fields = ["contract", "held_on", "compliance", "breaches", "performance", "quality", "improvement"]
        labels = {"held_on": "Date held", "compliance": "Compliance: terms, specification and value",
                  "breaches": "Breaches discussed", "performance": "Performance against the KPIs",
                  "quality": "Quality assurance", "improvement": "Continuous improvement",
                  "contract": "Contract the meeting was about"}
        help_texts = {"breaches": "Record each breach, with its penalty or remedy, from this page after saving"}
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in
                   ("compliance", "breaches", "performance", "quality", "improvement")}
        error_messages = {"held_on": {"required": "Enter the date the meeting was held"},
                          "contract": {"required": "Choose the contract the meeting was about"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].required = True
        meeting = self.instance
        if meeting.contract_id:
            del self.fields["contract"]
        else:
            self.fields["contract"].required = True
            self.fields["contract"].queryset = Contract.objects.filter(
                Q(supplier_id=meeting.provider_id)
                | Q(approved_list__lots__memberships__provider_id=meeting.provider_id)).distinct()

    def values(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields if f in self.cleaned_data}


class ActionForm(GovukFormMixin, forms.Form):
    what = _text("What is to be done", message="Enter what is to be done")
    owner = forms.ModelChoiceField(label="Owner", queryset=None,
                                   error_messages={"required": "Choose who owns the action"})
    due = forms.DateField(label="Due by", error_messages={"required": "Enter the date it is due by"})

    date_bounds = {"due": {"earliest": date.today, "too_early": "The due date must be today or later"}}

    def __init__(self, *args, meeting: ContractMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).filter(
            Q(provider__isnull=True) | Q(provider_id=meeting.provider_id)).order_by("first_name", "last_name")
        self.fields["owner"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.provider.name if u.provider_id else u.get_role_display()})")


class ActionDoneForm(GovukFormMixin, forms.Form):
    done_on = forms.DateField(label="Date done", required=False,
                              help_text="Leave blank if the action is still open")


class BreachForm(GovukFormMixin, forms.Form):
    """A breach: what happened, the term, when found, and the penalty (pounds, held in pence) or remedy."""

    provider = forms.ModelChoiceField(label="Provider in breach", queryset=None,
                                      error_messages={"required": "Choose the provider in breach"})
    what_happened = _text("What happened", message="Enter what happened")
    term = forms.CharField(label="Term breached", max_length=200,
                           help_text="The clause or part of the specification, for example clause 12.3",
                           error_messages={"required": "Enter the term breached",
                                           "max_length": "The term must be 200 characters or fewer"})
    found_on = forms.DateField(label="Date found", error_messages={"required": "Enter the date the breach was found"})
    penalty = forms.DecimalField(
        label="Penalty applied (£)", required=False, min_value=0, max_value=PENALTY_MOST, max_digits=11,
        decimal_places=2, help_text="In pounds, for example 250. Leave blank if no penalty was applied",
        error_messages={"invalid": "The penalty must be an amount in pounds, for example 250",
                        "min_value": "The penalty must be £0 or more",
                        "max_value": "The penalty must be £100,000,000 or less",
                        "max_digits": "The penalty must be £100,000,000 or less",
                        "max_decimal_places": "The penalty must have no more than 2 decimal places"})
    remedy = _text("Remedy applied", required=False, help_text="What the provider must do to put it right")

    date_bounds = {"found_on": {**DATE_BOUNDS, "latest": date.today,
                                "too_late": "The date found cannot be in the future"}}

    def __init__(self, *args, contract: Contract, meeting: ContractMeeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        providers = contract_providers(contract)
        if meeting is not None:
            providers = providers.filter(pk=meeting.provider_id)
            self.initial.setdefault("provider", meeting.provider_id)
        self.fields["provider"].queryset = providers.order_by("name")

    def clean(self):
        cleaned = super().clean()
        penalty = cleaned.get("penalty")
        if "penalty" in cleaned and not penalty and not (cleaned.get("remedy") or "").strip():
            self.add_error("remedy", "Enter the remedy applied, or a penalty")
        return cleaned

    def values(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "penalty"}
        data["penalty_pence"] = pounds_to_pence(self.cleaned_data["penalty"]) if self.cleaned_data["penalty"] else 0
        return data


class BreachMoveForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(label="Mark the breach", widget=forms.RadioSelect,
                               error_messages={"required": "Choose what to mark the breach"})
    note = _text("Note", required=False, rows=2, help_text="For example, how it was put right")

    def __init__(self, *args, current, moves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in BreachStatus if s in moves.get(current, ())]


class KpiForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = KpiDefinition
        fields = ["name", "unit", "target", "direction", "period", "days_to_submit"]
        labels = {"name": "Name of the KPI", "days_to_submit": "Days to send each return"}
        widgets = {"direction": forms.RadioSelect, "period": forms.RadioSelect}
        error_messages = {"name": {"required": "Enter the name of the KPI"},
                          "target": {"required": "Enter the target", "invalid": "The target must be a number"},
                          "unit": {"required": "Enter the unit, for example %"},
                          "days_to_submit": {"min_value": "Allow at least 1 day to send a return",
                                             "max_value": "Allow no more than 90 days to send a return"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = KpiDirection.choices
        self.fields["period"].choices = KpiPeriod.choices


class KpiReturnForm(GovukFormMixin, forms.Form):
    period_start = forms.DateField(label="First day of the period",
                                   error_messages={"required": "Enter the first day of the period"})
    value = forms.DecimalField(label="Figure", max_digits=12, decimal_places=2,
                               error_messages={"required": "Enter the figure",
                                               "invalid": "The figure must be a number"})
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
