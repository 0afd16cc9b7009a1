"""The pages for importing a council's existing contracts register, and its finance system's payments
on contracts, from CSV files."""
from django import forms
from django.shortcuts import render

from commissioning.core.forms import GovukFormMixin
from commissioning.core.permissions import allow_roles

from . import rules
from .imports import COLUMNS, ImportRefused, register_import
from .payment_imports import PAYMENT_COLUMNS, payments_import


class RegisterUploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Register file", help_text="A CSV of the register, up to 5 MB, with the columns listed below",
        error_messages={"required": "Select a CSV file of the register", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
    good_rows_only = forms.BooleanField(
        label="If some rows have problems, import the other rows and leave those out", required=False)


def _import_page(request, form_class, importer, **context):
    """Upload a CSV, check it whole and import it (or only its good rows, when chosen), then show the report."""
    form = form_class(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = importer(content=upload.read(), file_name=upload.name, by=request.user,
                              good_rows_only=form.cleaned_data["good_rows_only"])
        except ImportRefused as error:
            form.add_error("file", str(error))
    return render(request, "contracts/import.html", {"form": form, "report": report, **context})


@allow_roles(rules.EDIT)
def register_import_page(request):
    return _import_page(
        request, RegisterUploadForm, register_import, columns=COLUMNS, title="Import the contracts register",
        noun="contract", done_text="See the register",
        columns_help="Amounts are in pounds, dates like 31/03/2027, SME and VCSE Yes or No. A reference already in "
                     "the register updates that contract; suppliers must be in the provider register, matched by "
                     "Companies House number or name.")


class PaymentsUploadForm(RegisterUploadForm):
    file = forms.FileField(
        label="Payments file", help_text="A CSV of the finance system's payments, up to 5 MB, with the columns "
                                         "listed below",
        error_messages={"required": "Select a CSV file of payments", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))


@allow_roles(rules.PAY)
def payments_import_page(request):
    return _import_page(
        request, PaymentsUploadForm, payments_import, columns=PAYMENT_COLUMNS, title="Import payments on contracts",
        noun="payment", done_text="See the register",
        columns_help="Each row is one payment on a contract that is not an approved list, found by the contract's "
                     "reference. Amounts are in pounds, dates like 31/03/2027. A payment reference already recorded "
                     "on the contract with the same date and amount is left as it is, so the same export can be "
                     "imported again without counting anything twice.")
