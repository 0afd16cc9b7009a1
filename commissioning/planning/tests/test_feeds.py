"""The calendar by directorate (a list kept on a page), its CSV download, and each council user's
personal feed address that a calendar app subscribes to without signing in."""
import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from commissioning.accounts.roles import MarketArea, Role
from commissioning.core.models import AuditEvent
from commissioning.planning import selectors, services
from commissioning.procurement.tests.factories import OpenListFactory

from .factories import directorate

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(commissioner):
    """An approved home care list ending in a year, and a Public Health consultation next month."""
    end = date.today() + timedelta(days=365)
    listed = OpenListFactory(name="=HYPERLINK(\"x\") Home care list", market_area_id=MarketArea.HOME_CARE,
                             lead_commissioner=commissioner, start_date=end.replace(year=end.year - 5),
                             term_months=60)
    start = date.today() + timedelta(days=30)
    services.consultation_record(by=commissioner, topic="Healthy ageing", directorates=[directorate("Public Health")],
                                 groups=["Over 50s forum"], method="survey", starts_on=start,
                                 ends_on=start + timedelta(days=20))
    return listed.end_date


def _titles(client, **query):
    page = client.get(reverse("planning:calendar"), query).content.decode()
    return {t for t in ("Home care list ends", "Healthy ageing: consultation opens",
                        "Healthy ageing: consultation closes") if t in page}


def test_the_calendar_filters_by_directorate_market_lead_and_quarter(client, commissioner, dated):
    client.force_login(commissioner)
    everything = {"Home care list ends", "Healthy ageing: consultation opens", "Healthy ageing: consultation closes"}
    assert _titles(client) == everything
    assert _titles(client, directorate=directorate().pk) == {"Home care list ends"}
    assert _titles(client, directorate=directorate("Public Health").pk) == everything - {"Home care list ends"}
    assert _titles(client, market_area="home_care") == {"Home care list ends"}
    assert _titles(client, lead=commissioner.pk) == {"Home care list ends"}
    def quarter(day):
        return f"{day.year}-q{(day.month - 1) // 3 + 1}"

    on = {"Home care list ends": dated, "Healthy ageing: consultation opens": date.today() + timedelta(days=30),
          "Healthy ageing: consultation closes": date.today() + timedelta(days=50)}
    assert _titles(client, quarter=quarter(dated)) == {t for t, day in on.items() if quarter(day) == quarter(dated)}


def test_a_directorate_added_on_its_page_filters_the_calendar(client, commissioner):
    client.force_login(commissioner)
    page = client.post(reverse("planning:directorate_list"), {"name": ""}).content.decode()
    assert "Enter the directorate&#x27;s name" in page
    page = client.post(reverse("planning:directorate_list"), {"name": "public health"}).content.decode()
    assert "There is already a directorate called public health" in page
    client.post(reverse("planning:directorate_list"), {"name": "Housing", "market_areas": ["supported_living"]})
    housing = selectors.directorates(user=commissioner).get(name="Housing")
    assert housing.market_areas == ["supported_living"]
    form = client.get(reverse("planning:calendar")).content.decode()
    assert f'<option value="{housing.pk}">Housing</option>' in form


def test_the_calendar_downloads_as_a_formula_safe_csv_of_the_filtered_dates(client, commissioner, dated):
    client.force_login(commissioner)
    response = client.get(reverse("planning:calendar_csv"), {"directorate": directorate().pk})
    assert response["Content-Disposition"] == 'attachment; filename="commissioning-calendar.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Date", "What", "Kind", "Market", "Directorates", "Lead commissioner", "Link"]
    assert [r[1] for r in rows[1:]] == ["'=HYPERLINK(\"x\") Home care list ends"]
    assert rows[1][0] == f"{dated:%-d %B %Y}" and rows[1][3] == "Home care, day opportunities and respite"
    assert rows[1][4] == "Adult Social Care"


def test_a_personal_feed_address_serves_its_owners_calendar_without_signing_in(client, commissioner, dated):
    client.force_login(commissioner)
    page = client.get(reverse("planning:calendar")).content.decode()
    assert "Get my calendar address" in page
    client.post(reverse("planning:calendar_feed_manage"), {"action": "issue"})
    token = selectors.feed_token(user=commissioner).token
    page = client.get(reverse("planning:calendar")).content.decode()
    address = "http://testserver" + reverse("planning:calendar_feed", args=[token])
    assert address in page and "Stop this address working" in page
    client.logout()
    response = client.get(reverse("planning:calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == ['=HYPERLINK("x") Home care list ends',
                                                          "Healthy ageing: consultation closes",
                                                          "Healthy ageing: consultation opens"]
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_a_wrong_regenerated_or_revoked_address_is_not_found(client, commissioner):
    old = services.feed_token_issue(by=commissioner).token
    assert client.get(reverse("planning:calendar_feed", args=["not-a-token"])).status_code == 404
    new = services.feed_token_issue(by=commissioner).token
    assert new != old
    assert client.get(reverse("planning:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("planning:calendar_feed", args=[new])).status_code == 200
    client.force_login(commissioner)
    client.post(reverse("planning:calendar_feed_manage"), {"action": "revoke"})
    client.logout()
    assert client.get(reverse("planning:calendar_feed", args=[new])).status_code == 404
    assert AuditEvent.objects.filter(object_id=commissioner.pk, note="Calendar feed address revoked").exists()


def test_a_feed_stops_when_its_owner_leaves_or_is_not_council_staff(client, make_user):
    leaver = make_user(Role.LEAD_COMMISSIONER)
    token = services.feed_token_issue(by=leaver).token
    leaver.is_active = False
    leaver.save()
    assert client.get(reverse("planning:calendar_feed", args=[token])).status_code == 404
    with pytest.raises(Exception, match="may not"):
        services.feed_token_issue(by=make_user(Role.PROVIDER_USER))
