"""Forms of brokerage: the request for care, front-door checks, awards, offers and answers."""
from decimal import Decimal

from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.core.money import pounds_to_pence
from commissioning.procurement.choices import ListStatus
from commissioning.procurement.models import Lot
from commissioning.providers.models import ClientGroup, Provider, ServiceType, Specialism

from .choices import DirectAwardReason, FrontDoorOption, FrontDoorOutcome, UnmetReason, Urgency
from .models import CareRequest, Person


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _pounds(label: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=Decimal("0.01"), max_digits=10, decimal_places=2,
                              help_text=help_text,
                              error_messages={"required": f"Enter the {label.lower()}",
                                              "min_value": f"Enter the {label.lower()} as more than £0"})


class PersonForm(GovukFormMixin, forms.ModelForm):
    """Who the care is for: seen by council staff only."""

    class Meta:
        model = Person
        fields = ["name", "date_of_birth", "address", "postcode", "funder"]
        widgets = {"date_of_birth": _date_input()}
        labels = {"name": "Person's full name"}
        help_texts = {"name": "Only council staff see the name, date of birth and address"}
        error_messages = {"name": {"required": "Enter the person's full name"},
                          "date_of_birth": {"required": "Enter the person's date of birth"},
                          "address": {"required": "Enter the person's address"},
                          "postcode": {"required": "Enter the person's postcode"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Blank only once the record is anonymised after the retention period; always asked for here.
        for name in ("date_of_birth", "address", "postcode"):
            self.fields[name].required = True


class CareRequestForm(GovukFormMixin, forms.ModelForm):
    hide_optional_label = False
    budget = _pounds("Indicative weekly budget (£)", "For example 450.00")
    specialisms = forms.ModelMultipleChoiceField(queryset=Specialism.objects.all(), required=False,
                                                 widget=forms.CheckboxSelectMultiple,
                                                 help_text="The provider must have every one ticked")

    class Meta:
        model = CareRequest
        fields = ["needs", "outcomes", "client_group", "lot", "service_type", "hours_per_week", "visits_per_day",
                  "minutes_per_visit", "days_per_week", "postcode", "start_date", "urgency"]
        widgets = {"start_date": _date_input(), "needs": forms.Textarea(attrs={"rows": 4}),
                   "outcomes": forms.Textarea(attrs={"rows": 3})}
        labels = {"postcode": "Postcode where care is delivered"}
        help_texts = {"hours_per_week": "Or give the pattern below instead",
                      "postcode": "Where the care is delivered. Providers see only the district, for example DE22"}
        error_messages = {"needs": {"required": "Describe the assessed needs"},
                          "outcomes": {"required": "Describe the outcomes the care should achieve"},
                          "lot": {"required": "Choose the lot the care is bought under"},
                          "service_type": {"required": "Choose the service type"},
                          "postcode": {"required": "Enter the postcode where care is delivered"},
                          "start_date": {"required": "Enter the wanted start date"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = Lot.objects.filter(
            approved_list__status__in=[ListStatus.OPEN, ListStatus.PAUSED]).select_related("approved_list")
        self.fields["lot"].label_from_instance = lambda lot: f"{lot.approved_list.reference} {lot}"
        self.fields["service_type"].queryset = ServiceType.objects.all()
        self.fields["client_group"].queryset = ClientGroup.objects.all()
        self.fields["urgency"].widget = forms.RadioSelect(choices=Urgency.choices)
        if self.initial.get("specialisms") is None and self.instance.pk:
            self.initial["specialisms"] = list(self.instance.specialisms.all())

    def clean(self):
        data = super().clean()
        pattern = [data.get(f) for f in ("visits_per_day", "minutes_per_visit", "days_per_week")]
        if data.get("hours_per_week") is None and None in pattern:
            self.add_error("hours_per_week",
                           "Enter the hours per week, or the visits per day, minutes per visit and days per week")
        days = data.get("days_per_week")
        if days is not None and not 1 <= days <= 7:
            self.add_error("days_per_week", "Days per week must be from 1 to 7")
        return data

    def save(self, commit=False):
        request = super().save(commit=False)
        request.budget_pence = pounds_to_pence(self.cleaned_data["budget"])
        return request


class FrontDoorForm(GovukFormMixin, forms.Form):
    option = forms.ChoiceField(label="Option considered", choices=FrontDoorOption.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose the option considered"})
    outcome = forms.ChoiceField(label="Outcome", choices=FrontDoorOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose what came of it"})
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DirectAwardForm(GovukFormMixin, forms.Form):
    provider = forms.ChoiceField(label="Provider", widget=forms.RadioSelect,
                                 error_messages={"required": "Choose the provider to award to"})
    reason = forms.ChoiceField(label="Reason for a direct award",
                               choices=[c for c in DirectAwardReason.choices if c[0] != DirectAwardReason.BATCH],
                               widget=forms.RadioSelect, error_messages={"required": "Choose the reason"})
    note = forms.CharField(label="Explain the award", widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Explain the direct award in a few words"})

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(str(e.provider.pk), f"{e.rank}. {e.provider.name}") for e in eligible]


class UnmetForm(GovukFormMixin, forms.Form):
    reason = forms.ChoiceField(label="Why the need cannot be met now",
                               choices=[c for c in UnmetReason.choices if c[0] != UnmetReason.NO_OFFERS],
                               widget=forms.RadioSelect, error_messages={"required": "Choose why"})
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WaiverForm(GovukFormMixin, forms.Form):
    provider = forms.ModelChoiceField(label="Provider (off the list)", queryset=Provider.objects.order_by("name"),
                                      error_messages={"required": "Choose the provider"})
    rate = _pounds("Rate agreed (£)", "Per hour for hours-based care, per week for a bed or place")
    reason = forms.CharField(label="Why the list cannot meet this need (waiver reason)",
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Give the waiver reason"})


class WaiverDecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(label="Decision", choices=[("approve", "Approve the waiver"),
                                                            ("refuse", "Refuse the waiver")],
                                 widget=forms.RadioSelect, error_messages={"required": "Choose approve or refuse"})
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="Needed when you refuse")


class AwardForm(GovukFormMixin, forms.Form):
    offer = forms.ChoiceField(label="Offer to award", widget=forms.RadioSelect,
                              error_messages={"required": "Choose the offer to award"})
    note = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="Needed when you award an offer other than the top-ranked one")

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = [(str(o.pk), f"Rank {o.rank}: {o.provider.name}") for o in offers]


class OfferForm(GovukFormMixin, forms.Form):
    rate = _pounds("Your price (£)", "Per hour for hours-based care, per week for a bed or place")
    start_date = forms.DateField(label="Date you can start", widget=_date_input(),
                                 error_messages={"required": "Enter the date you can start",
                                                 "invalid": "Enter the start date as a real date"})
    outcome_answers = forms.CharField(label="How you will meet the outcomes", widget=forms.Textarea(attrs={"rows": 5}),
                                      error_messages={"required": "Say how you will meet the outcomes"})


class DeclineForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(label="Why you are declining", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Give the reason for declining"})


class AllocationForm(GovukFormMixin, forms.Form):
    lot = forms.ModelChoiceField(label="Lot", queryset=Lot.objects.filter(
        approved_list__status__in=[ListStatus.OPEN, ListStatus.PAUSED]).select_related("approved_list"),
        error_messages={"required": "Choose the lot"},
        help_text="Every request waiting on this lot (new or unmet, front door recorded) is allocated")
