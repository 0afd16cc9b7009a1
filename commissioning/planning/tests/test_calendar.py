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
