"""The contracts register, end to end in a real browser, with axe-core on every page.

A lead commissioner imports the register the council already has from a CSV (a file with a bad row
first: nothing is imported and the row's reason is shown; then only the good rows), opens the
imported contract, corrects its value through the form (sent with an end before its start first),
adds the NHS integrated care board and Public Health as its joint funders (a funder sent without its
name first), and downloads the Transparency Code CSV; a provider user of another organisation sees
neither the contract in the register nor its page."""
import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse

from commissioning.accounts.roles import MarketArea, Role
from commissioning.contracts.imports import COLUMNS
from commissioning.contracts.models import Contract
from commissioning.providers.tests.factories import ProviderFactory

from .test_approved_lists_journey import follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _file(tmp_path, lead, supplier):
    rows = [COLUMNS,
            ["PH-STOP-01", "Stop smoking service", "Public Health", "Community support", supplier.name, "", "",
             "Contract", "450000", "150000", "0", "01/04/2026", "31/03/2029", "", "Invitation to tender", "Yes",
             "No", lead.email, "Standard terms v2", "Live"],
            ["PH-STOP-02", "Bad row", "Highways", "", supplier.name, "", "", "Contract", "lots", "1", "0",
             "01/04/2026", "31/03/2029", "", "Invitation to tender", "No", "No", lead.email, "", "Live"]]
    path = tmp_path / "register.csv"
    with path.open("w", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def test_a_lead_imports_the_register_corrects_a_contract_and_downloads_the_transparency_csv(
        open_as, make_person, register, tmp_path):
    lead = make_person(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.HOME_CARE, first_name="Lena",
                       last_name="Lead", email="lena.lead@example.org")
    supplier = ProviderFactory(name="Fresh Start Ltd")
    path = _file(tmp_path, lead, supplier)

    audit = open_as(lead, who="Lead commissioner (contracts journey)")
    follow(audit, "Import the contracts register from a spreadsheet")
    audit.page.get_by_label("Register file").set_input_files(str(path))
    audit.submit("Check and import", label="a file with a bad row")
    main = audit.page.locator("main").inner_text()
    assert "Nothing was imported" in main and "Department “Highways” is not one of the council's directorates" in main
    assert not Contract.objects.exists()

    audit.page.get_by_label("Register file").set_input_files(str(path))
    audit.page.get_by_label("If some rows have problems, import the other rows and leave those out").check()
    audit.submit("Check and import", label="only the good rows imported")
    assert "1 contract imported" in audit.page.locator("main").inner_text()

    follow(audit, "See the register")
    follow(audit, "Stop smoking service")
    follow(audit, "Edit the register entry")
    audit.page.get_by_label("Value over the term (£)").fill("460000")
    group = audit.page.get_by_role("group", name="End date", exact=True)
    group.get_by_label("Year", exact=True).fill("2025")
    audit.submit("Save the contract", label="an end before the start")
    audit.check_error_summary()
    group.get_by_label("Year", exact=True).fill("2029")
    audit.submit("Save the contract", label="the contract saved")
    assert "£460,000" in audit.page.locator("main").inner_text()
    assert Contract.objects.get(reference="PH-STOP-01").value_pence == 460_000_00

    follow(audit, "Add a funder")
    audit.page.get_by_role("radio", name="The NHS integrated care board").check()
    audit.page.get_by_label("Amount (£)").fill("100000")
    audit.submit("Add the funder", label="a funder without its name")
    audit.check_error_summary()
    audit.page.get_by_label("Integrated care board (if the NHS funds it)").fill("NHS Derby and Derbyshire ICB")
    audit.submit("Add the funder", label="the NHS funds part of it")
    follow(audit, "Add a funder")
    audit.page.get_by_role("radio", name="A council department").check()
    audit.page.get_by_label("Department (if a council department funds it)").select_option(label="Public Health")
    audit.page.get_by_label("Amount (£)").fill("50000")
    audit.submit("Add the funder", label="Public Health funds the rest")
    funders = audit.page.locator("main").inner_text()
    assert "NHS Derby and Derbyshire ICB" in funders and "£100,000" in funders and "£50,000" in funders

    audit.visit(reverse("contracts:contract_list"), label="the register")
    with audit.page.expect_download() as download:
        audit.page.get_by_role("link", name="Download the Transparency Code contracts CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert rows[1][:2] == ["PH-STOP-01", "Stop smoking service"] and rows[1][10] == "460000.00"
    audit.assert_clean()

    provider = open_as(register.provider_user_a, who="Provider user (contracts journey)")
    provider.visit(reverse("contracts:contract_list"), label="a provider's contracts")
    assert "Stop smoking service" not in provider.page.locator("main").inner_text()
    provider.visit(Contract.objects.get().get_absolute_url(), status=404, label="another supplier's contract")
    provider.assert_clean()
