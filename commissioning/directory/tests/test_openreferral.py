"""The Open Referral UK API and downloads validate against the UK profile's own schemas (draft 2020-12,
with format checks), 0 errors; the profile's own examples validate against the same validators (so a
validator that let everything through would fail here), and our pages and CSV tables have the
examples' shape."""
import csv
import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from commissioning.providers.choices import CqcRating
from commissioning.providers.models import Specialism
from commissioning.providers.tests.factories import ServiceFactory

from .. import openreferral as oruk
from ..models import Listing
from .factories import CommunityListingFactory

PROFILE = Path(settings.SHARED_DATA_DIR) / "openreferral" / "uk-profile"
pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not PROFILE.exists(), reason="the Open Referral UK profile is not in the shared data")]


def _load(path: str) -> dict:
    return json.loads((PROFILE / path).read_text(encoding="utf-8"))


def _validator(path: str) -> Draft202012Validator:
    registry = Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8")), default_specification=DRAFT202012))
        for p in (PROFILE / "schema").glob("*.json"))
    return Draft202012Validator(_load(path), registry=registry, format_checker=FormatChecker())


SCHEMAS = {
    "service": "schema/compiled/service.json",
    "service_list": "schema/compiled/service_list.json",
    "service_at_location_list": "schema/compiled/service_at_location_list.json",
    "organization": "schema/compiled/organization.json",
    "organization_list": "schema/compiled/organization_list.json",
    "taxonomy": "schema/taxonomy.json",
    "taxonomy_term": "schema/taxonomy_term.json",
}


def _errors(kind: str, document) -> list[str]:
    found = _validator(SCHEMAS[kind]).iter_errors(document)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


def _page_errors(kind: str, page: dict) -> list[str]:
    page_schema = _load("schema/openapi.json")["components"]["schemas"]["Page"]
    errors = [e.message for e in Draft202012Validator(page_schema).iter_errors(page)]
    return errors + [error for item in page["contents"] for error in _errors(kind, item)]


@pytest.mark.parametrize(("example", "kind"), [
    ("examples/service_full.json", "service"), ("examples/organization_full.json", "organization"),
    ("examples/taxonomy.json", "taxonomy"), ("examples/taxonomy_term.json", "taxonomy_term")])
def test_the_profiles_own_examples_pass_the_validators_we_use(example, kind):
    assert _errors(kind, _load(example)) == []


@pytest.mark.parametrize(("example", "kind"), [
    ("examples/service_list.json", "service_list"), ("examples/organization_list.json", "organization_list"),
    ("examples/taxonomy_term_list.json", "taxonomy_term")])
def test_the_profiles_own_list_examples_pass_as_pages(example, kind):
    assert _page_errors(kind, _load(example)) == []


def test_the_validators_refuse_what_breaks_the_profile():
    broken = {**_load("examples/service_full.json"), "status": "sort of", "id": "not-a-uuid"}
    broken.pop("name")
    errors = _errors("service", broken)
    assert len(errors) >= 3 and any("name" in e for e in errors)


@pytest.fixture
def directory():
    dementia = Specialism.objects.get_or_create(code="dementia", defaults={"name": "Dementia"})[0]
    home = ServiceFactory(name="Oak Lodge", latitude="52.92321", longitude="-1.47399", cqc_rating=CqcRating.GOOD,
                          cqc_rating_date="2025-06-01", website="https://oak.example")
    home.specialisms.set([dementia])
    Listing.objects.filter(service=home).update(self_funder_price_pence=125000, price_unit="week",
                                                accessibility="Step-free", beds_vacant=2,
                                                vacancies_week=date(2026, 11, 30), telephone="01332 123456",
                                                email="hello@oak.example")
    far = ServiceFactory(name="Peak View", latitude="53.13000", longitude="-1.56000")
    club = CommunityListingFactory(name="Lunch club", website="")
    CommunityListingFactory(name="Closed club", published=False)
    return {"home": Listing.objects.get(service=home), "far": Listing.objects.get(service=far), "club": club}


def test_the_root_answers_the_profile_version(client):
    assert client.get("/openreferral/").json()["version"] == "3.0"


def test_services_validate_and_page_as_the_profile_says(client, directory):
    page = client.get("/openreferral/services", {"per_page": 2}).json()
    assert _page_errors("service_list", page) == []
    assert (page["total_items"], page["total_pages"], page["size"], page["first_page"], page["last_page"]) == \
        (3, 2, 2, True, False)
    second = client.get("/openreferral/services", {"per_page": 2, "page": 2}).json()
    assert second["size"] == 1 and second["last_page"] and not second["first_page"]
    names = {s["name"] for s in page["contents"] + second["contents"]}
    assert names == {"Oak Lodge", "Peak View", "Lunch club"}
    assert client.get("/openreferral/services", {"page": "x"}).status_code == 400
    assert client.get("/openreferral/services", {"search": "lunch"}).json()["total_items"] == 1


def test_one_service_validates_fully_nested(client, directory):
    home = directory["home"]
    body = client.get(f"/openreferral/services/{home.uuid}").json()
    assert _errors("service", body) == []
    assert body["cost_options"][0]["amount"] == 1250
    assert body["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "DE1 1BX"
    assert {a["taxonomy_term"]["name"] for a in body["attributes"]} == {"Care home (residential)", "Dementia"}
    assert client.get("/openreferral/services/not-a-uuid").status_code == 404
    hidden = Listing.objects.get(name="Closed club")
    assert client.get(f"/openreferral/services/{hidden.uuid}").status_code == 404


def test_service_at_locations_near_a_postcode_within_metres_nearest_first(client, directory):
    page = client.get("/openreferral/service_at_locations", {"postcode": "de1 2fs", "proximity": "5000"}).json()
    assert _page_errors("service_at_location_list", page) == []
    assert [c["service"]["name"] for c in page["contents"]] == ["Lunch club", "Oak Lodge"]
    wide = client.get("/openreferral/service_at_locations", {"postcode": "DE1", "proximity": "50000"}).json()
    assert wide["total_items"] == 3
    assert client.get("/openreferral/service_at_locations", {"postcode": "XX9"}).status_code == 400
    one = client.get(f"/openreferral/service_at_locations/{page['contents'][0]['id']}").json()
    assert _errors("service", one) == [] and one["name"] == "Lunch club"


def test_organizations_taxonomies_and_terms_validate(client, directory):
    organisations = client.get("/openreferral/organizations").json()
    assert _page_errors("organization_list", organisations) == [] and organisations["total_items"] == 3
    one = client.get(f"/openreferral/organizations/{organisations['contents'][0]['id']}").json()
    assert _errors("organization", one) == [] and one["services"]
    taxonomies = client.get("/openreferral/taxonomies").json()
    assert _page_errors("taxonomy", taxonomies) == [] and taxonomies["total_items"] == 3
    terms = client.get("/openreferral/taxonomy_terms", {"per_page": 500}).json()
    assert _page_errors("taxonomy_term", terms) == []
    dementia = next(t for t in terms["contents"] if t["name"] == "Dementia")
    assert _errors("taxonomy_term", client.get(f"/openreferral/taxonomy_terms/{dementia['id']}").json()) == []
    found = client.get("/openreferral/services", {"taxonomy_term_id": dementia["id"]}).json()
    assert [s["name"] for s in found["contents"]] == ["Oak Lodge"]


def test_the_bulk_json_is_every_service_and_validates(client, directory):
    response = client.get("/openreferral/bulk/services.json")
    assert "attachment" in response["Content-Disposition"]
    body = response.json()
    assert body["total_items"] == 3 and _page_errors("service", body) == []


def test_the_bulk_csv_tables_have_the_profiles_columns(client, directory):
    archive = zipfile.ZipFile(io.BytesIO(client.get("/openreferral/bulk/csv/download/").content))
    for table, columns in oruk.CSV_TABLES.items():
        rows = list(csv.reader(io.StringIO(archive.read(f"{table}.csv").decode())))
        example = PROFILE / "examples" / "csv" / f"{table}.csv"
        if example.exists():
            expected = next(csv.reader(io.StringIO(example.read_text(encoding="utf-8-sig").replace("\r\r\n", "\n"))))
            assert rows[0] == expected, table
        assert rows[0] == columns
    services = list(csv.DictReader(io.StringIO(archive.read("services.csv").decode())))
    assert len(services) == 3 and {s["name"] for s in services} == {"Oak Lodge", "Peak View", "Lunch club"}
