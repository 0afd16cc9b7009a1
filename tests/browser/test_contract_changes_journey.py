"""A variation approved, end to end in a real browser, with axe-core on every page.

A lead commissioner opens a contract of the register and proposes an extension of a year with
£100,000 more over the term (sent first with a new end before the current one: refused on its field),
then sees that she cannot approve it herself; the head of commissioning finds it waiting on the home
page, opens it from the approvals list and approves it, and the contract's page shows the original
and the new value and end with the approved extension; a provider user of another organisation
cannot open the variation."""
from datetime import date

import pytest
from django.urls import reverse

from commissioning.accounts.roles import MarketArea, Role
from commissioning.contracts.models import Contract, Variation
from commissioning.contracts.tests.factories import ContractFactory

from .conftest import fill_date
from .test_approved_lists_journey import follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_lead_proposes_an_extension_and_the_head_of_commissioning_approves_it(open_as, make_person, register):
    lead = make_person(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.HOME_CARE, first_name="Lena",
                       last_name="Lead")
    head = make_person(Role.HEAD_OF_COMMISSIONING, first_name="Hari", last_name="Head")
    contract = ContractFactory(title="Carers' breaks", supplier=register.provider_a, lead_commissioner=lead)

    audit = open_as(lead, who="Lead commissioner (variation journey)")
    audit.visit(contract.get_absolute_url(), label="the contract before the change")
    follow(audit, "Propose a variation or extension")
    page = audit.page
    page.get_by_role("radio", name="Extension").check()
    page.get_by_label("Why the contract is changing").fill("A year more while the service is re-tendered")
    page.get_by_label("Change to the value over the term (£)").fill("100000")
    fill_date(page, "New end date (optional)", date(2027, 3, 31))
    fill_date(page, "Date it takes effect", date(2027, 4, 1))
    audit.submit("Propose the change", label="an extension that would shorten the contract")
    audit.check_error_summary()
    assert "an extension cannot shorten it" in page.locator("main").inner_text()
    assert not Variation.objects.exists()
    fill_date(page, "New end date (optional)", date(2029, 3, 31))
    audit.submit("Propose the change", label="the extension proposed")
    main = page.locator("main").inner_text()
    assert "Waiting for approval" in main and "Up £100,000" in main
    assert "You proposed this change" in main and "Approve the change" not in main
    audit.assert_clean()

    approver = open_as(head, who="Head of commissioning (variation journey)")
    follow(approver, "Variations and extensions of contracts waiting for your approval")
    variation = Variation.objects.get()
    follow(approver, variation.reference)
    approver.submit("Approve the change", label="the contract after the extension is approved")
    main = approver.page.locator("main").inner_text()
    assert "Originally £300,000" in main and "Now £400,000" in main
    assert "Originally 31 March 2028" in main and "Now 31 March 2029" in main
    contract = Contract.objects.get(pk=contract.pk)
    assert (contract.value_pence, contract.end_date) == (400_000_00, date(2029, 3, 31))
    follow(approver, variation.reference, label="the approved extension")
    assert "Approve the change" not in approver.page.locator("main").inner_text()
    approver.visit(reverse("contracts:variation_list"), label="nothing left waiting")
    assert "Nothing is waiting for your approval" in approver.page.locator("main").inner_text()
    approver.assert_clean()

    other = open_as(register.provider_user_b, who="Provider user (variation journey)")
    other.visit(variation.get_absolute_url(), status=404, label="another supplier's variation")
    other.assert_clean()
