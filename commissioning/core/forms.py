"""GOV.UK Frontend rendering for Django forms: every field renders as a GOV.UK form group, and
every date is typed in GOV.UK's date input (day, month and year boxes)."""
from collections.abc import Callable
from datetime import date

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

WIDGET_CLASSES = {
    forms.Select: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


class GovukBoundField(BoundField):
    """A field whose widget carries the GOV.UK classes and error state, and whose `aria-describedby`
    names the hint and error message ids that govuk/forms/field.html renders (`<auto_id>-hint`,
    `<auto_id>-error`).

    Worked out when the field renders, so fields a form adds in its own `__init__` are covered and
    the form is not validated before it is fully built.
    """

    @property
    def aria_describedby(self):
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(f"{self.auto_id}-hint")
            if self.errors:
                ids.append(f"{self.auto_id}-error")
        return " ".join(ids)

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        if widget.is_hidden:
            return attrs
        css = next((c for w, c in WIDGET_CLASSES.items() if isinstance(widget, w)), "govuk-input")
        classes = [css]
        if css == "govuk-input" and isinstance(widget, (forms.NumberInput, forms.DateInput)):
            classes.append("govuk-input--width-10")
        if self.errors:
            classes.append(f"{css}--error")
        own = attrs.get("class") or widget.attrs.get("class")
        attrs["class"] = " ".join([*classes, *([own] if own else [])])
        return attrs


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField


class GovukDateInput(forms.MultiWidget):
    """Three boxes named `<name>_day`, `<name>_month`, `<name>_year` (ids `<id>_0` to `<id>_2`).

    A single ISO value posted under `<name>` itself (as a script or an older form sends it) is read
    too, so nothing typed that way is lost."""

    template_name = "govuk/widgets/date_input.html"

    def __init__(self, attrs=None):
        numeric = {"inputmode": "numeric"}
        super().__init__({"day": forms.TextInput(numeric), "month": forms.TextInput(numeric),
                          "year": forms.TextInput(numeric)}, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        if isinstance(value, str):
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        single = data.get(name)
        if single and not any(data.get(f"{name}_{part}") for part in ("day", "month", "year")):
            parts = self.decompress(str(single))
            return parts if parts != [None, None, None] else [str(single)] * 3
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        error = "govuk-input--error" in (attrs or {}).get("class", "")
        for sub, width, label in zip(context["widget"]["subwidgets"], (2, 2, 4), ("Day", "Month", "Year"),
                                     strict=True):
            sub["attrs"]["class"] = " ".join(filter(None, ["govuk-input", "govuk-date-input__input",
                                                           f"govuk-input--width-{width}",
                                                           "govuk-input--error" if error else ""]))
            sub["label"] = label
        return context


Bound = date | Callable[[], date] | None


def _bound(value: Bound) -> date | None:
    return value() if callable(value) else value


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages written for the field.

    `earliest` and `latest` (a date, or a callable such as `date.today` so the bound moves with the
    calendar) refuse implausible dates; `too_early` and `too_late` are the messages, with `{date}`
    for the bound, e.g. `too_late="The date of birth must be in the past"`."""

    widget = GovukDateInput

    def __init__(self, *, earliest: Bound = None, latest: Bound = None, too_early: str = "",
                 too_late: str = "", **kwargs):
        self.earliest, self.latest = earliest, latest
        self.too_early, self.too_late = too_early, too_late
        fields = (forms.IntegerField(), forms.IntegerField(), forms.IntegerField())
        super().__init__(fields, require_all_fields=False, **kwargs)

    @property
    def _name(self) -> str:
        label = str(self.label or "date")
        name = label[0].lower() + label[1:] if not label[:2].isupper() else label
        return name if "date" in name.lower() else f"{name} date"

    def clean(self, value):
        parts = [str(v).strip() if v is not None else "" for v in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(f"Enter the {self._name}", code="required")
            return None
        if not all(parts):
            missing = [n for n, p in zip(("day", "month", "year"), parts, strict=True) if not p]
            raise forms.ValidationError(f"The {self._name} must include a {' and a '.join(missing)}",
                                        code="incomplete")
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1000:
                raise ValueError
            value = date(year, month, day)
        except ValueError:
            raise forms.ValidationError(f"The {self._name} must be a real date, for example 27 3 2026",
                                        code="invalid") from None
        earliest, latest = _bound(self.earliest), _bound(self.latest)
        if earliest and value < earliest:
            raise forms.ValidationError(
                (self.too_early or "The {name} must be the same as or after {date}").format(
                    name=self._name, date=f"{earliest:%-d %B %Y}"), code="too_early")
        if latest and value > latest:
            raise forms.ValidationError(
                (self.too_late or "The {name} must be the same as or before {date}").format(
                    name=self._name, date=f"{latest:%-d %B %Y}"), code="too_late")
        for validator in self.validators:
            validator(value)
        return value

    def compress(self, data_list):
        return data_list


def govuk_date(field: forms.DateField, **bounds) -> GovukDateField:
    """The GOV.UK date field standing in for a Django `DateField` (a model form's), keeping its label,
    hint, whether it is required, its initial value and its validators."""
    return GovukDateField(label=field.label, help_text=field.help_text, required=field.required,
                          initial=field.initial, validators=field.validators, **bounds)


class GovukFormMixin:
    """Adds GOV.UK classes, error states and hint references to every widget, and types every date
    in GOV.UK's date input: a plain `DateField` becomes a `GovukDateField`.

    A form bounds its dates with `date_bounds = {"field": {"earliest": ..., "latest": ...,
    "too_late": "..."}}`, or by declaring a `GovukDateField` itself."""

    bound_field_class = GovukBoundField
    # Set True on forms whose fields are optional for a draft but needed to submit.
    hide_optional_label = False
    date_bounds: dict[str, dict] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            if isinstance(field, forms.DateField) and not isinstance(field, GovukDateField):
                self.fields[name] = govuk_date(field, **self.date_bounds.get(name, {}))
            elif isinstance(field, GovukDateField) and name in self.date_bounds:
                for key, value in self.date_bounds[name].items():
                    setattr(field, key, value)
