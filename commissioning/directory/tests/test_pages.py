"""The public pages answer without a sign-in, in people's words; the officers' and the portal's pages
change listings only through moderation."""
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.providers.choices import CqcRating
from commissioning.providers.tests.factories import ServiceFactory

from ..choices import ProposalStatus
from ..models import Listing, ListingProposal
from .factories import CommunityListingFactory

pytestmark = pytest.mark.django_db


def _home(name="Oak Lodge", lat="52.92321", lon="-1.47399", **kwargs):
    return Listing.objects.get(service=ServiceFactory(name=name, latitude=lat, longitude=lon, **kwargs))


def test_the_search_page_opens_without_signing_in_and_finds_by_postcode_and_need(client):
    near = _home("Oak Lodge")
    _home("Elm Court", lat="52.95000", lon="-1.50000")
    CommunityListingFactory(name="Lunch club")
    assert client.get("/directory/").status_code == 200
    page = client.get("/directory/", {"postcode": "de1 2fs", "service_type": "care-home-standard"}).content.decode()
    assert "2 results within 10 km of DE1 2FS, nearest first" in page
    assert page.index("Oak Lodge") < page.index("Elm Court") and "Lunch club" not in page
    assert "less than 0.1 miles" in page and "miles (" in page
    assert f'href="/directory/services/{near.pk}/' in page


def test_an_outward_code_finds_what_is_in_and_near_the_district(client):
    _home("Oak Lodge")
    page = client.get("/directory/", {"postcode": "DE1"}).content.decode()
    assert "1 result within 10 km of DE1" in page


def test_a_postcode_we_do_not_know_is_refused_with_a_message(client):
    page = client.get("/directory/", {"postcode": "XX1 1XX"}).content.decode()
    assert "There is a problem" in page and "We cannot find that postcode" in page


def test_the_service_page_says_what_where_who_quality_vacancies_price_contact_and_access(client):
    listing = _home(cqc_rating=CqcRating.GOOD, cqc_rating_date="2025-06-01")
    Listing.objects.filter(pk=listing.pk).update(
        beds_vacant=2, vacancies_week=date(2026, 11, 30), self_funder_price_pence=125000, price_unit="week",
        accessibility="Step-free entrance and a hearing loop", telephone="01332 123456", description="A warm home.")
    page = client.get(f"/directory/services/{listing.pk}/").content.decode()
    for words in ("Oak Lodge", "A warm home.", "Care home (residential)", "Good", "1 June 2025",
                  f"https://www.cqc.org.uk/location/{listing.cqc_location_id}", "2 vacant beds",
                  "30 November 2026", "£1,250 a week", "01332 123456", "Step-free entrance", "Last checked"):
        assert words in page, words


def test_a_listing_not_shown_is_not_found(client):
    hidden = CommunityListingFactory(published=False)
    assert client.get(f"/directory/services/{hidden.pk}/").status_code == 404


def test_the_open_data_csv_has_every_published_service(client):
    _home("Oak Lodge")
    CommunityListingFactory(name="Lunch club")
    CommunityListingFactory(name="Hidden club", published=False)
    body = client.get("/directory/open-data/services.csv").content.decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("Name,Organisation,Kind") and len(lines) == 3
    assert "Lunch club" in body and "Hidden club" not in body and "Care home (residential)" in body


def test_an_organisation_proposes_a_listing_and_it_shows_only_once_approved(client, make_user):
    data = {"name": "Chaddesden Men's Shed", "organisation_name": "Chaddesden Men's Shed CIC",
            "description": "Woodwork and company", "address_line_1": "Corporation Street", "town": "Derby",
            "postcode": "de12fs", "service_types": ["day-opportunities"], "accepts_self_funders": "on",
            "proposer_name": "Pat Jones", "proposer_email": "pat@shed.example"}
    refused = client.post("/directory/add-your-service/", {**data, "name": "", "postcode": "nowhere"})
    assert refused.status_code == 200 and "Enter the name of the service" in refused.content.decode()
    assert "Enter a full postcode" in refused.content.decode() and not ListingProposal.objects.exists()

    assert client.post("/directory/add-your-service/", data).status_code == 302
    proposal = ListingProposal.objects.get()
    assert proposal.status == ProposalStatus.PENDING and not Listing.objects.filter(name=data["name"]).exists()

    client.force_login(make_user(Role.PROCUREMENT_OFFICER))
    assert "Chaddesden" in client.get("/directory/manage/").content.decode()
    no_reason = client.post(f"/directory/manage/proposals/{proposal.pk}/", {"decision": "reject"})
    assert "Say why" in no_reason.content.decode()
    client.post(f"/directory/manage/proposals/{proposal.pk}/", {"decision": "approve"})
    listing = Listing.objects.get(name=data["name"])
    assert listing.published and listing.postcode == "DE1 2FS" and listing.owner_email == "pat@shed.example"
    assert listing.verified_on is not None
    client.logout()
    assert "Men&#x27;s Shed" in client.get("/directory/", {"service_type": "day-opportunities"}).content.decode()


@override_settings(ACCOUNT_RATE_LIMITS={**settings.ACCOUNT_RATE_LIMITS, "directory_proposal": "2/h/ip"})
def test_one_address_cannot_flood_the_officers_with_proposals(client):
    cache.clear()
    data = {"name": "Lunch club", "organisation_name": "Friends of Allestree", "description": "Hot lunches",
            "address_line_1": "Park Lane", "town": "Derby", "postcode": "DE22 2DN",
            "service_types": ["day-opportunities"], "proposer_name": "Pat Jones", "proposer_email": "pat@a.example"}
    # A proposal refused for its own errors does not count against the address
    assert client.post("/directory/add-your-service/", {**data, "name": ""}).status_code == 200
    for n in range(2):
        assert client.post("/directory/add-your-service/", {**data, "name": f"Lunch club {n}"}).status_code == 302
    third = client.post("/directory/add-your-service/", {**data, "name": "Lunch club 3"})
    assert third.status_code == 429
    assert "as many proposals as we take from one place" in third.content.decode()
    assert "govuk-error-summary" in third.content.decode()
    assert ListingProposal.objects.count() == 2
    # Another address is not held back by the first
    other = client.post("/directory/add-your-service/", {**data, "name": "Lunch club 4"}, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 302 and ListingProposal.objects.count() == 3


def test_a_provider_updates_its_own_listing_through_moderation(client, provider_user, make_user):
    listing = _home(provider=provider_user.provider)
    client.force_login(provider_user)
    assert "Oak Lodge" in client.get("/portal/directory/").content.decode()
    form = {"description": "Forty rooms with a garden", "accepts_council_funded": "on", "accepts_self_funders": "on",
            "price": "999.5x", "price_unit": "week"}
    assert "Enter the price in pounds" in client.post(f"/portal/directory/{listing.pk}/", form).content.decode()
    client.post(f"/portal/directory/{listing.pk}/", {**form, "price": "1100.00"})
    proposal = ListingProposal.objects.get(listing=listing)
    assert proposal.changes["self_funder_price_pence"] == 110000
    listing.refresh_from_db()
    assert listing.description == ""  # not shown before an officer approves
    again = client.post(f"/portal/directory/{listing.pk}/", {**form, "price": "1200.00"})
    assert "already waiting" in again.content.decode()

    client.force_login(make_user(Role.LEAD_COMMISSIONER))
    client.post(f"/directory/manage/proposals/{proposal.pk}/", {"decision": "approve"})
    listing.refresh_from_db()
    assert listing.description == "Forty rooms with a garden" and listing.self_funder_price_pence == 110000


def test_a_provider_cannot_change_what_the_register_holds(provider_user):
    from django.core.exceptions import ValidationError

    from ..services import proposal_submit

    listing = _home(provider=provider_user.provider)
    with pytest.raises(ValidationError, match="cannot be proposed"):
        proposal_submit(listing=listing, changes={"name": "Renamed"}, proposer_name="Sam",
                        proposer_email="sam@provider.example", by=provider_user)


def test_a_provider_says_its_listing_is_still_right(client, provider_user):
    listing = _home(provider=provider_user.provider)
    Listing.objects.filter(pk=listing.pk).update(verified_on=date(2024, 1, 1))
    client.force_login(provider_user)
    client.post(f"/portal/directory/{listing.pk}/", {"action": "verify"})
    listing.refresh_from_db()
    assert listing.verified_on > date.today() - timedelta(days=1)


def test_an_officer_takes_a_community_listing_out_with_a_reason(client, make_user):
    listing = CommunityListingFactory()
    client.force_login(make_user(Role.ADMINISTRATOR))
    assert "Say why" in client.post(f"/directory/manage/{listing.pk}/withdraw/", {"note": ""}).content.decode()
    client.post(f"/directory/manage/{listing.pk}/withdraw/", {"note": "The group has closed"})
    listing.refresh_from_db()
    assert not listing.published
    assert reverse("directory:listing", args=[listing.pk])


def test_a_provider_sees_and_changes_only_its_own_organisations_listings(client, provider_user,
                                                                            other_provider_user):
    own = _home("Own House", provider=provider_user.provider)
    theirs = _home("Their House", provider=other_provider_user.provider)
    client.force_login(provider_user)
    page = client.get("/portal/directory/").content.decode()
    assert "Own House" in page and "Their House" not in page
    assert client.get(f"/portal/directory/{theirs.pk}/").status_code == 404
    assert client.post(f"/portal/directory/{theirs.pk}/", {"action": "verify"}).status_code == 404
    assert client.get(f"/portal/directory/{own.pk}/").status_code == 200
