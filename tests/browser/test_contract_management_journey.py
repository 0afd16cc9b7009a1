"""Contract management, end to end in a real browser, with axe-core on every page.

A lead commissioner opens the home care list's entry in the contracts register, schedules the
contract meetings with a member at the market's frequency (every 2 months), holds the first one and
records the four areas (sent with no area first), records a breach at the meeting with a penalty
(sent with neither a penalty nor a remedy first), and finds it on the meeting, the contract and its
own page with its history; the provider's user finds the meeting and the breach among its own, and a
provider user of another organisation sees neither."""
from datetime import timedelta

import pytest
from django.utils import timezone

from commissioning.accounts.roles import MarketArea, Role
from commissioning.contracts.models import Breach, ContractMeeting
from commissioning.procurement.models import Application, Membership
from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers.tests.factories import ProviderFactory

from .conftest import fill_date
from .test_approved_lists_journey import fill, follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def open_link_to(audit, url: str, label: str) -> None:
    """Click the page's link to `url` and check where it leads."""
    with audit.page.expect_navigation() as navigation:
        audit.page.locator(f"main a[href='{url}']").first.click()
    audit.check(label, status=200, response=navigation.value)


@pytest.fixture
def home_care(make_person):
    lead = make_person(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.HOME_CARE, first_name="Martin",
                       last_name="Hale")
    approved = OpenListFactory(name="Home care framework", market_area_id=MarketArea.HOME_CARE, lead_commissioner=lead)
    member = ProviderFactory(name="Oak Home Care")
    application = Application.objects.create(approved_list=approved, provider=member, status="decided",
                                             decision_due="2026-01-01")
    Membership.objects.create(lot=approved.lots.first(), provider=member, application=application,
                              admitted_on=timezone.localdate() - timedelta(days=100))
    return {"lead": lead, "contract": approved.register_entry, "member": member,
            "member_user": make_person(Role.PROVIDER_USER, provider=member, first_name="Kerry", last_name="Shaw"),
            "other_user": make_person(Role.PROVIDER_USER, provider=ProviderFactory(name="Birch Care"))}


def test_a_lead_holds_a_contract_meeting_and_records_a_breach_with_a_penalty_at_it(home_care, open_as):
    today = timezone.localdate()
    contract, member = home_care["contract"], home_care["member"]
    audit = open_as(home_care["lead"], who="Lead commissioner (contract management journey)")
    follow(audit, "Search the contracts register")
    follow(audit, contract.title)
    follow(audit, "Schedule contract meetings")
    assert "every 2 months" in audit.page.locator("main").inner_text()
    audit.page.get_by_label("Provider", exact=True).select_option(label=member.name)
    audit.submit("Schedule the meetings", label="meetings scheduled")
    assert ContractMeeting.objects.filter(contract=contract, provider=member).count() == 6

    first = ContractMeeting.objects.filter(contract=contract).order_by("scheduled_for").first()
    assert first.scheduled_for == today
    open_link_to(audit, first.get_absolute_url(), "the first meeting, from the contract's page")
    fill_date(audit.page, "Date held", today)
    audit.submit("Save the record", label="a meeting record with none of the four areas")
    audit.check_error_summary()
    assert "Record at least one of the four areas" in audit.page.locator("main").inner_text()
    fill(audit.page, "Compliance: terms, specification and value", exact=False, value="Two visits missed in one week")
    fill(audit.page, "Performance against the KPIs", exact=False, value="94% of visits on time against 95%")
    fill(audit.page, "Quality assurance", exact=False, value="Audit action plan under way")
    fill(audit.page, "Continuous improvement", exact=False, value="Electronic call monitoring on every round")
    audit.submit("Save the record", label="the meeting recorded")
    assert "Meeting record saved" in audit.page.locator("main").inner_text()

    follow(audit, "Record a breach at this meeting")
    fill(audit.page, "What happened", "Two visits missed on the Alvaston round")
    fill(audit.page, "Term breached", "Specification 4.2")
    fill_date(audit.page, "Date found", today)
    audit.submit("Record the breach", label="a breach with neither a penalty nor a remedy")
    audit.check_error_summary()
    fill(audit.page, "Penalty applied (£)", exact=False, value="250.50")
    audit.submit("Record the breach", label="the breach recorded at the meeting")
    main = audit.page.locator("main").inner_text()
    assert "Breach recorded" in main and "Specification 4.2" in main and "£250.50" in main
    breach = Breach.objects.get()
    assert (breach.penalty_pence, breach.meeting.provider, breach.status) == (25_050, member, "open")

    open_link_to(audit, breach.get_absolute_url(), "the breach's page")
    assert "Breach of Specification 4.2 recorded, penalty £250.50" in audit.page.locator("main").inner_text()
    follow(audit, "Back to the contract")
    main = audit.page.locator("main").inner_text()
    assert "Specification 4.2" in main and "penalties applied £250.50" in main
    audit.assert_clean()

    provider = open_as(home_care["member_user"], who="Provider user (contract management journey)")
    provider.visit("/contracts/meetings/?show=all", label="the provider's own meetings and breaches")
    main = provider.page.locator("main").inner_text()
    assert "Specification 4.2" in main and member.name in main
    open_link_to(provider, breach.get_absolute_url(), "its own breach")
    provider.assert_clean()

    other = open_as(home_care["other_user"], who="Provider user of another organisation")
    other.visit("/contracts/meetings/?show=all", label="another organisation's meetings and breaches")
    assert "Specification 4.2" not in other.page.locator("main").inner_text()
    other.visit(breach.get_absolute_url(), status=404, label="another organisation's breach")
    other.assert_clean()
