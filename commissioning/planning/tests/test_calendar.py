"""The commissioning calendar, its iCalendar feed and the public forthcoming opportunities page."""
from datetime import date, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from commissioning.accounts.roles import MarketArea
from commissioning.planning import services
from commissioning.procurement.tests.factories import OpenListFactory

from .factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(commissioner):
    today = date.today()
    ending = OpenListFactory(name="Home care list", start_date=today.replace(day=1) - timedelta(days=300),
                             term_months=12, market_area_id=MarketArea.HOME_CARE)
    services.committee_date_save(by=commissioner, committee="cabinet", meets_on=today + timedelta(days=200))
    services.committee_date_save(by=commissioner, committee="cabinet", meets_on=today + timedelta(days=900))
    project = make_project(commissioner, wanted_start=today + timedelta(days=500), name="Day services")
    return {"list": ending, "project": project}


def test_the_calendar_shows_what_ends_is_decided_and_starts_in_18_months(client, commissioner, dated):
    client.force_login(commissioner)
    page = client.get(reverse("planning:calendar")).content.decode()
    assert "Home care list ends" in page and "Day services: new contract starts" in page
    assert page.count(">Cabinet<") == 1  # the meeting 900 days away is past the 18 months
    page = client.get(reverse("planning:calendar"), {"market_area": MarketArea.CARE_HOMES}).content.decode()
    assert "Home care list ends" not in page


def test_the_calendar_filters_by_quarter_and_kind(client, commissioner, dated):
    client.force_login(commissioner)
    end = dated["list"].end_date
    quarter = f"{end.year}-q{(end.month - 1) // 3 + 1}"
    page = client.get(reverse("planning:calendar"), {"quarter": quarter, "kind": "ending"}).content.decode()
    assert "Home care list ends" in page and "new contract starts" not in page


def test_the_ical_feed_parses_and_carries_every_dated_item_once(client, commissioner, dated):
    client.force_login(commissioner)
    response = client.get(reverse("planning:calendar_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    feed = Calendar.from_ical(response.content)
    events = list(feed.walk("VEVENT"))
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    page = client.get(reverse("planning:calendar")).content.decode()
    assert f"{len(events)} dates" in page
    summaries = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in events}
    assert summaries["Home care list ends"] == dated["list"].end_date
    assert summaries["Day services: new contract starts"] == dated["project"].wanted_start


def test_forthcoming_opportunities_are_public(client, dated):
    page = client.get(reverse("planning:opportunities"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Home care list" in text and "Day services" in text
    assert "Cabinet" not in text


def test_the_calendar_shows_a_contracts_end_after_an_approved_extension(client, commissioner, make_user):
    """A contract of the register ends on the calendar where its approved extension moved it; a list's
    end follows its register entry's extension too."""
    from commissioning.accounts.roles import Role
    from commissioning.contracts.models import Variation
    from commissioning.contracts.services import variation_approve, variation_propose
    from commissioning.contracts.tests.factories import ContractFactory

    today = date.today()
    contract = ContractFactory(title="Carers' breaks", start_date=today - timedelta(days=100),
                               end_date=today + timedelta(days=100))
    approved = OpenListFactory(name="Home care list", start_date=today.replace(day=1) - timedelta(days=300),
                               term_months=12, market_area_id=MarketArea.HOME_CARE)
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    for record, lead in ((contract, commissioner), (approved.register_entry, commissioner)):
        variation = variation_propose(variation=Variation(
            contract=record, kind="extension", reason="Time to re-tender", new_end_date=record.end_date + timedelta(
                days=200), takes_effect_on=today, value_change_pence=10_000_00), by=lead)
        variation_approve(variation=variation, by=head)
    client.force_login(commissioner)
    feed = Calendar.from_ical(client.get(reverse("planning:calendar_ics")).content)
    ends = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in feed.walk("VEVENT")}
    assert ends["Carers' breaks ends"] == today + timedelta(days=300)
    assert ends["Home care list ends"] == approved.end_date + timedelta(days=200)
