"""Listings not checked within the period are flagged to their owner once, by the daily schedule."""
from datetime import date, timedelta

import pytest
from django.core import mail

from commissioning.core.schedules import SCHEDULES
from commissioning.providers.tests.factories import ServiceFactory

from ..models import Listing
from ..services import listings_flag_unverified
from .factories import CommunityListingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_the_check_is_on_the_daily_schedule():
    names = {s.task_path for s in SCHEDULES}
    assert "commissioning.directory.tasks.flag_unverified_listings" in names
    assert "commissioning.directory.tasks.refresh_from_register" in names


def test_listings_past_the_period_are_flagged_to_their_owner_once(sent, settings, provider_user):
    settings.DIRECTORY_VERIFY_AFTER_DAYS = 365
    today = date(2026, 12, 2)
    old = CommunityListingFactory(verified_on=today - timedelta(days=400), owner_email="club@community.example")
    CommunityListingFactory(verified_on=today - timedelta(days=30))
    home = Listing.objects.get(service=ServiceFactory(provider=provider_user.provider))
    Listing.objects.filter(pk=home.pk).update(verified_on=today - timedelta(days=366))
    with sent(execute=True):
        assert listings_flag_unverified(today=today) == 2
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert "club@community.example" in recipients and provider_user.email in recipients
    assert any(f"/directory/services/{old.pk}/changes/" in m.body for m in mail.outbox)
    assert listings_flag_unverified(today=today) == 0  # told once

    Listing.objects.filter(pk=old.pk).update(verified_on=today - timedelta(days=1))
    assert listings_flag_unverified(today=today + timedelta(days=400)) >= 1  # due again after a new check
