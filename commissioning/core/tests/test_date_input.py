"""The GOV.UK date input every form uses: day, month and year boxes, messages written per field,
and plausible bounds."""
from datetime import date, timedelta

from django import forms

from commissioning.core.forms import GovukDateField, GovukFormMixin


class BirthForm(GovukFormMixin, forms.Form):
    date_of_birth = forms.DateField(label="Date of birth")
    start = forms.DateField(label="Wanted start", required=False)
    date_bounds = {"date_of_birth": {"earliest": date(1900, 1, 1), "latest": date.today,
                                     "too_late": "The date of birth must be in the past"}}


def test_a_plain_date_field_becomes_the_govuk_date_input_with_three_boxes_in_a_fieldset():
    form = BirthForm()
    assert isinstance(form.fields["date_of_birth"], GovukDateField)
    html = str(form["date_of_birth"].as_field_group())
    for box in ("date_of_birth_day", "date_of_birth_month", "date_of_birth_year"):
        assert f'name="{box}"' in html
    assert "<legend" in html and "Date of birth" in html


def test_day_month_and_year_make_the_date():
    form = BirthForm({"date_of_birth_day": "7", "date_of_birth_month": "3", "date_of_birth_year": "1941"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"date_of_birth": date(1941, 3, 7), "start": None}


def test_each_wrong_date_gets_its_own_message_naming_the_field():
    cases = {
        ("", "", ""): "Enter the date of birth",
        ("7", "", "1941"): "The date of birth must include a month",
        ("31", "2", "1941"): "The date of birth must be a real date, for example 27 3 2026",
        ("1", "1", "1850"): "The date of birth must be the same as or after 1 January 1900",
        ("1", "1", str(date.today().year + 4)): "The date of birth must be in the past",
    }
    for (day, month, year), message in cases.items():
        form = BirthForm({"date_of_birth_day": day, "date_of_birth_month": month, "date_of_birth_year": year})
        assert form.errors["date_of_birth"] == [message], (day, month, year)


def test_an_optional_date_left_empty_is_none_and_its_label_says_optional():
    form = BirthForm({"date_of_birth": "1941-03-07"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] is None
    assert "(optional)" in str(form["start"].as_field_group())


def test_a_single_iso_date_is_read_too_and_a_bad_one_is_refused_not_lost():
    tomorrow = date.today() + timedelta(days=1)
    form = BirthForm({"date_of_birth": "1941-03-07", "start": tomorrow.isoformat()})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] == tomorrow
    bad = BirthForm({"date_of_birth": "next tuesday"})
    assert bad.errors["date_of_birth"] == ["The date of birth must be a real date, for example 27 3 2026"]
    assert 'value="next tuesday"' in str(bad["date_of_birth"])
