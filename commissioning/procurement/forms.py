"""Forms for setting up lists and for evaluating, moderating and deciding applications."""
from decimal import Decimal

from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.core.money import pence_to_pounds, pounds_to_pence
from commissioning.providers.models import Locality, ServiceType

from .choices import LotOutcome
from .models import ApprovedList, Lot, Question, ReopeningWindow


def _date_input():
    """A browser date picker. Its value must be ISO (2027-03-31): with en-gb's 31/03/2027 the browser
    shows the field empty, and saving the form again blanks the date."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApprovedListForm(GovukFormMixin, forms.ModelForm):
    estimated_value = forms.DecimalField(
        label="Estimated value over the term (£)", min_value=Decimal("0"), max_digits=14, decimal_places=2,
        help_text="In pounds, for example 760000000",
    )

    class Meta:
        model = ApprovedList
        fields = ["name", "reference", "kind", "market_area", "lead_commissioner", "description", "start_date",
                  "term_months", "admission_mode", "max_lots_per_provider", "pass_mark", "score_scale_max",
                  "quality_weight"]
        widgets = {"start_date": _date_input(),
                   "description": forms.Textarea(attrs={"rows": 4})}
        labels = {"term_months": "Term (months)"}
        help_texts = {
            "term_months": "For example 120 for 10 years",
            "max_lots_per_provider": "Leave blank for no limit",
            "pass_mark": "Applications scoring below this percentage of the weighted total are not admitted",
            "quality_weight": "For example 60 for 60% quality and 40% price. Leave blank for 60",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["estimated_value"] = pence_to_pounds(self.instance.estimated_value_pence)
        self.fields["lead_commissioner"].label_from_instance = (
            lambda u: f"{u} ({u.get_market_area_display()})")
        self.fields["quality_weight"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("quality_weight") is None:
            cleaned["quality_weight"] = ApprovedList._meta.get_field("quality_weight").default
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

    class Meta:
        model = Lot
        fields = ["number", "title", "description", "service_types", "localities", "member_cap", "tier"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"member_cap": "Leave blank for no cap (a DPS never caps its members)",
                      "tier": "Optional, for example Tier 1"}


class QuestionForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["number", "text", "guidance", "kind", "condition", "weight", "requires_attachment"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "guidance": forms.Textarea(attrs={"rows": 3}),
                   "kind": forms.RadioSelect}
        help_texts = {"condition": "Pass or fail questions only. CQC rating and insurance are checked by the system.",
                      "weight": "Scored questions only"}


class WindowForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = ReopeningWindow
        fields = ["opens_on", "closes_on"]
        widgets = {"opens_on": _date_input(),
                   "closes_on": _date_input()}

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
    until = forms.DateField(label="Suspended until", required=False, widget=_date_input(),
                            help_text="Suspensions only, for example 90 days from today")


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
        answers = {a.question_id: a for a in application.answers.all()}
        self.questions = list(approved_list.questions.all())
        for q in self.questions:
            answer = answers.get(q.pk)
            self.fields[f"q{q.pk}"] = forms.CharField(
                label=f"{q.number}. {q.text}", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                help_text=q.guidance or None, initial=answer.response if answer else "")
            if q.condition == "insurance":
                self.fields[f"e{q.pk}"] = forms.DateField(
                    label=f"Question {q.number}: insurance expiry date", required=False,
                    widget=_date_input(),
                    initial=answer.evidence_expires_on if answer else None)
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
