"""Forms of planning, with messages written for each field."""
from datetime import date, timedelta
from decimal import Decimal

from django import forms

from commissioning.accounts.models import User
from commissioning.accounts.selectors import markets, markets_offered
from commissioning.core.forms import GovukFormMixin
from commissioning.core.money import pounds_to_pence

from . import rules
from .choices import Committee, Rag


def _pounds(label, help_text=""):
    return forms.DecimalField(label=label, min_value=Decimal("0"), max_digits=14, decimal_places=2, help_text=help_text,
                              error_messages={"required": f"Enter the {label.lower()}",
                                              "invalid": f"The {label.lower()} must be an amount in pounds",
                                              "min_value": f"The {label.lower()} must be £0 or more",
                                              "max_digits": f"The {label.lower()} is too large",
                                              "max_decimal_places": f"The {label.lower()} must be in pounds and pence"})


def _percent(label, required=True, help_text=""):
    return forms.DecimalField(label=label, required=required, max_digits=6, decimal_places=2, min_value=Decimal("-99"),
                              max_value=Decimal("100"), help_text=help_text,
                              error_messages={"required": f"Enter the {label.lower()}",
                                              "invalid": f"The {label.lower()} must be a percentage, like 2.5",
                                              "min_value": f"The {label.lower()} must be more than -100%",
                                              "max_value": f"The {label.lower()} must be 100% or less",
                                              "max_decimal_places": f"The {label.lower()} can have 2 decimal places"})


def _days(label):
    return forms.IntegerField(label=f"{label} (working days)", min_value=1, max_value=260,
                              error_messages={"required": f"Enter the {label.lower()} in working days",
                                              "invalid": f"The {label.lower()} must be a whole number of working days",
                                              "min_value": f"The {label.lower()} must be at least 1 working day",
                                              "max_value": f"The {label.lower()} must be 260 working days or fewer"})


class AreaForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Area", max_length=120, error_messages={"required": "Enter the area's name"})
    previous = _pounds("Last year's allocation", help_text="In pounds, for example 125000")
    market_area = forms.ChoiceField(label="Market whose budget it funds", required=False,
                                    help_text="An approved allocation sets this market's budget in finance: the "
                                              "sum of the allocations of the areas that fund it")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("market_area")
        self.fields["market_area"].choices = [("", "Not yet chosen"),
                                              *((m.code, m.name) for m in markets_offered(current=current))]

    def previous_pence(self) -> int:
        return pounds_to_pence(self.cleaned_data["previous"])


class IndicatorsForm(GovukFormMixin, forms.Form):
    """One box per known indicator, and a new indicator's name and value."""

    new_indicator = forms.CharField(label="New indicator (optional)", required=False, max_length=80,
                                    help_text="For example, people aged 85 and over")
    new_value = forms.DecimalField(label="Its value", required=False, min_value=0, max_digits=14, decimal_places=2,
                                   error_messages={"invalid": "The value must be a number",
                                                   "min_value": "The value must be 0 or more"})

    def __init__(self, *args, names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.names = list(names)
        for n, name in enumerate(self.names):
            self.fields[f"ind_{n}"] = forms.DecimalField(
                label=name, required=False, min_value=0, max_digits=14, decimal_places=2,
                error_messages={"invalid": f"{name} must be a number", "min_value": f"{name} must be 0 or more"})
        self.order_fields([f"ind_{n}" for n in range(len(self.names))] + ["new_indicator", "new_value"])

    def clean(self):
        data = super().clean()
        if data.get("new_indicator") and data.get("new_value") is None:
            self.add_error("new_value", "Enter the new indicator's value")
        return data

    def values(self) -> dict[str, Decimal]:
        out = {name: self.cleaned_data[f"ind_{n}"] for n, name in enumerate(self.names)
               if self.cleaned_data.get(f"ind_{n}") is not None}
        if self.cleaned_data.get("new_indicator"):
            out[self.cleaned_data["new_indicator"].strip()] = self.cleaned_data["new_value"]
        return out


class UploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(label="Need indicators (CSV)", error_messages={"required": "Choose the CSV file"},
                           help_text="An area column, then one column per indicator, for example: "
                                     "area, aged 65 to 84, aged 85 and over")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV")
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 5 MB")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be saved as UTF-8 text") from None


class ScenarioForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Scenario name", max_length=120,
                           error_messages={"required": "Enter the scenario's name"})
    budget = _pounds("Budget", help_text="In pounds, for example 2500000")
    floor = _percent("Floor", help_text="The least change on last year, as a percentage: 0 means no area loses, "
                                        "-2 lets an area lose up to 2%")
    ceiling = _percent("Ceiling (optional)", required=False,
                       help_text="The most an area may gain on last year, as a percentage; leave blank for none")
    financial_year = forms.IntegerField(label="Financial year it funds", min_value=2000, max_value=2100,
                                        help_text="The year it starts, for example 2027 for April 2027 to March 2028",
                                        error_messages={"required": "Enter the financial year it funds",
                                                        "invalid": "The financial year must be a year, like 2027",
                                                        "min_value": "The financial year must be 2000 or later",
                                                        "max_value": "The financial year must be 2100 or earlier"})

    def __init__(self, *args, names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.names = list(names)
        for n, name in enumerate(self.names):
            self.fields[f"w_{n}"] = forms.DecimalField(
                label=f"Weight of {name}", min_value=0, max_digits=6, decimal_places=2, initial=1,
                error_messages={"required": f"Enter the weight of {name}, or 0 to leave it out",
                                "invalid": f"The weight of {name} must be a number",
                                "min_value": f"The weight of {name} must be 0 or more"})

    def clean(self):
        data = super().clean()
        if data.get("ceiling") is not None and data.get("floor") is not None and data["ceiling"] < data["floor"]:
            self.add_error("ceiling", "The ceiling must be the same as or above the floor")
        return data

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"], "budget_pence": pounds_to_pence(data["budget"]), "floor": data["floor"] / 100,
                "ceiling": None if data["ceiling"] is None else data["ceiling"] / 100,
                "weights": {name: data[f"w_{n}"] for n, name in enumerate(self.names)},
                "financial_year": data["financial_year"]}


class ProjectForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Project name", max_length=200,
                           error_messages={"required": "Enter the project's name"})
    reference = forms.CharField(label="Reference (optional)", max_length=40, required=False)
    template = forms.ModelChoiceField(label="Timetable template", queryset=None, empty_label=None,
                                      error_messages={"required": "Choose the timetable template"})
    wanted_start = forms.DateField(label="Wanted contract start",
                                   help_text="For a re-procurement, the day after the current contract ends",
                                   error_messages={"required": "Enter the wanted contract start"})
    owner = forms.ModelChoiceField(label="Owner", queryset=None, error_messages={"required": "Choose the owner"})
    directorate = forms.ModelChoiceField(label="Directorate (optional)", queryset=None, required=False,
                                         empty_label="The owner's market decides")
    date_bounds = {"wanted_start": {"earliest": lambda: date.today() + timedelta(days=1),
                                    "latest": lambda: date.today() + timedelta(days=3650),
                                    "too_early": "The wanted contract start must be in the future",
                                    "too_late": "The wanted contract start must be within 10 years"}}

    def __init__(self, *args, templates, directorates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["directorate"].queryset = directorates
        self.fields["owner"].queryset = User.objects.filter(role__in=rules.PLAN, is_active=True).order_by(
            "first_name", "last_name", "username")


class DoneForm(GovukFormMixin, forms.Form):
    actual_date = forms.DateField(label="Date done", error_messages={"required": "Enter the date the task was done"})
    date_bounds = {"actual_date": {"earliest": date(2000, 1, 1), "latest": date.today,
                                   "too_late": "The date done must be today or in the past"}}


class GatewayForm(GovukFormMixin, forms.Form):
    rag = forms.ChoiceField(label="RAG rating", choices=Rag.choices, widget=forms.RadioSelect,
                            error_messages={"required": "Choose the RAG rating"})
    note = forms.CharField(label="Why this rating (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, can_approve=False, **kwargs):
        super().__init__(*args, **kwargs)
        if can_approve:
            self.fields["approve"] = forms.BooleanField(label="Approve the gateway", required=False)


class CommitteeDateForm(GovukFormMixin, forms.Form):
    committee = forms.ChoiceField(label="Committee", choices=Committee.choices,
                                  error_messages={"required": "Choose the committee"})
    meets_on = forms.DateField(label="Meeting date", error_messages={"required": "Enter the meeting date"})
    date_bounds = {"meets_on": {"earliest": date(2000, 1, 1), "latest": lambda: date.today() + timedelta(days=3650),
                                "too_late": "The meeting date must be within 10 years"}}


class PeriodsForm(GovukFormMixin, forms.Form):
    tender = _days("Tender period")
    evaluation = _days("Evaluation")
    standstill = _days("Standstill")
    mobilisation = _days("Mobilisation")


class CalendarFilterForm(GovukFormMixin, forms.Form):
    """Filters of the commissioning calendar (all optional)."""

    market_area = forms.ChoiceField(label="Market", required=False)
    directorate = forms.ChoiceField(label="Directorate", required=False)
    lead = forms.ChoiceField(label="Lead commissioner", required=False)
    quarter = forms.ChoiceField(label="Quarter", required=False)
    kind = forms.ChoiceField(label="What", required=False)

    def __init__(self, *args, leads=(), quarters=(), kinds=(), directorates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["market_area"].choices = [("", "Every market"), *((m.code, m.name) for m in markets())]
        self.fields["directorate"].choices = [("", "Every directorate"), *((str(d.pk), d.name) for d in directorates)]
        self.fields["lead"].choices = [("", "Everyone"), *leads]
        self.fields["quarter"].choices = [("", "The next 18 months"), *quarters]
        self.fields["kind"].choices = [("", "Everything"), *kinds]


class ConsultationForm(GovukFormMixin, forms.Form):
    topic = forms.CharField(label="Topic", max_length=200, error_messages={"required": "Enter the topic"})
    directorates = forms.ModelMultipleChoiceField(label="Directorates", queryset=None,
                                                  widget=forms.CheckboxSelectMultiple,
                                                  error_messages={"required": "Choose the directorates"})
    groups = forms.CharField(label="Groups and provider sets asked", widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="One a line, for example Carers' forum",
                             error_messages={"required": "Enter at least one group or provider set asked"})
    method = forms.ChoiceField(label="How people are asked", choices=[], widget=forms.RadioSelect,
                               error_messages={"required": "Choose how people are asked"})
    starts_on = forms.DateField(label="Start date", error_messages={"required": "Enter the start date"})
    ends_on = forms.DateField(label="End date", error_messages={"required": "Enter the end date"})
    project = forms.ModelChoiceField(label="Procurement it informs (optional)", queryset=None, required=False,
                                     empty_label="None")
    date_bounds = {"starts_on": {"earliest": date(2000, 1, 1), "latest": lambda: date.today() + timedelta(days=1825)},
                   "ends_on": {"earliest": date(2000, 1, 1), "latest": lambda: date.today() + timedelta(days=1825)}}

    def __init__(self, *args, projects, directorates, **kwargs):
        from .choices import Method

        super().__init__(*args, **kwargs)
        self.fields["directorates"].queryset = directorates
        self.fields["method"].choices = Method.choices
        self.fields["project"].queryset = projects

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        return data


class OutcomeForm(GovukFormMixin, forms.Form):
    heard = forms.CharField(label="What we heard", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    did = forms.CharField(label="What we did", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                          help_text="Published on the public \u201cyou said, we did\u201d page")


class LimitForm(GovukFormMixin, forms.Form):
    limit = forms.IntegerField(label="Times a group may be asked in 12 months", min_value=1, max_value=50,
                               error_messages={"required": "Enter how many times a group may be asked",
                                               "invalid": "The number of times must be a whole number",
                                               "min_value": "The number of times must be 1 or more",
                                               "max_value": "The number of times must be 50 or fewer"})


def _planners():
    return User.objects.filter(role__in=rules.DELIVERY, is_active=True).order_by("first_name", "last_name", "username")


class RecommendationForm(GovukFormMixin, forms.Form):
    aim = forms.ModelChoiceField(label="Aim", queryset=None, empty_label=None,
                                 error_messages={"required": "Choose the aim"})
    text = forms.CharField(label="Recommendation", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Enter the recommendation"})
    owner = forms.ModelChoiceField(label="Owner", queryset=None, required=False, empty_label="Not yet given")
    rag = forms.ChoiceField(label="RAG rating", required=False, widget=forms.RadioSelect,
                            choices=Rag.choices)
    rag_reason = forms.CharField(label="Reason for the rating", required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="Needed with a rating: what shows progress, or what holds it up")
    next_review_on = forms.DateField(label="Next review", required=False,
                                     help_text="The strategy is reviewed every year")
    date_bounds = {"next_review_on": {"earliest": date(2020, 1, 1),
                                      "latest": lambda: date.today() + timedelta(days=3650)}}

    def __init__(self, *args, aims, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aim"].queryset = aims
        self.fields["owner"].queryset = _planners()

    def clean(self):
        data = super().clean()
        if data.get("rag") and not (data.get("rag_reason") or "").strip():
            self.add_error("rag_reason", "Give the reason for the RAG rating")
        if data.get("next_review_on") and not data.get("owner"):
            self.add_error("owner", "Choose who owns the recommendation before setting its review date")
        return data


class MilestoneForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Milestone", max_length=300, error_messages={"required": "Enter the milestone"})
    target_date = forms.DateField(label="Target date", required=False)
    actual_date = forms.DateField(label="Actual date it was reached", required=False)
    date_bounds = {"target_date": {"earliest": date(2020, 1, 1), "latest": lambda: date.today() + timedelta(days=3650)},
                   "actual_date": {"earliest": date(2020, 1, 1), "latest": date.today,
                                   "too_late": "The actual date must be today or in the past"}}


class EvidenceForm(GovukFormMixin, forms.Form):
    """One record that shows progress, chosen from one of three lists."""

    project = forms.ModelChoiceField(label="Procurement timetable", queryset=None, required=False,
                                     empty_label="None")
    consultation = forms.ModelChoiceField(label="Consultation", queryset=None, required=False, empty_label="None")
    approved_list = forms.ModelChoiceField(label="Approved provider list", queryset=None, required=False,
                                           empty_label="None")

    def __init__(self, *args, projects, consultations, lists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["consultation"].queryset = consultations
        self.fields["approved_list"].queryset = lists

    def clean(self):
        data = super().clean()
        chosen = [k for k in ("project", "consultation", "approved_list") if data.get(k)]
        if len(chosen) != 1:
            self.add_error("project", "Choose one record: a procurement timetable, a consultation or an approved list")
        return data


class ReviewForm(GovukFormMixin, forms.Form):
    reviewed_on = forms.DateField(label="Date reviewed", error_messages={"required": "Enter the date reviewed"})
    summary = forms.CharField(label="What the review found", widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="This becomes the reason for the rating",
                              error_messages={"required": "Enter what the review found"})
    rag = forms.ChoiceField(label="RAG rating", choices=Rag.choices, widget=forms.RadioSelect,
                            error_messages={"required": "Choose the RAG rating"})
    next_review_on = forms.DateField(label="Next review", error_messages={"required": "Enter the next review date"})
    date_bounds = {"reviewed_on": {"earliest": date(2020, 1, 1), "latest": date.today,
                                   "too_late": "The date reviewed must be today or in the past"},
                   "next_review_on": {"earliest": date(2020, 1, 1),
                                      "latest": lambda: date.today() + timedelta(days=3650)}}


class DirectorateForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label="Directorate", max_length=120,
                           error_messages={"required": "Enter the directorate's name"})
    market_areas = forms.MultipleChoiceField(label="Care markets it commissions", required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text="Approved lists and contract meetings of these markets show "
                                                       "under it on the calendar")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        held = set(self.initial.get("market_areas") or ())
        self.fields["market_areas"].choices = [(m.code, m.name) for m in markets()
                                               if not m.retired or m.code in held]
