"""The consultation register: the over-asked warning, the clearing house and "you said, we did"."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.planning import selectors, services

from .factories import directorate

pytestmark = pytest.mark.django_db


def _ask(by, starts_on, groups=("Carers' forum",), topic="Respite"):
    return services.consultation_record(by=by, topic=topic, directorates=[directorate()], groups=list(groups),
                                        method="survey", starts_on=starts_on, ends_on=starts_on + timedelta(days=28))


def test_a_group_asked_more_than_the_limit_in_12_months_is_flagged(commissioner):
    services.consultation_limit_set(by=commissioner, limit=2)
    for days in (0, 100, 200):
        _ask(commissioner, date(2026, 1, 5) + timedelta(days=days))
    _ask(commissioner, date(2026, 1, 5), groups=["Home care providers"])
    assert selectors.over_asked(user=commissioner) == [("Carers' forum", 3, date(2026, 1, 5))]


def test_asks_more_than_12_months_apart_are_not_counted_together(commissioner):
    services.consultation_limit_set(by=commissioner, limit=1)
    _ask(commissioner, date(2025, 1, 5))
    _ask(commissioner, date(2026, 1, 6))
    assert selectors.over_asked(user=commissioner) == []


def test_a_consultation_needs_a_group_and_dates_in_order(commissioner):
    with pytest.raises(ValidationError) as error:
        services.consultation_record(by=commissioner, topic="Respite", directorates=[], groups=[" "],
                                     method="survey", starts_on=date(2026, 2, 1), ends_on=date(2026, 1, 1))
    assert error.value.messages == ["Choose the directorates", "Enter at least one group or provider set asked",
                                    "The end date must be the same as or after the start date"]


def test_registering_warns_and_you_said_we_did_is_public(client, commissioner):
    services.consultation_limit_set(by=commissioner, limit=1)
    _ask(commissioner, date.today() - timedelta(days=30))
    client.force_login(commissioner)
    start = date.today() + timedelta(days=10)
    response = client.post(reverse("planning:consultation_add"), {
        "topic": "Day opportunities", "directorates": [directorate().pk], "groups": "Carers' forum\nDay centres",
        "method": "event", "starts_on": start.isoformat(), "ends_on": (start + timedelta(days=5)).isoformat()},
        follow=True)
    page = response.content.decode()
    assert "Carers&#x27; forum has been asked 2 times in 12 months" in page
    assert "Planned" in page and "Day opportunities" in page
    consultation = selectors.consultations(user=commissioner).get(topic="Day opportunities")
    client.post(reverse("planning:consultation_detail", args=[consultation.pk]),
                {"heard": "Carers want Saturday sessions", "did": "Saturday sessions in the new specification"})
    client.logout()
    public = client.get(reverse("planning:you_said_we_did")).content.decode()
    assert "Carers want Saturday sessions" in public and "Saturday sessions in the new specification" in public
    assert "Respite" not in public
