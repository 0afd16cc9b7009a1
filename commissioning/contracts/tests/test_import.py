"""Importing the register a council already has: checked whole, row reasons shown, nothing written
from a file with problems unless the user chooses the good rows; re-imports update by reference."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.core.models import AuditEvent
from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers.tests.factories import ProviderFactory

from ..imports import COLUMNS
from ..models import Contract

pytestmark = pytest.mark.django_db


def _csv(*rows) -> bytes:
    lines = [",".join(COLUMNS)] + [",".join(f'"{v}"' for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _row(reference, commissioner, supplier, *, value="120,000", title="Carers' breaks", department="Public Health",
         end="31/03/2028", sme="Yes"):
    return [reference, title, department, "Short breaks for carers", supplier.name, "", "", "Grant", value,
            "40000", "0", "01/04/2025", end, "", "Invitation to quote", sme, "No", commissioner.email,
            "Grant terms v1", "Live"]


def _upload(client, content, good_rows_only=False):
    data = {"file": SimpleUploadedFile("register.csv", content, content_type="text/csv")}
    if good_rows_only:
        data["good_rows_only"] = "on"
    return client.post(reverse("contracts:register_import"), data)


def test_a_good_file_is_imported_whole_and_each_entry_names_the_file_and_row(client_for, commissioner):
    supplier = ProviderFactory(name="Carers First")
    response = _upload(client_for(commissioner), _csv(_row("PH-001", commissioner, supplier),
                                                       _row("PH-002", commissioner, supplier, title="Respite")))
    page = response.content.decode()
    assert "2 contracts imported" in page and "2 added, 0 updated" in page
    contract = Contract.objects.get(reference="PH-001")
    assert (contract.kind, contract.procedure, contract.value_pence, contract.supplier) == (
        "grant", "invitation_to_quote", 120_000_00, supplier)
    assert contract.directorate.name == "Public Health" and contract.supplier_is_sme
    event = AuditEvent.objects.get(object_id=contract.pk, content_type__model="contract")
    assert event.note == "Imported from register.csv, row 2" and event.actor == commissioner


def test_a_file_with_a_bad_row_imports_nothing_and_says_why(client_for, commissioner):
    supplier = ProviderFactory()
    content = _csv(_row("PH-001", commissioner, supplier),
                   _row("PH-002", commissioner, supplier, value="lots", department="Highways", end="31/02/2028"),
                   _row("PH-001", commissioner, supplier))
    page = _upload(client_for(commissioner), content).content.decode()
    assert "Nothing was imported" in page and not Contract.objects.exists()
    assert "Department “Highways” is not one of the council&#x27;s directorates" in page
    assert "End date “31/02/2028” is not a date like 31/03/2027" in page
    assert "Reference PH-001 is on an earlier row of this file" in page


def test_the_user_may_choose_to_import_only_the_good_rows(client_for, commissioner):
    supplier = ProviderFactory()
    content = _csv(_row("PH-001", commissioner, supplier), _row("PH-002", commissioner, supplier, value="-5"))
    page = _upload(client_for(commissioner), content, good_rows_only=True).content.decode()
    assert "1 contract imported" in page and "1 row left out" in page
    assert "The value over the term must be more than £0" in page
    assert list(Contract.objects.values_list("reference", flat=True)) == ["PH-001"]


def test_importing_again_updates_by_reference_rather_than_adding(client_for, commissioner):
    supplier = ProviderFactory()
    client = client_for(commissioner)
    _upload(client, _csv(_row("PH-001", commissioner, supplier)))
    page = _upload(client, _csv(_row("PH-001", commissioner, supplier, value="130000"))).content.decode()
    assert "0 added, 1 updated" in page
    contract = Contract.objects.get()
    assert contract.value_pence == 130_000_00
    event = AuditEvent.objects.get(object_id=contract.pk, action="updated", content_type__model="contract")
    assert event.changes == {"Value over the term": ["£120,000", "£130,000"]}


def test_a_supplier_not_in_the_provider_register_and_a_lists_reference_are_refused(client_for, commissioner):
    stranger = ProviderFactory.build(name="Nobody Ltd")
    entry = OpenListFactory().register_entry
    content = _csv(_row("PH-001", commissioner, stranger), _row(entry.reference, commissioner, ProviderFactory()))
    page = _upload(client_for(commissioner), content).content.decode()
    assert "Supplier “Nobody Ltd” is not in the provider register" in page
    assert f"{entry.reference} is an approved list&#x27;s entry: change it on the list" in page


@pytest.mark.parametrize(("content", "message"), [
    (b"Reference,Title\nX,Y\n", "The file has no column Department"),
    (b"\xff\xfe\x00bad", "The file must be a CSV saved as UTF-8"),
    (",".join(COLUMNS).encode() + b"\n", "The file has no rows of contracts"),
])
def test_a_file_that_cannot_be_read_is_refused_whole(client_for, commissioner, content, message):
    page = _upload(client_for(commissioner), content).content.decode()
    assert "There is a problem" in page and message in page and not Contract.objects.exists()
