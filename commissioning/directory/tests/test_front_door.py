"""The front door: a broker searches the directory from a request and records which service was
suggested; the request shows it, and a suggestion that meets the need closes the request."""
import pytest
from django.core.exceptions import ValidationError

from commissioning.accounts.roles import Role
from commissioning.brokerage.choices import FrontDoorOption, FrontDoorOutcome, RequestStatus
from commissioning.brokerage.services import front_door_record
from commissioning.brokerage.tests.factories import CareRequestFactory

from .factories import CommunityListingFactory

pytestmark = pytest.mark.django_db


def test_a_broker_searches_near_the_person_and_records_the_service_suggested(client, make_user):
    care = CareRequestFactory()
    club = CommunityListingFactory(name="Kedleston lunch club")
    CommunityListingFactory(name="Far club", latitude=53.2, longitude=-1.6)
    client.force_login(make_user(Role.BROKER))
    url = f"/brokerage/requests/{care.pk}/front-door/directory/"
    page = client.get(url).content.decode()
    assert "Kedleston lunch club" in page and "Far club" not in page and "miles" in page
    refused = client.post(url, {"listing": club.pk})
    assert "Choose what came of it" in refused.content.decode()
    client.post(url, {"listing": club.pk, "outcome": FrontDoorOutcome.MET, "note": "Goes on Tuesdays"})
    check = care.front_door_checks.get(option=FrontDoorOption.DIRECTORY)
    assert check.suggested == club and check.note == "Goes on Tuesdays"
    care.refresh_from_db()
    assert care.status == RequestStatus.MET_BY_FRONT_DOOR
    detail = client.get(f"/brokerage/requests/{care.pk}/").content.decode()
    assert "Kedleston lunch club</a> (from the directory)" in detail


def test_a_hidden_listing_or_a_directory_option_without_a_service_is_refused(make_user):
    care = CareRequestFactory()
    broker = make_user(Role.BROKER)
    with pytest.raises(ValidationError, match="no longer in the directory"):
        front_door_record(request=care, by=broker, option=FrontDoorOption.DIRECTORY,
                          outcome=FrontDoorOutcome.DECLINED, suggested=CommunityListingFactory(published=False))
    with pytest.raises(ValidationError, match="Choose the service"):
        front_door_record(request=care, by=broker, option=FrontDoorOption.DIRECTORY, outcome=FrontDoorOutcome.DECLINED)
