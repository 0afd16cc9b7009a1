"""The public search: by place (full postcode or outward code, any spacing or case), need and name,
with its filters, nearest first; the prefilter finds exactly what a scan of every row finds."""
import pytest

from commissioning.providers.choices import CqcRating
from commissioning.providers.models import ClientGroup, ServiceType, Specialism
from commissioning.providers.tests.factories import ServiceFactory

from ..domain.geo import bounding_box, haversine_km
from ..models import Listing
from ..selectors import Search, place_for, search_listings
from .factories import CommunityListingFactory

pytestmark = pytest.mark.django_db


def test_a_full_postcode_or_an_outward_code_in_any_spacing_or_case_is_a_place():
    assert place_for("de12fs").shown == "DE1 2FS"
    assert place_for("  De1   2fS ").latitude == place_for("DE1 2FS").latitude
    district = place_for("de22")
    assert district.shown == "DE22" and 52.8 < district.latitude < 53.0
    assert place_for("ZZ99 9ZZ") is None and place_for("not a place") is None and place_for("") is None


def test_the_box_holds_every_point_within_the_radius():
    south, north, west, east = bounding_box(52.92, -1.47, 10)
    for bearing_lat, bearing_lon in ((north, -1.47), (south, -1.47), (52.92, east), (52.92, west)):
        assert haversine_km(52.92, -1.47, bearing_lat, bearing_lon) == pytest.approx(10, rel=0.01)


def _care(name, postcode, lat, lon, **kwargs):
    return ServiceFactory(name=name, postcode=postcode, latitude=lat, longitude=lon, **kwargs)


def test_results_come_nearest_first_with_their_distance_and_only_within_the_radius():
    near = _care("Near House", "DE1 2FS", "52.92321", "-1.47399")
    middle = _care("Middle House", "DE22 1AA", "52.93500", "-1.51000")
    _care("Far House", "DE4 3AA", "53.13000", "-1.56000")  # about 24 km north
    found = list(search_listings(Search(place=place_for("DE1 2FS"), radius_km=10)))
    assert [row.name for row in found] == [near.name, middle.name]
    assert found[0].distance_km < 0.01 and 2 < found[1].distance_km < 4


def test_the_prefilter_finds_what_a_scan_of_every_row_finds():
    points = [("52.90000", "-1.40000"), ("52.99000", "-1.47000"), ("52.92270", "-1.62000"), ("52.84000", "-1.47000"),
              ("53.01000", "-1.30000"), ("52.92000", "-1.48000")]
    for i, (lat, lon) in enumerate(points):
        _care(f"Home {i}", "DE1 2FS", lat, lon)
    wanted = Search(place=place_for("DE1 2FS"), radius_km=10)
    boxed = [(r.pk, round(r.distance_km, 6)) for r in search_listings(wanted)]
    scanned = [(r.pk, round(r.distance_km, 6)) for r in search_listings(wanted, prefilter=False)]
    assert boxed == scanned and len(boxed) == 5
    for row in search_listings(wanted):
        assert row.distance_km == pytest.approx(haversine_km(52.92321, -1.47399, row.latitude, row.longitude), abs=1e-6)


def test_needs_name_and_filters_narrow_the_results():
    dementia = Specialism.objects.get_or_create(code="dementia", defaults={"name": "Dementia"})[0]
    older = ClientGroup.objects.get_or_create(code="older-people", defaults={"name": "Older people"})[0]
    home = _care("Oak Lodge", "DE1 2FS", "52.92321", "-1.47399", cqc_rating=CqcRating.OUTSTANDING)
    home.specialisms.set([dementia])
    home.client_groups.set([older])
    other = _care("Elm Court", "DE1 2FS", "52.92300", "-1.47500", cqc_rating=CqcRating.REQUIRES_IMPROVEMENT)
    club = CommunityListingFactory(name="Lunch club", accepts_council_funded=False)
    everyone = {home.pk, other.pk}

    def names(**kwargs):
        return {row.name for row in search_listings(Search(**kwargs))}

    assert names(specialism="dementia") == {"Oak Lodge"}
    assert names(client_group="older-people") == {"Oak Lodge"}
    assert names(service_type="care-home-standard") == {"Oak Lodge", "Elm Court"}
    assert names(service_type="day-opportunities") == {"Lunch club"}
    assert names(name="oak") == {"Oak Lodge"}
    assert names(name="derby voluntary") == {"Lunch club"}
    assert names(ratings=[CqcRating.OUTSTANDING, CqcRating.GOOD]) == {"Oak Lodge"}
    assert names(who="council") == {"Oak Lodge", "Elm Court"}
    assert names(who="self") == {"Oak Lodge", "Elm Court", "Lunch club"}
    assert names(contracted="yes") == set() and names(contracted="no") == {"Oak Lodge", "Elm Court", "Lunch club"}
    assert {r.pk for r in Listing.objects.filter(service__in=everyone)} and club.pk


def test_a_closed_service_or_a_withdrawn_listing_is_not_found():
    from commissioning.providers.services import service_change_status

    home = _care("Closing House", "DE1 2FS", "52.92321", "-1.47399")
    CommunityListingFactory(name="Old club", published=False)
    service_change_status(service=home, event="close", by=None, note="Deregistered")
    assert list(search_listings(Search())) == []


def test_the_register_keeps_care_listings_true():
    home = _care("Ash House", "DE1 2FS", "52.92321", "-1.47399")
    listing = Listing.objects.get(service=home)
    assert listing.organisation_name == home.provider.name and listing.service_type_codes == "|care-home-standard|"
    home.name, home.cqc_rating = "Ash House Nursing", CqcRating.INADEQUATE
    home.save()
    home.service_types.add(ServiceType.objects.get(code="care-home-nursing"))
    listing.refresh_from_db()
    assert listing.name == "Ash House Nursing" and listing.cqc_rating == CqcRating.INADEQUATE
    assert Listing.codes(listing.service_type_codes) == ["care-home-nursing", "care-home-standard"]


def test_a_vacancy_return_and_a_list_membership_show_on_the_listing(provider_user):
    from datetime import date

    from commissioning.intelligence.services import vacancy_return_submit
    from commissioning.procurement.tests.factories import MembershipFactory

    home = _care("Birch House", "DE1 2FS", "52.92321", "-1.47399", provider=provider_user.provider)
    vacancy_return_submit(service=home, week_start=date(2026, 11, 30), beds_maximum=40, beds_occupied=37,
                          by=provider_user)
    MembershipFactory(provider=home.provider)
    listing = Listing.objects.get(service=home)
    assert listing.beds_vacant == 3 and listing.vacancies_week == date(2026, 11, 30)
    assert listing.council_contracted
    assert [r.name for r in search_listings(Search(vacancies=True, contracted="yes"))] == ["Birch House"]
