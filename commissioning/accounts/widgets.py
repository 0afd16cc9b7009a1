"""The GOV.UK date input (day, month and year boxes) as a Django field and widget."""
from datetime import date

from django import forms


class GovukDateInput(forms.MultiWidget):
    """Three boxes named `<name>_day`, `<name>_month`, `<name>_year` (ids `<id>_0` to `<id>_2`)."""

    template_name = "accounts/widgets/date_input.html"

    def __init__(self, attrs=None):
        numeric = {"inputmode": "numeric"}
        super().__init__({"day": forms.TextInput(numeric), "month": forms.TextInput(numeric),
                          "year": forms.TextInput(numeric)}, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

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


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages."""

    widget = GovukDateInput

    def __init__(self, **kwargs):
        fields = (forms.IntegerField(), forms.IntegerField(), forms.IntegerField())
        super().__init__(fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        parts = [str(v).strip() if v is not None else "" for v in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(f"Enter the {self.label.lower()} date")
            return None
        if not all(parts):
            missing = [n for n, p in zip(("day", "month", "year"), parts, strict=True) if not p]
            raise forms.ValidationError(f"The {self.label.lower()} date must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1000:
                raise ValueError
            return date(year, month, day)
        except ValueError:
            raise forms.ValidationError(f"The {self.label.lower()} date must be a real date, "
                                        "for example 27 3 2026") from None

    def compress(self, data_list):
        return data_list
