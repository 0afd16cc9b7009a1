"""Forms for setting up lists and for evaluating, moderating and deciding applications."""
from datetime import date
from decimal import Decimal

from django import forms

from commissioning.accounts.selectors import offer_current_markets
from commissioning.core.forms import GovukDateField, GovukFormMixin
from commissioning.core.money import pence_to_pounds, pounds_to_pence
from commissioning.providers.forms import offer_current
from commissioning.providers.models import Locality, ServiceType

from .choices import LotOutcome
from .models import ApprovedList, Lot, PriceLine, Question, ReopeningWindow

EARLIEST_LIST_DATE = date(2000, 1, 1)
MOST_VALUE = Decimal("10000000000")  # £10 billion: more than any council's care market over a term


def five_years_ahead() -> date:
    today = date.today()
    return today.replace(year=today.year + 5) if not (today.month == 2 and today.day == 29) \
        else date(today.year + 5, 2, 28)


LIST_DATE_BOUNDS = {"earliest": EARLIEST_LIST_DATE, "latest": five_years_ahead,
                    "too_early": "The {name} must be on or after 1 January 2000",
                    "too_late": "The {name} must be no more than 5 years from today ({date})"}


def _pounds_field(label: str, *, required: bool, enter: str, name: str, help_text: str = "") -> forms.DecimalField:
    """An amount in pounds, more than £0 and at most MOST_VALUE, with messages written for the field."""
    return forms.DecimalField(
        label=label, required=required, min_value=Decimal("0.01"), max_value=MOST_VALUE, max_digits=14,
        decimal_places=2, help_text=help_text or None,
        error_messages={"required": enter, "invalid": f"The {name} must be an amount in pounds, for example 18.50",
                        "min_value": f"The {name} must be more than £0",
                        "max_value": f"The {name} must be £10,000,000,000 or less",
                        "max_decimal_places": f"The {name} must have no more than 2 decimal places",
                        "max_digits": f"The {name} must be £10,000,000,000 or less"})


class ApprovedListForm(GovukFormMixin, forms.ModelForm):
    estimated_value = _pounds_field("Estimated value over the term (£)", required=True,
                                    enter="Enter the estimated value over the term", name="estimated value",
                                    help_text="In pounds, for example 760000000")
    date_bounds = {"start_date": LIST_DATE_BOUNDS}

    class Meta:
        model = ApprovedList
        fields = ["name", "reference", "kind", "market_area", "lead_commissioner", "description", "start_date",
                  "term_months", "admission_mode", "max_lots_per_provider", "pass_mark", "score_scale_max",
                  "quality_weight", "tie_break", "primary_members_may_join_reserve"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "tie_break": forms.RadioSelect}
        error_messages = {
            "name": {"required": "Enter the name of the list"},
            "reference": {"required": "Enter the list's reference", "unique": "Another list has this reference"},
            "kind": {"required": "Choose the kind of list"},
            "market_area": {"required": "Choose the market area"},
            "lead_commissioner": {"required": "Choose the lead commissioner"},
            "term_months": {"required": "Enter the term in months",
                            "invalid": "The term must be a whole number of months",
                            "min_value": "The term must be at least 1 month",
                            "max_value": "The term must be 240 months (20 years) or less"},
            "pass_mark": {"required": "Enter the pass mark",
                          "invalid": "The pass mark must be a number, for example 60",
                          "min_value": "The pass mark must be 0% or more",
                          "max_value": "The pass mark must be 100% or less"},
            "score_scale_max": {"required": "Enter the highest score an evaluator can give",
                                "min_value": "The highest score must be at least 1",
                                "max_value": "The highest score must be 100 or less"},
            "quality_weight": {"max_value": "The weight of quality must be 100% or less",
                               "invalid": "The weight of quality must be a whole number, for example 60"},
            "max_lots_per_provider": {"min_value": "A provider must be allowed at least 1 lot"},
        }
        labels = {"term_months": "Term (months)"}
        help_texts = {
            "term_months": "For example 120 for 10 years",
            "max_lots_per_provider": "Leave blank for no limit",
            "pass_mark": "Applications scoring below this percentage of the weighted total are not admitted",
            "quality_weight": "For example 60 for 60% quality and 40% price. Leave blank for 60. Applications to "
                              "a capped lot are ranked by it: a price score of the lowest main price tendered to the "
                              "lot divided by this applicant's, times the price weight",
            "tie_break": "Used when a capped lot admits by rank and two applicants have the same weighted score",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["estimated_value"] = pence_to_pounds(self.instance.estimated_value_pence)
        offer_current_markets(self)
        self.fields["lead_commissioner"].label_from_instance = (
            lambda u: f"{u} ({u.market_area.name})" if u.market_area_id else str(u))
        self.fields["quality_weight"].required = False
        self.fields["tie_break"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("quality_weight") is None:
            cleaned["quality_weight"] = ApprovedList._meta.get_field("quality_weight").default
        if not cleaned.get("tie_break"):
            cleaned["tie_break"] = self.instance.tie_break = ApprovedList._meta.get_field("tie_break").default
        commissioner = cleaned.get("lead_commissioner")
        if commissioner and cleaned.get("market_area") and commissioner.market_area != cleaned["market_area"]:
            self.add_error("lead_commissioner", "Choose the lead commissioner of this market area")
        if cleaned.get("estimated_value") is not None:
            self.instance.estimated_value_pence = pounds_to_pence(cleaned["estimated_value"])
        return cleaned


class LotForm(GovukFormMixin, forms.ModelForm):
    service_types = forms.ModelMultipleChoiceField(
        queryset=ServiceType.objects.all(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one service type"})
    localities = forms.ModelMultipleChoiceField(
        queryset=Locality.objects.all(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one locality"})

    estimated_value = _pounds_field("Estimated value of the lot (£)", required=False, enter="",
                                    name="estimated value of the lot", help_text="Optional, in pounds")
    reserve_for = forms.ModelMultipleChoiceField(
        queryset=Lot.objects.none(), widget=forms.CheckboxSelectMultiple, required=False,
        label="Primary lots whose unplaced requests this reserve tier receives")

    class Meta:
        model = Lot
        fields = ["number", "title", "description", "service_types", "localities", "member_cap",
                  "suspended_count_against_cap", "tier", "minimum_cqc_rating", "regulated_only", "is_reserve"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"member_cap": "Leave blank for no cap (a DPS never caps its members). A capped lot admits by "
                                    "rank within each admission round",
                      "suspended_count_against_cap": "If not ticked, a suspended member's place can be given to "
                                                     "another applicant",
                      "tier": "Optional, for example Tier 1",
                      "minimum_cqc_rating": "Checked on every CQC-registered service of the lot's types when the "
                                            "application is moderated. Leave blank for none",
                      "regulated_only": "Admit only providers with a CQC-registered service of the lot's types",
                      "is_reserve": "A reserve tier receives the requests its primary lots could not place"}
        error_messages = {"number": {"required": "Enter the lot number"},
                          "title": {"required": "Enter the lot's title"},
                          "member_cap": {"min_value": "The cap must be at least 1 member",
                                         "invalid": "The cap must be a whole number of members"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lot = self.instance
        for name, noun, plural in (("service_types", "service type", "service types"),
                                   ("localities", "locality", "localities")):
            offer_current(self.fields[name], noun=noun, plural=plural, kept=getattr(lot, name).values_list(
                "pk", flat=True) if lot.pk else ())
        if lot.approved_list_id:
            self.fields["reserve_for"].queryset = lot.approved_list.lots.filter(is_reserve=False).exclude(pk=lot.pk)
        if lot.pk and not self.is_bound:
            self.initial["reserve_for"] = list(lot.reserve_for.all())
            if lot.estimated_value_pence:
                self.initial["estimated_value"] = pence_to_pounds(lot.estimated_value_pence)

    def clean(self):
        cleaned = super().clean()
        value = cleaned.get("estimated_value")
        self.instance.estimated_value_pence = pounds_to_pence(value) if value is not None else None
        if cleaned.get("reserve_for") and not cleaned.get("is_reserve"):
            self.add_error("reserve_for", "Tick reserve tier to choose the primary lots it serves")
        return cleaned


class PriceLineForm(GovukFormMixin, forms.ModelForm):
    lowest = _pounds_field("Lowest price allowed (£)", required=False, enter="", name="lowest price",
                           help_text="Optional, for example 18.00")
    highest = _pounds_field("Highest price allowed (£)", required=False, enter="", name="highest price",
                            help_text="Optional, for example 30.00")

    class Meta:
        model = PriceLine
        fields = ["number", "name", "unit", "is_main"]
        labels = {"name": "Name of the price", "is_main": "This is the main price care is placed at"}
        help_texts = {"name": "For example Hourly rate, weekday daytime, or Weekly fee, band 2",
                      "is_main": "A lot has one main price. Its first price line is main until you choose another"}
        widgets = {"unit": forms.RadioSelect}
        error_messages = {"name": {"required": "Enter the name of the price, for example Hourly rate, weekday daytime"},
                          "unit": {"required": "Choose what one price buys"},
                          "number": {"required": "Enter the price line's number"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        line = self.instance
        if line.pk and not self.is_bound:
            for name, field in (("lowest", "min_pence"), ("highest", "max_pence")):
                if getattr(line, field) is not None:
                    self.initial[name] = pence_to_pounds(getattr(line, field))

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("lowest"), cleaned.get("highest")
        if low is not None and high is not None and high < low:
            self.add_error("highest", "The highest price must be the same as or more than the lowest price")
        self.instance.min_pence = pounds_to_pence(low) if low is not None else None
        self.instance.max_pence = pounds_to_pence(high) if high is not None else None
        return cleaned


class QuestionForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["number", "text", "guidance", "kind", "condition", "weight", "requires_attachment"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "guidance": forms.Textarea(attrs={"rows": 3}),
                   "kind": forms.RadioSelect}
        help_texts = {"condition": "Pass or fail questions only. CQC rating and insurance are checked by the system.",
                      "weight": "Scored questions only"}


class WindowForm(GovukFormMixin, forms.ModelForm):
    date_bounds = {"opens_on": LIST_DATE_BOUNDS, "closes_on": {**LIST_DATE_BOUNDS, "latest": date(2100, 1, 1)}}

    class Meta:
        model = ReopeningWindow
        fields = ["name", "opens_on", "closes_on"]
        labels = {"name": "Name of the round", "opens_on": "Opens on", "closes_on": "Closes on"}
        help_texts = {"name": "For example Reopening 2027"}
        error_messages = {"name": {"required": "Enter the name of the round"}}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opens_on") and cleaned.get("closes_on") and cleaned["closes_on"] < cleaned["opens_on"]:
            self.add_error("closes_on", "The window must close on or after the day it opens")
        return cleaned


class ReasonForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reason",
                             error_messages={"required": "Give the reason"})


class ClarificationForm(GovukFormMixin, forms.Form):
    question = forms.CharField(label="What do you need the provider to clarify?",
                               widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages={"required": "Enter the clarification you need"})


class MembershipActionForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reason",
                             error_messages={"required": "Give the reason"})
    until = GovukDateField(label="Suspended until", required=False,
                           help_text="Suspensions only, for example 90 days from today",
                           earliest=date.today, latest=five_years_ahead,
                           too_early="The suspension must end after today",
                           too_late="The suspension must end within 5 years")


class ScoresForm(GovukFormMixin, forms.Form):
    """One score and reason per question; the scale is the list's, or 0/1 for pass or fail."""

    def __init__(self, *args, questions, scale_max, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        initial_scores = initial_scores or {}
        for q in self.questions:
            top = scale_max if q.kind == "scored" else 1
            hint = f"0 to {top}" if top > 1 else "1 pass, 0 fail"
            existing = initial_scores.get(q.pk)
            self.fields[f"q{q.pk}"] = forms.IntegerField(
                label=f"Question {q.number} score", help_text=hint, min_value=0, max_value=top,
                initial=existing[0] if existing else None,
                error_messages={"required": f"Enter a score for question {q.number}",
                                "min_value": f"Enter a score from 0 to {top}",
                                "max_value": f"Enter a score from 0 to {top}"},
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
            self.fields[f"r{q.pk}"] = forms.CharField(
                label=f"Question {q.number} reason", widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing[1] if existing else None,
                error_messages={"required": f"Give the reason for question {q.number}'s score"})

    def pairs(self):
        for q in self.questions:
            yield q, self[f"q{q.pk}"], self[f"r{q.pk}"]

    def scores(self) -> dict[int, tuple[int, str]]:
        return {q.pk: (self.cleaned_data[f"q{q.pk}"], self.cleaned_data[f"r{q.pk}"]) for q in self.questions}


class DecisionForm(GovukFormMixin, forms.Form):
    """Admit or reject, with reasons, for each lot applied for."""

    def __init__(self, *args, lots, **kwargs):
        super().__init__(*args, **kwargs)
        self.lots = list(lots)
        for lot in self.lots:
            self.fields[f"lot{lot.pk}"] = forms.ChoiceField(
                label=str(lot), choices=LotOutcome.choices, widget=forms.RadioSelect,
                error_messages={"required": f"Choose admit or reject for {lot}"})
            self.fields[f"reasons{lot.pk}"] = forms.CharField(
                label=f"Reasons for {lot}", widget=forms.Textarea(attrs={"rows": 2}),
                help_text="The provider will see these",
                error_messages={"required": f"Give the reasons for the decision on {lot}"})

    def outcomes(self) -> dict[int, tuple[str, str]]:
        return {lot.pk: (self.cleaned_data[f"lot{lot.pk}"], self.cleaned_data[f"reasons{lot.pk}"])
                for lot in self.lots}


def _limits_hint(line) -> str:
    money = lambda p: f"£{pence_to_pounds(p):,.2f}"  # noqa: E731
    if line.min_pence is not None and line.max_pence is not None:
        return f"Between {money(line.min_pence)} and {money(line.max_pence)}"
    if line.min_pence is not None:
        return f"{money(line.min_pence)} or more"
    if line.max_pence is not None:
        return f"{money(line.max_pence)} or less"
    return "In pounds and pence"


class RateReviewForm(GovukFormMixin, forms.Form):
    """The annual rate review of a lot: an uplift for everyone, or a new price per member and line."""

    effective_from = GovukDateField(label="Effective from", earliest=EARLIEST_LIST_DATE, latest=five_years_ahead,
                                    too_late="The effective date must be no more than 5 years from today")
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="For example the annual Fees and Charges approval for 2027 to 2028",
                             error_messages={"required": "Give the reason for the review"})
    uplift_percentage = forms.DecimalField(
        label="Uplift for every member and price (%)", required=False, max_digits=5, decimal_places=2,
        min_value=Decimal("-50"), max_value=Decimal("50"),
        help_text="For example 4.5. Leave blank to give new prices below instead",
        error_messages={"invalid": "The uplift must be a number, for example 4.5",
                        "min_value": "The uplift must be -50% or more", "max_value": "The uplift must be 50% or less",
                        "max_decimal_places": "The uplift must have no more than 2 decimal places"})

    def __init__(self, *args, memberships, lines, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for membership in memberships:
            cells = []
            for line in lines:
                key = f"m{membership.pk}_{line.pk}"
                pence = current.get((membership.pk, line.pk))
                self.fields[key] = forms.DecimalField(
                    label=f"{membership.provider}: new {line.name[:1].lower()}{line.name[1:]} (£)", required=False,
                    max_digits=9, decimal_places=2, min_value=Decimal("0.01"),
                    help_text=f"Now £{pence_to_pounds(pence):,.2f}" if pence else "No price yet",
                    error_messages={"invalid": "Enter the new price in pounds, for example 23.10",
                                    "min_value": "The new price must be more than £0"},
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}))
                cells.append(self[key])
            self.rows.append((membership, cells))
        self.lines = lines

    def new_prices(self) -> dict[tuple[int, int], int]:
        out = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("m") and value is not None:
                membership_id, line_id = (int(p) for p in name[1:].split("_"))
                out[(membership_id, line_id)] = pounds_to_pence(value)
        return out

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("uplift_percentage") is not None and self.new_prices():
            self.add_error("uplift_percentage", "Give an uplift or new prices, not both")
        elif cleaned.get("uplift_percentage") is None and not self.new_prices() and not self.errors:
            self.add_error("uplift_percentage", "Enter an uplift percentage, or new prices for some members")
        return cleaned


class ApplicationForm(GovukFormMixin, forms.Form):
    """A provider's lots and answers; each question gets a response, and an expiry date or an
    attachment where the question needs one."""

    hide_optional_label = True

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        approved_list = application.approved_list
        self.fields["lots"] = forms.ModelMultipleChoiceField(
            queryset=approved_list.lots.all(), widget=forms.CheckboxSelectMultiple, required=False,
            label="Which lots are you applying for?", initial=list(application.lots.all()),
            help_text=(f"You may hold at most {approved_list.max_lots_per_provider} lots of this list"
                       if approved_list.max_lots_per_provider else "Select all that apply"))
        tendered = {t.price_line_id: t.pence for t in application.tendered_prices.all()}
        self.price_lines = []
        for lot in approved_list.lots.prefetch_related("price_lines"):
            lines = list(lot.price_lines.all())
            for line in lines:
                name = f"{line.name[:1].lower()}{line.name[1:]}"
                limits = _limits_hint(line)
                self.fields[f"p{line.pk}"] = forms.DecimalField(
                    label=f"{lot}: {line.name} (£ {line.get_unit_display().lower()})", required=False,
                    max_digits=9, decimal_places=2, help_text=limits,
                    initial=pence_to_pounds(tendered[line.pk]) if line.pk in tendered else None,
                    error_messages={"invalid": f"Your {name} must be an amount in pounds, for example 22.50",
                                    "max_decimal_places": f"Your {name} must have no more than 2 decimal places",
                                    "max_digits": f"Your {name} must be £9,999,999.99 or less"},
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}))
            self.price_lines.append((lot, lines))
        answers = {a.question_id: a for a in application.answers.all()}
        self.questions = list(approved_list.questions.all())
        for q in self.questions:
            answer = answers.get(q.pk)
            self.fields[f"q{q.pk}"] = forms.CharField(
                label=f"{q.number}. {q.text}", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                help_text=q.guidance or None, initial=answer.response if answer else "")
            if q.condition == "insurance":
                self.fields[f"e{q.pk}"] = GovukDateField(
                    label=f"Question {q.number}: insurance expiry date", required=False,
                    initial=answer.evidence_expires_on if answer else None,
                    earliest=EARLIEST_LIST_DATE, latest=date(2100, 1, 1),
                    too_early="The insurance expiry date must be on or after 1 January 2000",
                    too_late="The insurance expiry date must be before 2100")
            if q.requires_attachment or q.condition in ("safeguarding", "financial"):
                current = answer.attachment.name.rsplit("/", 1)[-1] if answer and answer.attachment else ""
                self.fields[f"f{q.pk}"] = forms.FileField(
                    label=f"Question {q.number}: attachment", required=False,
                    help_text=f"Uploaded: {current}" if current else "PDF, Word or image, up to 5 MB")

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if name.startswith("f") and value and value.size > 5 * 1024 * 1024:
                self.add_error(name, "The attachment must be smaller than 5 MB")
        return cleaned

    def price_groups(self):
        for lot, lines in self.price_lines:
            if lines:
                yield lot, [self[f"p{line.pk}"] for line in lines]

    def prices(self) -> dict[int, int | None]:
        """Price line id → tendered pence (None when left blank)."""
        out = {}
        for _lot, lines in self.price_lines:
            for line in lines:
                value = self.cleaned_data.get(f"p{line.pk}")
                out[line.pk] = pounds_to_pence(value) if value is not None else None
        return out

    def grouped(self):
        for q in self.questions:
            yield q, [self[n] for n in (f"q{q.pk}", f"e{q.pk}", f"f{q.pk}") if n in self.fields]

    def answers(self) -> dict[int, dict]:
        out = {}
        for q in self.questions:
            values = {"response": self.cleaned_data.get(f"q{q.pk}", "")}
            if f"e{q.pk}" in self.fields:
                values["evidence_expires_on"] = self.cleaned_data.get(f"e{q.pk}")
            if self.cleaned_data.get(f"f{q.pk}"):
                values["attachment"] = self.cleaned_data[f"f{q.pk}"]
            out[q.pk] = values
        return out


class ClarificationAnswerForm(GovukFormMixin, forms.Form):
    answer = forms.CharField(label="Your answer", widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": "Enter your answer"})
