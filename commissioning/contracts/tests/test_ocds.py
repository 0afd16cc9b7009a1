"""The contracts register published as OCDS 1.1.5 open data: valid against the standard, the UK
profile and the budget breakdown extension; funders to the penny; spend per month; each call-off its
own process linked to its list's; nothing about a person; a page at a time in a fixed number of queries."""
import json
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from commissioning.brokerage.models import Agreement, CareRequest, Person
from commissioning.core.tests.ocds_schemas import errors, validators
from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers.tests.factories import ProviderFactory

from .. import ocds
from ..domain.spend import commissioned
from ..models import Contract, ContractFunding, ContractPayment, PooledBudget
from .factories import ContractFactory, call_off, directorate, paid_lines

pytestmark = pytest.mark.django_db
URL = "/api/v1/ocds/contracts/"
PREFIX = settings.OCDS_OCID_PREFIX


@pytest.fixture(scope="module")
def schemas():
    return validators(("ocds_budget_breakdown_extension",))


def _package(path=URL, **params):
    response = APIClient().get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


def _by_ocid(package, ocid):
    return [r for r in package["releases"] if r["ocid"] == ocid]


def _all_releases(path=URL):
    """Every release of every page, following `links.next`."""
    releases, page = [], _package(path)
    while True:
        releases += page["releases"]
        if "next" not in page.get("links", {}):
            return releases
        page = _package(page["links"]["next"])


@pytest.fixture
def register(administrator):
    """A jointly funded contract with a charity, and a list with two call-offs paid in two months."""
    charity = ProviderFactory(name="Derwent Carers Trust", companies_house_number="")
    contract = ContractFactory(reference="DCC-0042", title="Carers support", supplier=charity,
                               supplier_charity_number="1123456", annual_value_pence=100_000_00)
    pool = PooledBudget.objects.create(name="Better Care Fund", agreement="Section 75 agreement 2025 to 2027",
                                       host=directorate())
    lines = [
        ContractFunding.objects.create(contract=contract, kind="directorate", directorate=directorate("Public Health"),
                                       financial_year=2026, amount_pence=40_000_01),
        ContractFunding.objects.create(contract=contract, kind="nhs_icb", funder_name="NHS Derby and Derbyshire ICB",
                                       financial_year=2026, amount_pence=35_000_33),
        ContractFunding.objects.create(contract=contract, kind="pooled_budget", pooled_budget=pool,
                                       financial_year=2026, amount_pence=24_999_66),
        ContractFunding.objects.create(contract=contract, kind="directorate", directorate=directorate("Public Health"),
                                       financial_year=2027, amount_pence=100_000_00),
    ]
    approved_list = OpenListFactory(reference="HC2026", name="Home care", start_date=date(2026, 4, 1),
                                    term_months=24)
    alder, birch = ProviderFactory(name="Alder Home Care"), ProviderFactory(name="Birch Care")
    first = call_off(approved_list, provider=alder, weekly_cost_pence=250_00, start=date(2026, 4, 6),
                     by=administrator)
    call_off(approved_list, provider=birch, weekly_cost_pence=99_00, status="declined", by=administrator)
    second = call_off(approved_list, provider=birch, weekly_cost_pence=180_50, start=date(2026, 5, 4),
                      status="ended", by=administrator)
    paid_lines(alder, [(first, 1_000_01)], period_start=date(2026, 10, 5))
    paid_lines(alder, [(first, 250_00)], period_start=date(2026, 10, 19))
    paid_lines(birch, [(second, 361_00)], period_start=date(2026, 10, 19))
    paid_lines(alder, [(first, 500_00)], period_start=date(2026, 11, 2))
    paid_lines(alder, [(first, 999_99)], period_start=date(2026, 11, 9), status="approved")  # not paid yet
    ContractFactory(reference="DCC-PLAN", status="planned")
    return {"contract": contract, "lines": lines, "list": approved_list, "entry": approved_list.register_entry,
            "first": first, "second": second, "alder": alder, "birch": birch}


def test_the_register_is_valid_ocds_1_1_5_in_the_uk_profile_with_the_budget_breakdown(register, schemas):
    package = _package()
    assert errors(schemas["package"], package) == []
    for release in package["releases"]:
        assert errors(schemas["uk_release"], release) == [], release["id"]
    assert len({r["id"] for r in package["releases"]}) == len(package["releases"])
    one = _package(f"{URL}HC2026/")
    assert errors(schemas["package"], one) == []
    assert "ocds_budget_breakdown_extension" in " ".join(package["extensions"])


def test_an_invalid_budget_breakdown_fails_the_extension(register, schemas):
    (release,) = [r for r in _package()["releases"] if "planning" in r]
    release["planning"]["budget"]["budgetBreakdown"][0]["id"] = ""
    release["planning"]["budget"]["budgetBreakdown"].append("not a line")
    assert len(errors(schemas["uk_release"], release)) == 2


def test_a_contract_release_has_its_award_contract_supplier_and_value(register):
    (release,) = _by_ocid(_package(), f"{PREFIX}-contract-DCC-0042")
    assert release["tag"] == ["contract"] and release["initiationType"] == "tender"
    (award,), (deal,) = release["awards"], release["contracts"]
    period = {"startDate": "2025-04-01T00:00:00+01:00", "endDate": "2028-03-31T23:59:59+01:00"}
    assert award["value"] == deal["value"] == {"amount": 300_000, "currency": "GBP"}
    assert award["contractPeriod"] == deal["period"] == period
    assert deal["awardID"] == award["id"] == "DCC-0042" and deal["status"] == "active"
    charity = register["contract"].supplier
    supplier = {"id": "GB-CHC-1123456", "name": "Derwent Carers Trust"}
    assert award["suppliers"] == [supplier]
    party = next(p for p in release["parties"] if p["id"] == supplier["id"])
    assert party["roles"] == ["supplier"]
    assert party["identifier"] == {"scheme": "GB-CHC", "id": "1123456", "legalName": charity.legal_name}
    assert release["buyer"] == {"id": "GB-PPON-PQVM-1383-ZBXP", "name": settings.COUNCIL_NAME}


def test_the_budget_breakdown_is_the_funding_lines_to_the_penny_with_funders_as_parties(register):
    (release,) = _by_ocid(_package(), f"{PREFIX}-contract-DCC-0042")
    budget = release["planning"]["budget"]
    lines = register["lines"]
    pence = [round(line["amount"]["amount"] * 100) for line in budget["budgetBreakdown"]]
    assert pence == [line.amount_pence for line in lines]
    assert [json.dumps(line["amount"]["amount"]) for line in budget["budgetBreakdown"]] == [
        "40000.01", "35000.33", "24999.66", "100000"]
    assert round(budget["amount"]["amount"] * 100) == sum(line.amount_pence for line in lines)
    assert budget["budgetBreakdown"][0]["period"] == {"startDate": "2026-04-01T00:00:00+01:00",
                                                      "endDate": "2027-03-31T23:59:59+01:00"}
    assert budget["budgetBreakdown"][3]["period"]["startDate"] == "2027-04-01T00:00:00+01:00"
    funders = {p["id"]: p for p in release["parties"] if "funder" in p["roles"]}
    sources = [line["sourceParty"] for line in budget["budgetBreakdown"]]
    assert {s["id"] for s in sources} == set(funders)  # every source is a funder party, and only those
    assert [s["name"] for s in sources] == [f"{settings.COUNCIL_NAME}: Public Health", "NHS Derby and Derbyshire ICB",
                                            "Better Care Fund", f"{settings.COUNCIL_NAME}: Public Health"]
    assert all(p["roles"] == ["funder", "sourceParty"] for p in funders.values())
    assert len(funders) == 3  # the department funding two years is one party


def test_a_contract_without_funders_has_no_planning_section(register):
    ContractFactory(reference="DCC-0099")
    (release,) = _by_ocid(_package(), f"{PREFIX}-contract-DCC-0099")
    assert "planning" not in release
    assert [p["roles"] for p in release["parties"]][1:] == [["supplier"]]


def test_paid_spend_is_an_implementation_release_of_monthly_transactions_never_per_person(register):
    releases = _by_ocid(_package(), f"{PREFIX}-HC2026")
    assert [r["tag"] for r in releases] == [["contract"], ["implementation"]]
    (deal,) = releases[1]["contracts"]
    transactions = deal["implementation"]["transactions"]
    assert [(t["id"], t["value"]["amount"]) for t in transactions] == [
        ("HC2026-2026-10", 1_611.01), ("HC2026-2026-11", 500)]  # both providers' October lines summed
    assert transactions[0]["date"] == "2026-10-25T23:59:59+00:00"  # the last period end in October (GMT)
    assert all("payee" not in t for t in transactions)  # a list pays many providers: no one call-off shown
    assert all(t["payer"]["id"] == releases[1]["parties"][0]["id"] for t in transactions)
    assert releases[1]["parties"][0]["roles"] == ["buyer", "procuringEntity", "payer"]
    assert deal["awardID"] == releases[0]["awards"][0]["id"]


def test_a_contract_with_nothing_paid_has_no_implementation_release(register):
    assert [r["tag"] for r in _by_ocid(_package(), f"{PREFIX}-contract-DCC-0042")] == [["contract"]]


def test_payments_on_a_contract_are_monthly_transactions_to_its_supplier(register, administrator):
    contract = register["contract"]
    for n, (day, pence) in enumerate([(date(2026, 5, 3), 1_000_00), (date(2026, 5, 28), 234_56),
                                      (date(2026, 6, 1), 99)]):
        ContractPayment.objects.create(contract=contract, paid_on=day, amount_pence=pence, reference=f"INV-{n}",
                                       created_by=administrator)
    releases = _by_ocid(_package(), f"{PREFIX}-contract-DCC-0042")
    assert [r["tag"] for r in releases] == [["contract"], ["implementation"]]
    transactions = releases[1]["contracts"][0]["implementation"]["transactions"]
    assert [(t["id"], t["value"]["amount"], t["date"]) for t in transactions] == [
        ("DCC-0042-2026-05", 1_234.56, "2026-05-28T23:59:59+01:00"), ("DCC-0042-2026-06", 0.99,
                                                                       "2026-06-01T23:59:59+01:00")]
    assert all(t["payee"] == {"id": "GB-CHC-1123456", "name": "Derwent Carers Trust"} for t in transactions)
    assert "INV-0" not in json.dumps(releases)  # the finance system's references stay there


def test_each_call_off_is_its_own_process_linked_to_its_lists(register):
    releases = _all_releases()
    call_offs = [r for r in releases if "relatedProcesses" in r]
    assert [r["ocid"] for r in call_offs] == [f"{PREFIX}-HC2026-call-off-1", f"{PREFIX}-HC2026-call-off-3"]
    list_package = APIClient().get(reverse("ocds-list", args=["HC2026"])).json()
    list_ocids = {r["ocid"] for r in list_package["releases"]}
    for release in call_offs:
        (related,) = release["relatedProcesses"]
        assert related["relationship"] == ["framework"] and related["scheme"] == "ocid"
        assert related["identifier"] == f"{PREFIX}-HC2026" and related["identifier"] in list_ocids
        assert related["uri"].endswith("/api/v1/ocds/lists/HC2026/")
        assert release["tag"] == ["award", "contract"]
    first, ended = call_offs
    assert first["awards"][0]["suppliers"] == [{"id": f"GB-COH-{register['alder'].companies_house_number}",
                                                "name": "Alder Home Care"}]
    entry_end = register["entry"].end_date
    assert round(first["contracts"][0]["value"]["amount"] * 100) == commissioned(250_00, date(2026, 4, 6), entry_end)
    assert first["contracts"][0]["status"] == "active"
    assert ended["contracts"][0]["status"] == "terminated" and "value" not in ended["contracts"][0]
    assert ended["awards"][0]["title"].startswith("Call-off from Home care: Lot 1")


def test_a_call_off_keeps_its_number_when_a_later_offer_is_accepted(register, administrator):
    before = [r["ocid"] for r in _all_releases() if "relatedProcesses" in r]
    newer = call_off(register["list"], provider=register["alder"], weekly_cost_pence=10_00, status="offered",
                     by=administrator)
    assert [r["ocid"] for r in _all_releases() if "relatedProcesses" in r] == before  # an offer is not published
    Agreement.objects.filter(pk=newer.pk).update(status="accepted")
    after = [r["ocid"] for r in _all_releases() if "relatedProcesses" in r]
    assert after == [*before, f"{PREFIX}-HC2026-call-off-4"]


def test_nothing_about_a_person_is_published(register):
    text = json.dumps(_all_releases(), ensure_ascii=False)
    for person in Person.objects.all():
        for field in (person.name, person.reference, person.address, person.postcode):
            assert field not in text
    for care in CareRequest.objects.all():
        assert care.needs not in text and care.outcomes not in text
    for agreement in Agreement.objects.all():
        assert agreement.reference not in text and f"agreement-{agreement.pk}" not in text
    lead = register["contract"].lead_commissioner
    assert lead.get_full_name() not in text and lead.username not in text and lead.email not in text
    assert "@" not in text and "Visits" not in text  # nor an invoice line's words


def test_a_planned_contract_and_an_unknown_reference_are_not_published(register):
    assert not any("DCC-PLAN" in r["ocid"] for r in _all_releases())
    assert APIClient().get(f"{URL}DCC-PLAN/").status_code == 404
    assert APIClient().get(f"{URL}NOSUCH/").status_code == 404


def test_one_contracts_package_has_its_releases_and_its_call_offs(register):
    releases = _all_releases(f"{URL}HC2026/")
    assert [r["ocid"] for r in releases] == [f"{PREFIX}-HC2026", f"{PREFIX}-HC2026", f"{PREFIX}-HC2026-call-off-1",
                                             f"{PREFIX}-HC2026-call-off-3"]
    assert {r["ocid"] for r in _all_releases(f"{URL}DCC-0042/")} == {f"{PREFIX}-contract-DCC-0042"}


def test_the_open_data_needs_no_sign_in_and_ignores_credentials(register):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(URL).status_code == 200


def _contracts(count, start=0):
    for n in range(start, start + count):
        contract = ContractFactory(reference=f"BULK-{n:05d}")
        ContractFunding.objects.create(contract=contract, kind="nhs_icb", funder_name="NHS ICB",
                                       financial_year=2026, amount_pence=1_00)


def test_pages_follow_links_next_and_a_page_beyond_the_last_is_not_found(register, administrator, monkeypatch):
    monkeypatch.setattr(ocds, "PER_PAGE", 2)
    _contracts(3)
    for _ in range(2):
        call_off(register["list"], provider=register["birch"], weekly_cost_pence=50_00, by=administrator)
    entries = Contract.objects.exclude(status="planned").count()  # 6: three pages of entries
    pages = [_package()]
    while "next" in pages[-1].get("links", {}):
        pages.append(_package(pages[-1]["links"]["next"]))
    assert [len(p["releases"]) > 0 for p in pages] == [True] * 5
    assert pages[0]["links"]["next"].endswith(f"{URL}?page=2") and "prev" not in pages[0]["links"]
    assert pages[1]["links"]["prev"].endswith(URL)
    assert pages[2]["links"]["next"].endswith(f"{URL}?after=0")  # the call-offs follow the last entries
    call_offs = [r for p in pages[3:] for r in p["releases"]]
    assert all("relatedProcesses" in r for r in call_offs) and len(call_offs) == 4
    assert len({r["ocid"] for p in pages[:3] for r in p["releases"]}) == entries
    cursors = [p["links"]["next"].split("after=")[1] for p in pages[2:-1]]
    assert cursors == ["0", "HC2026-call-off-3"]  # the last call-off of the page before, by its public id
    last = pages[-1]["releases"][-1]["ocid"].removeprefix(f"{PREFIX}-")
    for bad in ({"page": 4}, {"page": 0}, {"page": "two"}, {"after": -1}, {"after": "x"}, {"after": "1"},
                {"after": "HC2026-call-off-0"}, {"after": "HC2026-call-off-99"}, {"after": "NOSUCH-call-off-1"},
                {"after": f"HC2026-call-off-{2**63}"}, {"after": last}):
        assert APIClient().get(URL, bad).status_code == 404, bad


def _queries(**params):
    with CaptureQueriesContext(connection) as queries:
        _package(**params)
    return len(queries)


def test_a_page_reads_the_same_number_of_queries_for_ten_times_the_rows(register, administrator, monkeypatch):
    monkeypatch.setattr(ocds, "PER_PAGE", 100)
    _contracts(3)
    once = _queries()
    _contracts(27, start=3)
    assert _queries() == once
    few = _queries(after=0)
    for _ in range(20):
        call_off(register["list"], provider=register["birch"], weekly_cost_pence=50_00, by=administrator)
    assert len(_package(after=0)["releases"]) == 22
    assert _queries(after=0) == few


def test_the_register_page_links_to_the_open_data(client_for, commissioner):
    page = client_for(commissioner).get(reverse("contracts:contract_list")).content.decode()
    assert f'href="{URL}"' in page and "Open data: OCDS" in page


def test_the_endpoints_are_in_the_openapi_schema(client_for, administrator):
    schema = client_for(administrator).get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/ocds/contracts/" in schema and "/api/v1/ocds/contracts/{reference}/" in schema
    assert "/api/v1/contracts/" in schema


@pytest.mark.parametrize(("company", "charity", "party_id"), [
    ("01234567", "1123456", "GB-COH-01234567"),  # Companies House first
    ("", "1123456", "GB-CHC-1123456"),
    ("", "SC012345", "GB-SC-SC012345"),
    ("", "NI100002", "GB-NIC-100002"),
    ("", "", None),
])
def test_a_supplier_is_identified_by_its_companies_house_else_its_charity_number(company, charity, party_id):
    from commissioning.core.ocds import supplier_party

    provider = ProviderFactory(companies_house_number=company)
    party = supplier_party(provider, charity_number=charity)
    if party_id is None:
        assert party == {"id": f"provider-{provider.pk}", "name": provider.name}
    else:
        assert party["id"] == party_id and party["identifier"]["id"] == party_id.split("-", 2)[2]
