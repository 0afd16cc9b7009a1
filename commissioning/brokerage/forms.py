"""Forms of brokerage: the request for care, front-door checks, awards, offers and answers."""
from datetime import date
from decimal import Decimal

from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.core.money import pounds_to_pence
from commissioning.procurement.choices import ListStatus
from commissioning.procurement.models import Lot
from commissioning.providers.forms import offer_current
from commissioning.providers.models import ClientGroup, Provider, ServiceType, Specialism

from .choices import DirectAwardReason, FrontDoorOption, FrontDoorOutcome, UnmetReason, Urgency
from .models import CareRequest, Person
from .services.requests import earliest_birth


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _pounds(label: str, help_text: str = "", *, name: str, required: str) -> forms.DecimalField:
    """A pounds field whose messages name what is asked for: `name` is e.g. "your price"."""
    return forms.DecimalField(label=label, min_value=Decimal("0.01"), max_value=Decimal("1000000"), max_digits=10,
                              decimal_places=2, help_text=help_text,
                              error_messages={"required": required,
                                              "invalid": f"Enter {name} as an amount in pounds, for example 22.50",
                                              "min_value": f"{name[0].upper()}{name[1:]} must be more than £0",
                                              "max_value": f"{name[0].upper()}{name[1:]} must be £1,000,000 or less",
                                              "max_digits": f"{name[0].upper()}{name[1:]} must be £1,000,000 or less",
                                              "max_decimal_places": f"Enter {name} in pounds and pence, for "
                                                                    "example 22.50",
                                              "max_whole_digits": f"{name[0].upper()}{name[1:]} must be £1,000,000 "
                                                                  "or less"})


def _today_minus_16():
    today = date.today()
    return today.replace(year=today.year - 16, day=min(today.day, 28))


class PersonForm(GovukFormMixin, forms.ModelForm):
    """Who the care is for: seen by council staff only. The date of birth is in the past and gives
    an age from 16 (young people moving to adult services) to 115."""

    date_bounds = {"date_of_birth": {
        "earliest": lambda: earliest_birth(), "latest": _today_minus_16,
        "too_early": "The date of birth must be after {date}: check the year",
        "too_late": "The date of birth must be in the past, and the person 16 or older"}}

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
    budget = _pounds("Indicative weekly budget (£)", "For example 450.00", name="the weekly budget",
                     required="Enter the indicative weekly budget")
    specialisms = forms.ModelMultipleChoiceField(queryset=Specialism.objects.all(), required=False,
                                                 widget=forms.CheckboxSelectMultiple,
                                                 help_text="The provider must have every one ticked")

    class Meta:
        model = CareRequest
        fields = ["needs", "outcomes", "client_group", "lot", "service_type", "hours_per_week", "visits_per_day",
                  "minutes_per_visit", "days_per_week", "postcode", "start_date", "backdate_reason", "urgency"]
        widgets = {"start_date": _date_input(), "needs": forms.Textarea(attrs={"rows": 4}),
                   "outcomes": forms.Textarea(attrs={"rows": 3})}
        labels = {"postcode": "Postcode where care is delivered",
                  "backdate_reason": "Reason the start is backdated (only if the wanted start is in the past)"}
        help_texts = {"hours_per_week": "Or give the pattern below instead",
                      "outcomes": "One outcome a line: providers answer each one in a further competition",
                      "postcode": "Where the care is delivered. Providers see only the district, for example DE22"}
        error_messages = {"needs": {"required": "Describe the assessed needs"},
                          "outcomes": {"required": "Describe the outcomes the care should achieve"},
                          "lot": {"required": "Choose the lot the care is bought under"},
                          "service_type": {"required": "Choose the service type"},
                          "postcode": {"required": "Enter the postcode where care is delivered"},
                          "start_date": {"required": "Enter the wanted start date"},
                          "hours_per_week": {"invalid": "Enter the hours per week as a number, for example 7.5",
                                             "min_value": "The hours per week must be 0.25 or more"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = Lot.objects.filter(
            approved_list__status__in=[ListStatus.OPEN, ListStatus.PAUSED]).select_related("approved_list")
        self.fields["lot"].label_from_instance = lambda lot: f"{lot.approved_list.reference} {lot}"
        request = self.instance
        self.fields["service_type"].queryset = ServiceType.objects.all()
        self.fields["client_group"].queryset = ClientGroup.objects.all()
        offer_current(self.fields["service_type"], kept=[request.service_type_id], noun="service type")
        offer_current(self.fields["client_group"], kept=[request.client_group_id], noun="client group")
        offer_current(self.fields["specialisms"], noun="specialism",
                      kept=request.specialisms.values_list("pk", flat=True) if request.pk else ())
        self.fields["urgency"].widget = forms.RadioSelect(choices=Urgency.choices)
        if self.initial.get("specialisms") is None and self.instance.pk:
            self.initial["specialisms"] = list(self.instance.specialisms.all())

    def clean(self):
        data = super().clean()
        start = data.get("start_date")
        if start and start < date.today() and not (data.get("backdate_reason") or "").strip():
            self.add_error("start_date", "The wanted start date must be today or in the future, "
                                         "or give the reason it is backdated")
        if start and start > date.today().replace(year=date.today().year + 2, day=min(date.today().day, 28)):
            self.add_error("start_date", "The wanted start date must be within 2 years")
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
    option = forms.ChoiceField(label="Option considered", widget=forms.RadioSelect,
                               choices=[c for c in FrontDoorOption.choices if c[0] != FrontDoorOption.DIRECTORY],
                               error_messages={"required": "Choose the option considered"})
    outcome = forms.ChoiceField(label="Outcome", choices=FrontDoorOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose what came of it"})
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DirectorySuggestionForm(GovukFormMixin, forms.Form):
    """Which of the directory's services found the broker suggested, and what came of it."""

    listing = forms.TypedChoiceField(label="Service suggested", widget=forms.RadioSelect, coerce=int,
                                     error_messages={"required": "Choose the service you suggested"})
    outcome = forms.ChoiceField(label="Outcome", choices=FrontDoorOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose what came of it"})
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, found=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listing"].choices = [(item.pk, f"{item.name}, {item.organisation_name}") for item in found]


class DirectAwardForm(GovukFormMixin, forms.Form):
    provider = forms.ChoiceField(label="Provider", widget=forms.RadioSelect,
                                 error_messages={"required": "Choose the provider to award to"})
    reason = forms.ChoiceField(label="Reason for a direct award",
                               choices=[c for c in DirectAwardReason.choices if c[0] != DirectAwardReason.BATCH],
                               widget=forms.RadioSelect, error_messages={"required": "Choose the reason"})
    note = forms.CharField(label="Explain the award", widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "Explain the direct award in a few words"})
    standing_reason = forms.CharField(
        label="Reason for placing with a provider rated Amber or under concerns or review", required=False,
        widget=forms.Textarea(attrs={"rows": 2}), help_text="Needed when the provider you choose carries a warning")

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(str(e.provider.pk), f"{e.rank}. {e.provider.name}"
                                            + (f" ({e.standing.summary})" if e.standing and e.standing.needs_reason
                                               else "")) for e in eligible]


class UnmetForm(GovukFormMixin, forms.Form):
    reason = forms.ChoiceField(label="Why the need cannot be met now",
                               choices=[c for c in UnmetReason.choices if c[0] != UnmetReason.NO_OFFERS],
                               widget=forms.RadioSelect, error_messages={"required": "Choose why"})
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WaiverForm(GovukFormMixin, forms.Form):
    provider = forms.ModelChoiceField(label="Provider (off the list)", queryset=Provider.objects.order_by("name"),
                                      error_messages={"required": "Choose the provider"})
    rate = _pounds("Rate agreed (£)", "Per hour for hours-based care, per week for a bed or place",
                   name="the rate agreed", required="Enter the rate agreed")
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
    standing_reason = forms.CharField(
        label="Reason for placing with a provider rated Amber or under concerns or review", required=False,
        widget=forms.Textarea(attrs={"rows": 2}), help_text="Needed when the provider you choose carries a warning")

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = [(str(o.pk), f"Rank {o.rank}: {o.provider.name}") for o in offers]


class CompetitionOpenForm(GovukFormMixin, forms.Form):
    """The outcome questions a further competition asks, and whether a moderator agrees the scores."""

    questions = forms.CharField(label="Outcome questions, one a line", widget=forms.Textarea(attrs={"rows": 5}),
                                help_text="Every provider answers each one; evaluators score the answers",
                                error_messages={"required": "Give at least one outcome question"})
    moderated = forms.BooleanField(label="A moderator agrees the final scores", required=False)

    def question_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]


class OfferForm(GovukFormMixin, forms.Form):
    """A provider's offer: a price within the lot's limits, a start date, and an answer to each
    outcome question."""

    rate = _pounds("Your price (£)", "Per hour for hours-based care, per week for a bed or place",
                   name="your price", required="Enter your price")
    start_date = forms.DateField(label="Date you can start", widget=_date_input(),
                                 error_messages={"required": "Enter the date you can start"})
    date_bounds = {"start_date": {"earliest": date.today,
                                  "too_early": "The date you can start must be today or in the future"}}

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=f"{question.number}. {question.text}", widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": f"Answer question {question.number}"})
        if not self.questions:
            self.fields["outcome_answers"] = forms.CharField(
                label="How you will meet the outcomes", widget=forms.Textarea(attrs={"rows": 5}),
                error_messages={"required": "Say how you will meet the outcomes"})
        for name, field in self.fields.items():
            if name not in ("rate", "start_date") and field.widget.attrs is not None:
                field.widget.attrs.setdefault("class", "govuk-textarea")

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data[f"answer_{q.pk}"] for q in self.questions}


class InviteDeclineForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(label="Why you are not offering", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Give the reason you are not offering"})


class ScoreForm(GovukFormMixin, forms.Form):
    """One evaluator's score and reason for one answer."""

    score = forms.IntegerField(label="Score", min_value=0,
                               error_messages={"required": "Enter a score", "invalid": "Enter the score as a number",
                                               "min_value": "The score must be 0 or more"})
    reason = forms.CharField(label="Reason for the score", widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Give the reason for this score"})

    def __init__(self, *args, top: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].max_value = top
        self.fields["score"].help_text = f"From 0 to {top}"
        self.fields["score"].validators.append(_at_most(top))


def _at_most(top: int):
    def check(value):
        if value is not None and value > top:
            raise forms.ValidationError(f"The score must be {top} or less")
    return check


class ReserveForm(GovukFormMixin, forms.Form):
    lot = forms.ModelChoiceField(label="Reserve lot", queryset=Lot.objects.none(), widget=forms.RadioSelect,
                                 error_messages={"required": "Choose the reserve lot"})
    reason = forms.CharField(label="Why the request goes to the reserve lot", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Give the reason the request goes to a reserve lot"})

    def __init__(self, *args, lots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = lots
        self.fields["lot"].label_from_instance = lambda lot: f"{lot.approved_list.reference} {lot}"


class DeclineForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(label="Why you are declining", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Give the reason for declining"})


class AllocationForm(GovukFormMixin, forms.Form):
    lot = forms.ModelChoiceField(label="Lot", queryset=Lot.objects.filter(
        approved_list__status__in=[ListStatus.OPEN, ListStatus.PAUSED]).select_related("approved_list"),
        error_messages={"required": "Choose the lot"},
        help_text="Every request waiting on this lot (new or unmet, front door recorded) is allocated")
