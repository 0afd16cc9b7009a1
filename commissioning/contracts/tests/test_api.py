"""The register through the API: council staff read every contract, a provider user only those its
own organisation supplies (never a list's entry, which has no single supplier), anyone signed out
nothing; the register page's filters apply and refuse what is not a choice."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers.tests.factories import ProviderFactory

from ..models import ContractFunding
from .factories import ContractFactory, directorate

pytestmark = pytest.mark.django_db
URL = "/api/v1/contracts/"


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def _references(response):
    assert response.status_code == 200, response.content
    return {row["reference"] for row in response.json()["results"]}


@pytest.fixture
def register(provider_user, other_provider_user):
    ours = ContractFactory(reference="OURS-1", supplier=provider_user.provider,
                           directorate=directorate("Public Health"))
    theirs = ContractFactory(reference="THEIRS-1", supplier=other_provider_user.provider, status="ended")
    ContractFunding.objects.create(contract=ours, kind="nhs_icb", funder_name="NHS Derby and Derbyshire ICB",
                                   financial_year=2026, amount_pence=12_345_67)
    OpenListFactory(reference="LIST-1")
    return {"ours": ours, "theirs": theirs}


def test_anyone_signed_out_is_refused_the_register_api(client, register):
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}{register['ours'].pk}/").status_code == 401


def test_council_staff_read_every_contract_with_its_funders(administrator, register):
    assert _references(api(administrator).get(URL)) == {"OURS-1", "THEIRS-1", "LIST-1"}
    row = api(administrator).get(f"{URL}{register['ours'].pk}/").json()
    assert row["supplier_name"] == register["ours"].supplier.name and row["directorate"] == "Public Health"
    assert row["value_pence"] == 300_000_00 and row["status"] == "live"
    assert row["funding"] == [{"kind": "nhs_icb", "funder": "NHS Derby and Derbyshire ICB", "financial_year": 2026,
                               "amount_pence": 12_345_67}]


def test_a_provider_user_reads_only_the_contracts_its_organisation_supplies(provider_user, register):
    client = api(provider_user)
    assert _references(client.get(URL)) == {"OURS-1"}
    assert client.get(f"{URL}{register['ours'].pk}/").status_code == 200
    assert client.get(f"{URL}{register['theirs'].pk}/").status_code == 404
    list_entry = register["ours"].__class__.objects.get(reference="LIST-1")
    assert client.get(f"{URL}{list_entry.pk}/").status_code == 404
    assert _references(client.get(URL, {"status": "ended"})) == set()


def test_the_register_pages_filters_apply(administrator, register):
    client = api(administrator)
    assert _references(client.get(URL, {"status": "ended"})) == {"THEIRS-1"}
    assert _references(client.get(URL, {"directorate": directorate("Public Health").pk})) == {"OURS-1"}
    assert _references(client.get(URL, {"supplier": register["theirs"].supplier_id})) == {"THEIRS-1"}
    assert _references(client.get(URL, {"q": "ours-1"})) == {"OURS-1"}


def test_a_filter_that_is_not_a_choice_is_refused(administrator, provider_user, register):
    response = api(administrator).get(URL, {"status": "sort-of"})
    assert response.status_code == 400 and "status" in response.json()
    # A provider user may not filter by another organisation: it is not one of its choices.
    assert api(provider_user).get(URL, {"supplier": register["theirs"].supplier_id}).status_code == 400


def test_the_register_api_pages_its_rows(administrator, register):
    for _ in range(3):
        ContractFactory(supplier=ProviderFactory())
    page = api(administrator).get(URL, {"limit": 2}).json()
    assert page["count"] == 6 and len(page["results"]) == 2 and "offset=2" in page["next"]


def test_a_page_of_the_register_api_reads_the_same_queries_for_ten_times_the_rows(administrator, register):
    client = api(administrator)
    client.get(URL)  # the token and the plan of the serializer are made once
    with CaptureQueriesContext(connection) as once:
        assert client.get(URL).status_code == 200
    for n in range(27):
        contract = ContractFactory(supplier=ProviderFactory())
        ContractFunding.objects.create(contract=contract, kind="nhs_icb", funder_name=f"ICB {n}",
                                       financial_year=2026, amount_pence=1_00)
    with CaptureQueriesContext(connection) as tenfold:
        assert len(client.get(URL).json()["results"]) == 30
    assert len(tenfold) == len(once)
