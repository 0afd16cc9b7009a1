"""The provider register as council officers and provider users use it in the browser."""
import pytest
from django.urls import reverse

from commissioning.core.models import AuditEvent
from commissioning.providers.choices import CqcRating, ProviderStatus
from commissioning.providers.models import Locality, Provider, Service, ServiceType
from commissioning.providers.tests.factories import CouncilOnlyServiceFactory, ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db

VALID_PROVIDER = {
    "name": "Riverside Care", "legal_name": "Riverside Care Ltd", "companies_house_number": "04273753",
    "cqc_provider_id": "1-101641521", "status": "active", "contact_name": "Jo Bloggs",
    "contact_email": "jo@riverside.example", "contact_phone": "01332 000000", "website": "", "address": "",
}


def test_commissioner_adds_a_provider_and_it_shows_on_its_history(client_for, commissioner):
    response = client_for(commissioner).post(reverse("providers:provider_create"), VALID_PROVIDER)
    provider = Provider.objects.get(name="Riverside Care")
    assert response.status_code == 302 and response["Location"] == provider.get_absolute_url()
    event = AuditEvent.objects.get(object_id=provider.pk, content_type__model="provider")
    assert event.actor == commissioner and event.action == "created"
    assert event.changes["Legal name"] == ["", "Riverside Care Ltd"]


def test_editing_a_provider_records_who_changed_what(client_for, commissioner):
    provider = ProviderFactory(contact_name="Old Name")
    data = {**VALID_PROVIDER, "name": provider.name, "legal_name": provider.legal_name,
            "cqc_provider_id": provider.cqc_provider_id, "contact_name": "New Name",
            "companies_house_number": provider.companies_house_number}
    client = client_for(commissioner)
    client.post(reverse("providers:provider_edit", args=[provider.pk]), data)
    event = AuditEvent.objects.filter(object_id=provider.pk, action="updated").get()
    assert event.changes == {"Main contact name": ["Old Name", "New Name"],
                             "Main contact email": [provider.contact_email, "jo@riverside.example"],
                             "Main contact telephone": ["", "01332 000000"]}
    page = client.get(provider.get_absolute_url()).content.decode()
    assert "New Name" in page and str(commissioner) in page and "Main contact name" in page


def test_saving_without_changes_adds_no_history(client_for, commissioner):
    provider = ProviderFactory()
    data = {f: getattr(provider, f) or "" for f in VALID_PROVIDER}
    client_for(commissioner).post(reverse("providers:provider_edit", args=[provider.pk]), data)
    assert not AuditEvent.objects.filter(object_id=provider.pk, action="updated").exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "", "This field is required"),
    ("companies_house_number", "123", "Enter a Companies House number"),
    ("cqc_provider_id", "101641521", "Enter a CQC ID in the format"),
    ("contact_email", "not-an-email", "Enter a valid email address"),
])
def test_bad_provider_details_are_refused_with_a_clear_message(client_for, commissioner, field, value, message):
    response = client_for(commissioner).post(reverse("providers:provider_create"), {**VALID_PROVIDER, field: value})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert page.count("govuk-error-message") >= 1
    assert not Provider.objects.filter(legal_name="Riverside Care Ltd").exists()


def test_a_cqc_provider_id_cannot_be_used_twice(client_for, commissioner):
    ProviderFactory(cqc_provider_id="1-101641521")
    response = client_for(commissioner).post(reverse("providers:provider_create"), VALID_PROVIDER)
    assert "Provider with this CQC provider ID already exists" in response.content.decode()


def _service_data(**overrides):
    types = ServiceType.objects.filter(code__in=["care-home-nursing"])
    data = {
        "name": "Oak House", "cqc_location_id": "1-2000000001", "status": "active",
        "address_line_1": "1 Friar Gate", "address_line_2": "", "town": "Derby", "postcode": "de1 1bx",
        "latitude": "", "longitude": "", "locality": "", "service_types": [t.pk for t in types],
        "beds": "48", "hours_per_week": "", "cqc_rating": "good", "cqc_rating_date": "2025-03-01",
        "telephone": "", "website": "",
    }
    data.update(overrides)
    return data


def test_adding_a_service_fills_locality_and_normalises_the_postcode(client_for, commissioner, provider):
    client_for(commissioner).post(reverse("providers:service_create", args=[provider.pk]), _service_data())
    service = Service.objects.get(name="Oak House")
    assert service.provider == provider
    assert service.postcode == "DE1 1BX"
    assert service.locality == Locality.objects.get(name="Central")
    assert list(service.service_types.values_list("code", flat=True)) == ["care-home-nursing"]


def test_a_service_takes_coordinates_from_the_ons_postcode_lookup(client_for, commissioner, provider, settings):
    from commissioning.providers import geo

    if not (settings.SHARED_DATA_DIR / geo.POSTCODE_FILE).exists():
        pytest.skip("The shared ONS postcode lookup is not present on this machine")
    client_for(commissioner).post(reverse("providers:service_create", args=[provider.pk]),
                                  _service_data(postcode="DE1 0AA"))
    service = Service.objects.get(name="Oak House")
    assert (str(service.latitude), str(service.longitude)) == ("52.91505", "-1.46613")


def test_a_council_only_service_needs_no_cqc_registration(client_for, commissioner, provider):
    day = ServiceType.objects.get(code="day-opportunities")
    data = _service_data(name="Community Day Centre", cqc_location_id="", cqc_rating="", cqc_rating_date="",
                         beds="", service_types=[day.pk])
    response = client_for(commissioner).post(reverse("providers:service_create", args=[provider.pk]), data)
    service = Service.objects.get(name="Community Day Centre")
    assert response.status_code == 302
    assert service.cqc_location_id is None and not service.is_cqc_registered


@pytest.mark.parametrize(("overrides", "message"), [
    ({"postcode": "NOT A POSTCODE"}, "Enter a real postcode"),
    ({"service_types": []}, "Select at least one service type"),
    ({"cqc_location_id": "", "cqc_rating": "good"}, "A CQC rating needs a CQC location ID"),
    ({"cqc_location_id": "2-123"}, "Enter a CQC ID in the format"),
    ({"beds": "-3"}, "Ensure this value is greater than or equal to 0"),
])
def test_bad_service_details_are_refused(client_for, commissioner, provider, overrides, message):
    response = client_for(commissioner).post(reverse("providers:service_create", args=[provider.pk]),
                                             _service_data(**overrides))
    assert message in response.content.decode()
    assert not Service.objects.exists()


def test_changing_a_rating_shows_on_the_service_and_provider_history(client_for, quality_officer):
    service = ServiceFactory(cqc_rating=CqcRating.GOOD)
    data = _service_data(name=service.name, cqc_location_id=service.cqc_location_id,
                         cqc_rating="requires_improvement", beds="40", postcode=service.postcode,
                         service_types=list(service.service_types.values_list("pk", flat=True)))
    client = client_for(quality_officer)
    client.post(reverse("providers:service_edit", args=[service.pk]), data)
    event = AuditEvent.objects.get(object_id=service.pk, action="updated")
    assert event.changes["CQC rating"] == ["Good", "Requires improvement"]
    assert event.actor == quality_officer
    assert "Requires improvement" in client.get(service.provider.get_absolute_url()).content.decode()


def test_filters_narrow_the_provider_list(client_for, broker):
    home = ServiceFactory(cqc_rating=CqcRating.INADEQUATE)
    day = CouncilOnlyServiceFactory(name="Meadow Community Hub", locality=Locality.objects.get(name="East"))
    ProviderFactory(name="Closed Co", status=ProviderStatus.CEASED)
    client = client_for(broker)

    def names(**params):
        response = client.get(reverse("providers:provider_list"), params)
        return {p.name for p in response.context["page_obj"]}

    assert names(cqc_rating="inadequate") == {home.provider.name}
    assert names(locality=Locality.objects.get(name="East").pk) == {day.provider.name}
    assert names(market_area="care_homes") == {home.provider.name}
    assert names(service_type=ServiceType.objects.get(code="day-opportunities").pk) == {day.provider.name}
    assert names(status="ceased") == {"Closed Co"}
    assert names(q=home.cqc_location_id) == {home.provider.name}
    assert names(q="community hub") == {day.provider.name}


def test_an_unknown_filter_value_is_reported_not_ignored(client_for, broker):
    response = client_for(broker).get(reverse("providers:provider_list"), {"cqc_rating": "brilliant"})
    assert "Select a valid choice" in response.content.decode()


def test_htmx_filtering_returns_only_the_results(client_for, broker):
    ServiceFactory()
    response = client_for(broker).get(reverse("providers:service_list"), {"q": "Service"},
                                      HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    page = response.content.decode()
    assert "<table" in page and "<html" not in page


def test_a_provider_user_sees_only_its_own_organisation_in_lists(client_for, provider_user, other_provider):
    own = ServiceFactory(provider=provider_user.provider)
    other = ServiceFactory(provider=other_provider)
    client = client_for(provider_user)
    providers = client.get(reverse("providers:provider_list")).content.decode()
    services = client.get(reverse("providers:service_list")).content.decode()
    portal = client.get(reverse("portal:home")).content.decode()
    for page in (providers, services, portal):
        assert own.provider.name in page
        assert other.provider.name not in page and other.name not in page
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(other_provider.get_absolute_url()).status_code == 404


def test_a_saved_date_is_shown_in_the_govuk_date_input_as_day_month_and_year(client_for, quality_officer):
    service = ServiceFactory(cqc_rating_date="2025-06-01")
    page = client_for(quality_officer).get(reverse("providers:service_edit", args=[service.pk])).content.decode()
    for box, value in (("day", "1"), ("month", "6"), ("year", "2025")):
        assert f'name="cqc_rating_date_{box}" type="text" inputmode="numeric" value="{value}"' in page
