"""Contract management on the register: meetings at the market's frequency scheduled from the
contract's page and recorded over the four areas, actions due on their owner's home page, breaches
with the penalty in whole pence or the remedy applied and their history, KPIs of a contract and
the provider's returns, and a provider user seeing its own organisation's records only."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.models import Market
from commissioning.accounts.roles import MarketArea, Role
from commissioning.contracts import services
from commissioning.contracts.models import Breach, ContractMeeting, KpiDefinition, MeetingAction
from commissioning.contracts.selectors_management import missing_returns
from commissioning.core.models import AuditEvent
from commissioning.procurement.models import Application, Membership
from commissioning.procurement.tests.factories import OpenListFactory

from .factories import ContractFactory, ContractMeetingFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _day_fields(prefix: str, day: date) -> dict:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


@pytest.fixture
def lead(make_user):
    return make_user(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.HOME_CARE, first_name="Lena",
                     last_name="Lead")


@pytest.fixture
def home_care_list(make_user):
    """An open home care list with one member, and its register entry."""
    from commissioning.providers.tests.factories import ProviderFactory

    approved = OpenListFactory(market_area_id=MarketArea.HOME_CARE)
    member = ProviderFactory(name="Oak Home Care")
    application = Application.objects.create(approved_list=approved, provider=member, status="decided",
                                             decision_due="2026-01-01")
    Membership.objects.create(lot=approved.lots.first(), provider=member, application=application,
                              admitted_on=TODAY() - timedelta(days=200))
    return {"list": approved, "contract": approved.register_entry, "member": member,
            "user": make_user(Role.PROVIDER_USER, provider=member)}


# Meetings at the market's frequency ---------------------------------------------------------

def test_meetings_follow_the_markets_frequency_which_the_markets_page_changes(client, lead, home_care_list,
                                                                             administrator):
    contract, member = home_care_list["contract"], home_care_list["member"]
    start = TODAY() + timedelta(days=7)
    assert services.meetings_schedule(contract=contract, provider=member, by=lead, start=start) == 6  # every 2
    market = Market.objects.get(code=MarketArea.HOME_CARE)
    client.force_login(administrator)
    page = client.post(reverse("accounts:market_edit", args=[market.pk]),
                       {"name": market.name, "position": market.position, "meeting_every_months": "13"})
    assert "The months between contract meetings must be 12 or fewer" in page.content.decode()
    client.post(reverse("accounts:market_edit", args=[market.pk]),
                {"name": market.name, "position": market.position, "meeting_every_months": "4"})
    market.refresh_from_db()
    assert market.meeting_every_months == 4
    assert "Months between contract meetings" in client.get(reverse("accounts:market_list")).content.decode()

    client.force_login(lead)
    page = client.get(reverse("contracts:meeting_schedule", args=[contract.pk])).content.decode()
    assert "every 4 months" in page
    response = client.post(reverse("contracts:meeting_schedule", args=[contract.pk]), {
        "provider": member.pk, **_day_fields("start", start + timedelta(days=400)), "months": "12"})
    assert response.status_code == 302
    later = ContractMeeting.objects.filter(contract=contract, scheduled_for__gte=start + timedelta(days=400))
    assert later.count() == 3  # every 4 months over 12


def test_scheduling_refuses_a_provider_not_holding_the_contract_and_a_past_start(lead, home_care_list):
    from commissioning.providers.tests.factories import ProviderFactory

    contract = home_care_list["contract"]
    with pytest.raises(ValidationError, match="does not hold"):
        services.meetings_schedule(contract=contract, provider=ProviderFactory(), by=lead, start=TODAY())
    with pytest.raises(ValidationError, match="today or later"):
        services.meetings_schedule(contract=contract, provider=home_care_list["member"], by=lead,
                                   start=TODAY() - timedelta(days=1))
    direct = ContractFactory()
    with pytest.raises(ValidationError, match="Choose the market area"):
        services.meetings_schedule(contract=direct, provider=direct.supplier, by=lead, start=TODAY())


def test_a_meeting_record_covers_the_four_areas_and_never_the_future(client, lead):
    meeting = ContractMeetingFactory(scheduled_for=TODAY())
    with pytest.raises(ValidationError, match="at least one of the four areas"):
        services.meeting_record(meeting=meeting, by=lead, held_on=TODAY())
    client.force_login(lead)
    url = meeting.get_absolute_url()
    page = client.post(url, {**_day_fields("held_on", TODAY() + timedelta(days=1)), "compliance": "Met"})
    assert "The meeting cannot have been held in the future" in page.content.decode()
    client.post(url, {**_day_fields("held_on", TODAY()), "compliance": "Terms met", "performance": "KPIs met",
                      "quality": "Audit Good", "improvement": "Rota software"})
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.quality, meeting.improvement) == (TODAY(), "Audit Good", "Rota software")
    assert AuditEvent.objects.filter(object_id=meeting.pk, note="Meeting record saved").exists()


def test_a_meeting_moved_without_a_contract_takes_the_one_chosen_when_recorded(client, lead):
    contract = ContractFactory()
    meeting = ContractMeetingFactory(contract=None, provider=contract.supplier)
    client.force_login(lead)
    assert "No contract chosen" in client.get(reverse("contracts:meeting_list")).content.decode()
    page = client.post(meeting.get_absolute_url(), {**_day_fields("held_on", TODAY()), "compliance": "Met"})
    assert "Choose the contract the meeting was about" in page.content.decode()
    client.post(meeting.get_absolute_url(), {**_day_fields("held_on", TODAY()), "compliance": "Met",
                                             "contract": contract.pk})
    meeting.refresh_from_db()
    assert meeting.contract == contract


def test_penalties_noted_on_a_meeting_before_breaches_are_shown_in_pounds_never_a_float(client, lead):
    meeting = ContractMeetingFactory(penalties_pence=12_345)
    client.force_login(lead)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "£123.45" in page and "123.45000" not in page and 'name="penalties"' not in page


# Actions -------------------------------------------------------------------------------------

def test_an_action_is_due_on_its_owners_home_page_until_done(client, lead, make_user):
    meeting = ContractMeetingFactory()
    owner = make_user(Role.QUALITY_OFFICER, first_name="Omar", last_name="Owner")
    client.force_login(lead)
    page = client.post(reverse("contracts:action_add", args=[meeting.pk]), {
        "what": "Send the rota", "owner": owner.pk, **_day_fields("due", TODAY() - timedelta(days=1))})
    assert "The due date must be today or later" in page.content.decode()
    client.post(reverse("contracts:action_add", args=[meeting.pk]), {
        "what": "Send the rota", "owner": owner.pk, **_day_fields("due", TODAY() + timedelta(days=3))})
    action = MeetingAction.objects.get()
    assert "Send the rota" in client.get(meeting.contract.get_absolute_url()).content.decode()

    client.force_login(owner)
    home = client.get(reverse("core:home")).content.decode()
    assert "Contract meeting action of yours due in the next 14 days or overdue" in home
    client.post(action.get_absolute_url(), _day_fields("done_on", TODAY()))
    action.refresh_from_db()
    assert action.done_on == TODAY()
    assert "Contract meeting action of yours" not in client.get(reverse("core:home")).content.decode()


def test_only_the_owner_or_someone_managing_contracts_marks_an_action_done(client, make_user):
    action = MeetingAction.objects.create(meeting=ContractMeetingFactory(), what="Check rotas",
                                          owner=make_user(Role.QUALITY_OFFICER), due=TODAY())
    client.force_login(make_user(Role.BROKER))
    assert client.post(action.get_absolute_url(), _day_fields("done_on", TODAY())).status_code == 403


# Breaches ------------------------------------------------------------------------------------

def test_a_breach_recorded_at_a_meeting_holds_its_penalty_in_pence_with_its_history(client, lead):
    meeting = ContractMeetingFactory()
    contract = meeting.contract
    client.force_login(lead)
    url = reverse("contracts:breach_add_at_meeting", args=[meeting.pk])
    base = {"provider": meeting.provider_id, "what_happened": "Two visits missed", "term": "Clause 4.2",
            **_day_fields("found_on", TODAY())}
    page = client.post(url, base).content.decode()
    assert "Enter the remedy applied, or a penalty" in page
    page = client.post(url, base | {"penalty": "12.345"}).content.decode()
    assert "The penalty must have no more than 2 decimal places" in page
    page = client.post(url, base | {"penalty": "-1"}).content.decode()
    assert "The penalty must be £0 or more" in page
    page = client.post(url, base | {**_day_fields("found_on", TODAY() + timedelta(days=1)), "penalty": "5"})
    assert "The date found cannot be in the future" in page.content.decode()
    assert not Breach.objects.exists()

    client.post(url, base | {"penalty": "250.50"})
    breach = Breach.objects.get()
    assert breach.penalty_pence == 25_050 and isinstance(breach.penalty_pence, int)
    assert (breach.meeting, breach.contract, breach.status) == (meeting, contract, "open")
    assert "£250.50" in client.get(contract.get_absolute_url()).content.decode()
    assert "Clause 4.2" in client.get(meeting.get_absolute_url()).content.decode()

    client.post(breach.get_absolute_url(), {"status": "remedied", "note": "Cover agreed"})
    client.post(breach.get_absolute_url(), {"status": "open"})
    client.post(breach.get_absolute_url(), {"status": "closed"})
    breach.refresh_from_db()
    assert breach.status == "closed"
    page = client.get(breach.get_absolute_url()).content.decode()
    assert "Cover agreed" in page and "Remedied" in page and 'name="status"' not in page
    assert AuditEvent.objects.filter(object_id=breach.pk, action="created").count() == 1
    with pytest.raises(ValidationError, match="cannot be marked"):
        services.breach_move(breach=breach, by=lead, status="open")


def test_a_breach_refuses_a_penalty_that_is_not_whole_pence_and_a_provider_not_holding_it(lead):
    from commissioning.providers.tests.factories import ProviderFactory

    contract = ContractFactory()
    with pytest.raises(TypeError):
        services.breach_record(contract=contract, provider=contract.supplier, by=lead, what_happened="Late",
                               term="Clause 1", found_on=TODAY(), penalty_pence=2.5)
    with pytest.raises(ValidationError, match="does not hold"):
        services.breach_record(contract=contract, provider=ProviderFactory(), by=lead, what_happened="Late",
                               term="Clause 1", found_on=TODAY(), remedy="Apologise")
    breach = services.breach_record(contract=contract, provider=contract.supplier, by=lead, what_happened="Late",
                                    term="Clause 1", found_on=TODAY(), remedy="Weekly rota checks")
    assert breach.penalty_pence == 0 and breach.meeting is None


def test_the_provider_view_shows_the_providers_breaches_across_the_council(client, lead):
    contract = ContractFactory()
    services.breach_record(contract=contract, provider=contract.supplier, by=lead, what_happened="Late",
                           term="Clause 9.1", found_on=TODAY(), penalty_pence=10_000)
    client.force_login(lead)
    page = client.get(reverse("contracts:provider_view", args=[contract.supplier_id])).content.decode()
    assert "Clause 9.1" in page and "£100" in page


# Who sees what --------------------------------------------------------------------------------

def test_a_provider_user_sees_its_own_meetings_and_breaches_only(client, lead, make_user):
    mine, theirs = ContractFactory(), ContractFactory()
    own_meeting = ContractMeetingFactory(contract=mine)
    other_meeting = ContractMeetingFactory(contract=theirs)
    own = services.breach_record(contract=mine, provider=mine.supplier, meeting=own_meeting, by=lead,
                                 what_happened="Late", term="Clause OWN", found_on=TODAY(), remedy="Fix")
    other = services.breach_record(contract=theirs, provider=theirs.supplier, by=lead, what_happened="Late",
                                   term="Clause OTHER", found_on=TODAY(), penalty_pence=500)
    user = make_user(Role.PROVIDER_USER, provider=mine.supplier)
    client.force_login(user)

    listing = client.get(reverse("contracts:meeting_list")).content.decode()
    assert "Clause OWN" in listing and "Clause OTHER" not in listing
    assert mine.supplier.name in listing and theirs.supplier.name not in listing
    assert client.get(own_meeting.get_absolute_url()).status_code == 200
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other_meeting.get_absolute_url()).status_code == 404
    assert client.get(other.get_absolute_url()).status_code == 404
    contract_page = client.get(mine.get_absolute_url()).content.decode()
    assert "Clause OWN" in contract_page and "Record a breach" not in contract_page
    # It reads its meeting, but cannot record or change it.
    assert 'name="compliance"' not in client.get(own_meeting.get_absolute_url()).content.decode()
    assert client.get(reverse("contracts:breach_add_at_meeting", args=[own_meeting.pk])).status_code == 403


# KPIs ----------------------------------------------------------------------------------------

def test_a_kpi_added_on_the_contracts_page_is_audited_and_a_bad_one_refused(client, lead, home_care_list):
    contract = home_care_list["contract"]
    client.force_login(lead)
    url = reverse("contracts:kpi_add", args=[contract.pk])
    data = {"name": "Visits on time", "unit": "%", "target": "95", "direction": "at_least", "period": "monthly",
            "days_to_submit": "10"}
    bad = client.post(url, data | {"days_to_submit": "120"}).content.decode()
    assert "Allow no more than 90 days to send a return" in bad and not KpiDefinition.objects.exists()
    client.post(url, data)
    kpi = KpiDefinition.objects.get()
    assert (kpi.contract, kpi.target) == (contract, Decimal(95))
    assert AuditEvent.objects.filter(action="created", object_id=kpi.pk, actor=lead).exists()
    assert "Visits on time" in client.get(reverse("contracts:kpi_list")).content.decode()


def test_kpi_returns_are_checked_and_late_ones_flagged(home_care_list, lead):
    kpi = services.kpi_create(by=lead, contract=home_care_list["contract"], name="Visits on time", unit="%",
                              target=Decimal(95))
    user = home_care_list["user"]
    today = TODAY()
    last_month = services.management.periods.add_months(date(today.year, today.month, 1), -1)
    with pytest.raises(ValidationError, match="first day"):
        services.kpi_return_submit(kpi=kpi, by=user, period_start=last_month + timedelta(days=3), value=Decimal(97))
    with pytest.raises(ValidationError, match="not ended"):
        services.kpi_return_submit(kpi=kpi, by=user, period_start=date(today.year, today.month, 1), value=1)
    two_months = services.management.periods.add_months(last_month, -1)
    assert any(m["period_start"] == two_months for m in missing_returns(provider=user.provider))
    sent = services.kpi_return_submit(kpi=kpi, by=user, period_start=two_months, value=Decimal("96.5"))
    assert sent.late and kpi.met(sent.value)
    assert not any(m["period_start"] == two_months for m in missing_returns(provider=user.provider))
    with pytest.raises(ValidationError, match="already been sent"):
        services.kpi_return_submit(kpi=kpi, by=user, period_start=two_months, value=Decimal(90))


def test_the_supplier_of_a_contract_sends_its_kpi_returns_in_the_portal(client, lead, make_user):
    contract = ContractFactory(start_date=TODAY() - timedelta(days=400))
    services.kpi_create(by=lead, contract=contract, name="Carers supported", unit="people", target=40)
    user = make_user(Role.PROVIDER_USER, provider=contract.supplier)
    client.force_login(user)
    page = client.get(reverse("portal:kpi_returns")).content.decode()
    assert "Carers supported" in page
    start = services.management.periods.add_months(TODAY().replace(day=1), -1)
    client.post(reverse("portal:kpi_returns"), {**_day_fields("period_start", start), "value": "42"})
    assert contract.supplier.kpi_returns.get().value == 42
    other = make_user(Role.PROVIDER_USER)
    client.force_login(other)
    assert "No KPIs are set for your contracts" in client.get(reverse("portal:kpi_returns")).content.decode()
