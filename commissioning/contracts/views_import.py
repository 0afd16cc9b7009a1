"""The page for importing a council's existing contracts register from a CSV."""
from django import forms
from django.shortcuts import render

from commissioning.core.forms import GovukFormMixin
from commissioning.core.permissions import allow_roles

from . import rules
from .imports import COLUMNS, ImportRefused, register_import


class RegisterUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Register file", help_text="A CSV of the register, up to 5 MB, with the columns listed below",
        error_messages={"required": "Select a CSV file of the register", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
    good_rows_only = forms.BooleanField(
        label="If some rows have problems, import the other rows and leave those out", required=False)


@allow_roles(rules.EDIT)
def register_import_page(request):
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = register_import(content=upload.read(), file_name=upload.name, by=request.user,
                                     good_rows_only=form.cleaned_data["good_rows_only"])
        except ImportRefused as error:
            form.add_error("file", str(error))
    return render(request, "contracts/import.html", {"form": form, "report": report, "columns": COLUMNS})
