"""The JSON API for integrations: token auth, the same scoping as the pages, an OpenAPI document."""
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.core.models import AuditEvent
from commissioning.providers.models import Service
from commissioning.providers.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_a_token_reads_the_register_with_filters(commissioner):
    good = ServiceFactory(cqc_rating="good")
    ServiceFactory(cqc_rating="inadequate")
    response = api(commissioner).get("/api/v1/services/", {"cqc_rating": "good"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["cqc_location_id"] == good.cqc_location_id
    assert row["service_types"] == ["care-home-standard"]
    assert row["locality"] == "Central"
    assert row["provider_name"] == good.provider.name


def test_a_provider_token_sees_only_its_own_records(provider_user, other_provider):
    own = ServiceFactory(provider=provider_user.provider)
    ServiceFactory(provider=other_provider)
    client = api(provider_user)
    services = client.get("/api/v1/services/").json()
    providers = client.get("/api/v1/providers/").json()
    assert [s["id"] for s in services["results"]] == [own.pk]
    assert [p["id"] for p in providers["results"]] == [provider_user.provider_id]
    assert client.get(f"/api/v1/providers/{other_provider.pk}/").status_code == 404


def test_a_bad_token_is_refused(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/providers/").status_code == 401


def test_a_token_of_a_disabled_person_is_refused(commissioner):
    client = api(commissioner)
    commissioner.is_active = False
    commissioner.save()
    assert client.get("/api/v1/providers/").status_code == 401


def test_an_editor_creates_a_service_through_the_api_and_it_is_audited(commissioner, provider):
    response = api(commissioner).post("/api/v1/services/", {
        "provider": provider.pk, "name": "Cedar Lodge", "cqc_location_id": "1-555000111",
        "address_line_1": "2 Uttoxeter Road", "town": "Derby", "postcode": "de3 9aa",
        "service_types": ["care-home-nursing"], "specialisms": ["dementia"], "beds": 60,
        "cqc_rating": "good", "cqc_rating_date": "2025-02-01",
    }, format="json")
    assert response.status_code == 201, response.json()
    service = Service.objects.get(cqc_location_id="1-555000111")
    assert service.postcode == "DE3 9AA" and service.locality.name == "West"
    assert list(service.specialisms.values_list("code", flat=True)) == ["dementia"]
    event = AuditEvent.objects.get(object_id=service.pk, content_type__model="service")
    assert event.source == "api" and event.actor == commissioner


def test_bad_input_through_the_api_is_refused_with_field_errors(commissioner, provider):
    response = api(commissioner).post("/api/v1/services/", {
        "provider": provider.pk, "name": "X", "address_line_1": "1 Road", "town": "Derby",
        "postcode": "nowhere", "service_types": ["not-a-type"], "cqc_location_id": "12345",
    }, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"postcode", "service_types", "cqc_location_id"}
    assert not Service.objects.exists()


def test_a_patch_through_the_api_records_what_changed(quality_officer):
    service = ServiceFactory(beds=40)
    response = api(quality_officer).patch(f"/api/v1/services/{service.pk}/", {"beds": 44}, format="json")
    assert response.status_code == 200
    event = AuditEvent.objects.get(object_id=service.pk, action="updated")
    assert event.changes == {"Beds": [40, 44]}


def test_a_provider_user_cannot_write_through_the_api(provider_user):
    service = ServiceFactory(provider=provider_user.provider, beds=40)
    response = api(provider_user).patch(f"/api/v1/services/{service.pk}/", {"beds": 1}, format="json")
    assert response.status_code == 403
    service.refresh_from_db()
    assert service.beds == 40


def test_the_openapi_document_describes_the_endpoints(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json() if response["Content-Type"].endswith("json") else None
    if schema is None:
        import yaml

        schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/providers/", "/api/v1/providers/{id}/", "/api/v1/services/",
            "/api/v1/services/{id}/"} <= set(schema["paths"])
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_a_retired_service_type_is_refused_for_a_new_service_through_the_api_but_kept_on_an_old_one(
        commissioner, provider):
    from commissioning.providers.models import ServiceType

    ServiceType.objects.filter(code="care-home-nursing").update(retired=True)
    client = api(commissioner)
    response = client.post("/api/v1/services/", {
        "provider": provider.pk, "name": "Cedar Lodge", "address_line_1": "2 Uttoxeter Road", "town": "Derby",
        "postcode": "DE3 9AA", "service_types": ["care-home-nursing"], "beds": 60,
    }, format="json")
    assert response.status_code == 400
    assert response.json()["service_types"] == ["Care home with nursing is retired"]
    old = ServiceFactory(service_types=[ServiceType.objects.get(code="care-home-nursing")])
    response = client.patch(f"/api/v1/services/{old.pk}/", {
        "service_types": ["care-home-nursing"], "beds": 44}, format="json")
    assert response.status_code == 200, response.json()
