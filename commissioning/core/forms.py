"""GOV.UK Frontend rendering for Django forms: every field renders as a GOV.UK form group."""
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


class GovukFormMixin:
    """Adds GOV.UK classes, error states and hint references to every widget, and renders date
    inputs in ISO format (the only one a browser's date picker accepts)."""

    bound_field_class = GovukBoundField
    # Set True on forms whose fields are optional for a draft but needed to submit.
    hide_optional_label = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget.format = "%Y-%m-%d"
