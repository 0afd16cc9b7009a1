"""The contracts register, end to end in a real browser, with axe-core on every page.

A lead commissioner imports the register the council already has from a CSV (a file with a bad row
first: nothing is imported and the row's reason is shown; then only the good rows), opens the
imported contract, corrects its value through the form (sent with an end before its start first),
adds the NHS integrated care board and Public Health as its joint funders (a funder sent without its
name first), schedules the contract meetings with the supplier, holds the first and records a breach
with a penalty at it, and proposes a variation of £40,000 more, which the head of commissioning
approves; the lead then downloads the Transparency Code CSV, which carries the varied value; a
provider user of another organisation sees neither the contract in the register nor its page."""
import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import MarketArea, Role
from commissioning.contracts.imports import COLUMNS
from commissioning.contracts.models import Breach, Contract, ContractMeeting, Variation
from commissioning.providers.tests.factories import ProviderFactory

from .conftest import fill_date
from .test_approved_lists_journey import fill, follow

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


def test_a_lead_imports_a_contract_adds_funders_records_a_breach_has_a_variation_approved_and_publishes_it(
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

    contract = Contract.objects.get(reference="PH-STOP-01")
    today = timezone.localdate()
    follow(audit, "Schedule contract meetings")
    audit.page.get_by_label("Provider", exact=True).select_option(label="Fresh Start Ltd")
    audit.page.get_by_label("Market area whose frequency the meetings follow").select_option(index=1)
    fill_date(audit.page, "Date of the first meeting", today)
    audit.submit("Schedule the meetings", label="the contract's meetings scheduled")
    meeting = ContractMeeting.objects.filter(contract=contract).order_by("scheduled_for").first()
    assert meeting.scheduled_for == today
    audit.visit(meeting.get_absolute_url(), label="the first contract meeting")
    fill_date(audit.page, "Date held", today)
    fill(audit.page, "Compliance: terms, specification and value", exact=False, value="Two clinics not staffed")
    audit.submit("Save the record", label="the meeting recorded")
    follow(audit, "Record a breach at this meeting")
    fill(audit.page, "What happened", "Two clinics in Normanton not staffed")
    fill(audit.page, "Term breached", "Specification 3.1")
    fill_date(audit.page, "Date found", today)
    fill(audit.page, "Penalty applied (£)", exact=False, value="500")
    audit.submit("Record the breach", label="a breach recorded at the contract meeting")
    breach = Breach.objects.get()
    assert (breach.meeting, breach.penalty_pence) == (meeting, 500_00)

    audit.visit(contract.get_absolute_url(), label="the contract with its breach")
    follow(audit, "Propose a variation or extension")
    audit.page.get_by_role("radio", name="Variation", exact=True).check()
    audit.page.get_by_label("Why the contract is changing").fill("Two more clinics in Normanton")
    audit.page.get_by_label("Change to the value over the term (£)").fill("40000")
    fill_date(audit.page, "Date it takes effect", today)
    audit.submit("Propose the change", label="a variation proposed")
    assert "Waiting for approval" in audit.page.locator("main").inner_text()
    audit.assert_clean()

    head = open_as(make_person(Role.HEAD_OF_COMMISSIONING, first_name="Hari", last_name="Head"),
                   who="Head of commissioning (contracts journey)")
    follow(head, "Variations and extensions of contracts waiting for your approval")
    follow(head, Variation.objects.get().reference)
    head.submit("Approve the change", label="the variation approved")
    assert Contract.objects.get(pk=contract.pk).value_pence == 500_000_00
    head.assert_clean()

    audit.visit(reverse("contracts:contract_list"), label="the register")
    with audit.page.expect_download() as download:
        audit.page.get_by_role("link", name="Download the Transparency Code contracts CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert rows[1][:2] == ["PH-STOP-01", "Stop smoking service"] and rows[1][10] == "500000.00"
    audit.assert_clean()

    provider = open_as(register.provider_user_a, who="Provider user (contracts journey)")
    provider.visit(reverse("contracts:contract_list"), label="a provider's contracts")
    assert "Stop smoking service" not in provider.page.locator("main").inner_text()
    provider.visit(Contract.objects.get().get_absolute_url(), status=404, label="another supplier's contract")
    provider.assert_clean()
