"""The Transparency Code contracts CSV: open to anyone, over £5,000 only, safe in a spreadsheet."""
import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from commissioning.providers.tests.factories import ProviderFactory

from ..transparency import HEADER
from .factories import ContractFactory

pytestmark = pytest.mark.django_db


def _rows(client):
    response = client.get(reverse("contracts:transparency_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_anyone_may_download_the_contracts_over_5000_pounds_that_have_begun(client):
    supplier = ProviderFactory(legal_name="Oak Tree Care Ltd", companies_house_number="04273753")
    ContractFactory(reference="C-1", title="Home support", supplier=supplier, supplier_is_vcse=True,
                    start_date=date(2026, 4, 1), end_date=date(2029, 3, 31), value_pence=250_000_50)
    ContractFactory(reference="C-2", value_pence=5_000_00)  # at the threshold: not published
    ContractFactory(reference="C-3", status="planned")
    rows = _rows(client)
    assert rows[0] == HEADER and [r[0] for r in rows[1:]] == ["C-1"]
    row = dict(zip(HEADER, rows[1], strict=True))
    assert row["Supplier name"] == "Oak Tree Care Ltd" and row["Supplier registration number"] == "04273753"
    assert row["Total value (£)"] == "250000.50" and row["Start date"] == "01/04/2026"
    assert row["Procedure: invitation to quote or tender"] == "Invitation to tender"
    assert (row["SME"], row["Voluntary or community sector"]) == ("No", "Yes")


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client):
    ContractFactory(reference="C-1", title="=HYPERLINK(\"http://example.com\")", description="+1 day service")
    row = _rows(client)[1]
    assert row[1] == "'=HYPERLINK(\"http://example.com\")" and row[3] == "'+1 day service"
