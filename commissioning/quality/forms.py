"""Forms of quality assurance."""
from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.providers.models import Provider

from .choices import AuditRag, StandardRating
from .domain.rating import Bands
from .models import Feedback, Framework, Safeguarding


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label: str, required: bool = True, rows: int = 3, message: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": message or f"Enter the {label.lower()}"})


class RatingsForm(GovukFormMixin, forms.Form):
    """A rating and the evidence for each standard of the framework, grouped by domain."""

    visited_on = forms.DateField(label="Date of the visit", widget=_date_input(),
                                 error_messages={"required": "Enter the date of the visit"})
    summary = _text("Summary of the audit", rows=4)

    def __init__(self, *args, standards, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.standards = list(standards)
        for standard in self.standards:
            current = assessments.get(standard.pk)
            self.fields[f"r{standard.pk}"] = forms.ChoiceField(
                label=f"{standard}", choices=StandardRating.choices, widget=forms.RadioSelect,
                initial=current.rating if current else None,
                error_messages={"required": f"Choose a rating for standard {standard.number}"})
            self.fields[f"e{standard.pk}"] = forms.CharField(
                label=f"Evidence for standard {standard.number}", widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.evidence if current else "",
                error_messages={"required": f"Record the evidence for standard {standard.number}"})

    def by_domain(self):
        domains: dict = {}
        for standard in self.standards:
            domains.setdefault(standard.domain, []).append((self[f"r{standard.pk}"], self[f"e{standard.pk}"]))
        return domains.items()

    def ratings(self) -> dict[int, tuple[str, str]]:
        return {s.pk: (self.cleaned_data[f"r{s.pk}"], self.cleaned_data[f"e{s.pk}"]) for s in self.standards}


class ReasonForm(GovukFormMixin, forms.Form):
    reason = _text("Reason", message="Give the reason")


class VisitForm(GovukFormMixin, forms.Form):
    planned_for = forms.DateField(label="Date of the visit", widget=_date_input(),
                                  error_messages={"required": "Enter the date of the visit"})
    reason = _text("Why the visit is needed", message="Say why the visit is needed")


class PlanYearForm(GovukFormMixin, forms.Form):
    start = forms.DateField(label="First day of the audit year", widget=_date_input(),
                            error_messages={"required": "Enter the first day of the audit year"})


class ChallengeForm(GovukFormMixin, forms.Form):
    text = _text("The fact you are challenging, and the correction", message="Describe the fact you are challenging")


class AnswerForm(GovukFormMixin, forms.Form):
    answer = _text("Answer", message="Write the answer to the challenge")


class PlanReviewForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(label="Decision", choices=[("accept", "Accept the plan"),
                                                            ("return", "Return it for changes")],
                                 widget=forms.RadioSelect, error_messages={"required": "Choose accept or return"})
    note = _text("What the provider must change", required=False, rows=2)


class ActionItemForm(GovukFormMixin, forms.Form):
    issue = forms.CharField(label="Issue", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    action = forms.CharField(label="Action", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label="Owner", required=False)
    due = forms.DateField(label="Due date", required=False, widget=_date_input(),
                          error_messages={"invalid": "Enter the due date as a real date"})

    def is_blank(self) -> bool:
        return not any(self.cleaned_data.get(f) for f in ("issue", "action", "owner", "due"))


ActionItemFormSet = forms.formset_factory(ActionItemForm, extra=0)


class ProgressForm(GovukFormMixin, forms.Form):
    progress = _text("Progress", rows=2, message="Describe the progress")
    done_on = forms.DateField(label="Date done", required=False, widget=_date_input(),
                              help_text="Leave blank while the action is still open")


class OutcomeForm(GovukFormMixin, forms.Form):
    outcome = _text("Outcome", message="Record the outcome")


class ConcernForm(GovukFormMixin, forms.Form):
    provider = forms.ModelChoiceField(label="Provider", queryset=Provider.objects.order_by("name"),
                                      error_messages={"required": "Choose the provider"})
    summary = _text("The concerns", message="Describe the concerns")


class ConcernMoveForm(GovukFormMixin, forms.Form):
    note = _text("Why", rows=2, message="Record why the case moves")


class SafeguardingForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Safeguarding
        fields = ["raised_on", "summary"]
        widgets = {"raised_on": _date_input(), "summary": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"raised_on": {"required": "Enter the date raised"},
                          "summary": {"required": "Describe the safeguarding"}}


class FeedbackForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["received_on", "kind", "summary"]
        widgets = {"received_on": _date_input(), "summary": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"received_on": {"required": "Enter the date received"},
                          "kind": {"required": "Choose the kind of feedback"},
                          "summary": {"required": "Summarise the feedback"}}


class FrameworkForm(GovukFormMixin, forms.ModelForm):
    """How standard ratings combine and map to RAG: a council's own configuration."""

    rag_excellent = forms.ChoiceField(label="RAG for an Excellent overall rating", choices=AuditRag.choices)
    rag_good = forms.ChoiceField(label="RAG for a Good overall rating", choices=AuditRag.choices)
    rag_requires_improvement = forms.ChoiceField(label="RAG for Requires improvement", choices=AuditRag.choices)
    rag_poor = forms.ChoiceField(label="RAG for a Poor overall rating", choices=AuditRag.choices)

    class Meta:
        model = Framework
        fields = ["method", "excellent_from", "good_from", "requires_improvement_from"]
        labels = {"method": "How ratings combine", "excellent_from": "Lowest mean for Excellent (points)",
                  "good_from": "Lowest mean for Good (points)",
                  "requires_improvement_from": "Lowest mean for Requires improvement (points)"}
        help_texts = {"excellent_from": "Points: Excellent 4, Good 3, Requires improvement 2, Poor 1"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for rating in ("excellent", "good", "requires_improvement", "poor"):
            self.fields[f"rag_{rating}"].initial = self.instance.rag_mapping.get(rating)

    def clean(self):
        data = super().clean()
        try:
            Bands(excellent=data.get("excellent_from"), good=data.get("good_from"),
                  requires_improvement=data.get("requires_improvement_from"))
        except (ValueError, TypeError):
            raise forms.ValidationError("The bands must fall from Excellent to Requires improvement, "
                                        "between 1 and 4 points") from None
        return data

    def values(self) -> dict:
        """The arguments of `services.framework_configure`."""
        data = {f: self.cleaned_data[f] for f in self.Meta.fields}
        data["rag_mapping"] = {r: self.cleaned_data[f"rag_{r}"]
                               for r in ("excellent", "good", "requires_improvement", "poor")}
        return data
