"""Approved Provider Lists published as OCDS 1.1.5 open data: valid against the standard and the UK
profile, one ocid per list, one award per admission, nothing about a draft or a person."""
import json
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.core.tests.ocds_schemas import errors, validators
from commissioning.procurement import ocds, services
from commissioning.procurement.choices import AdmissionMode, ListKind
from commissioning.procurement.models import Membership, ReopeningWindow
from commissioning.procurement.services import evaluation as evaluation_services

from .factories import ApprovedListFactory, LotFactory, standard_questions
from .rounds import decided, opened_list

pytestmark = pytest.mark.django_db
LISTS_URL = "/api/v1/ocds/lists/"


@pytest.fixture
def officer(make_user):
    return make_user(Role.PROCUREMENT_OFFICER, first_name="Philippa", last_name="Quenby")


def _package(reference=None):
    response = APIClient().get(f"{LISTS_URL}{reference}/" if reference else LISTS_URL)
    assert response.status_code == 200, response.content
    return response.json()


def _releases(package, tag=None):
    return [r for r in package["releases"] if tag is None or tag in r["tag"]]


def _awards(package):
    return [award for release in _releases(package, "award") for award in release["awards"]]


def _notice_types(release):
    sections = [release.get("tender", {}), *release.get("awards", [])]
    return [d["noticeType"] for section in sections for d in section.get("documents", []) if "noticeType" in d]


# Validation against the schemas, offline ----------------------------------------------------------

@pytest.fixture(scope="module")
def schemas():
    return validators()


_errors = errors


@pytest.fixture
def three_lists(officer, make_user):
    """A DPS, a dynamic market and an open framework that reopens in windows, each with members."""
    dps = opened_list(officer, reference="TD1492", kind=ListKind.DPS, description="Support and accommodation",
                      estimated_value_pence=27_512_345_601, max_lots_per_provider=3)
    market = opened_list(officer, reference="DM2025", kind=ListKind.DYNAMIC_MARKET)
    framework = ApprovedListFactory(reference="OF2026", kind=ListKind.OPEN_FRAMEWORK,
                                    admission_mode=AdmissionMode.WINDOWS)
    today = timezone.localdate()
    ReopeningWindow.objects.create(approved_list=framework, opens_on=today - timedelta(days=3),
                                   closes_on=today + timedelta(days=30))
    ReopeningWindow.objects.create(approved_list=framework, opens_on=today + timedelta(days=365),
                                   closes_on=today + timedelta(days=395))
    LotFactory(approved_list=framework, number=1, title="Supported living")
    standard_questions(framework)
    framework = services.list_transition(approved_list=framework, event="open", by=officer)
    first, second = make_user(Role.PROVIDER_USER), make_user(Role.PROVIDER_USER)
    decided(dps, first, officer, admit=[1, 2], reject=[3])
    decided(market, first, officer, admit=[1])
    decided(framework, second, officer, admit=[1])
    return {"dps": dps, "market": market, "framework": framework, "first": first, "second": second}


def test_the_published_lists_are_valid_ocds_1_1_5_and_valid_in_the_uk_profile(three_lists, officer, schemas):
    services.list_transition(approved_list=three_lists["market"], event="pause", by=officer)
    services.list_transition(approved_list=three_lists["market"], event="reopen", by=officer)
    services.list_transition(approved_list=three_lists["dps"], event="close", by=officer)
    membership = Membership.objects.filter(lot__approved_list=three_lists["dps"]).first()
    services.membership_transition(membership=membership, event="remove", by=officer, reason="Excluded supplier")
    package = _package()
    assert _errors(schemas["package"], package) == []
    for release in package["releases"]:
        assert _errors(schemas["uk_release"], release) == [], release["id"]
    assert {r["ocid"] for r in package["releases"]} == {
        f"{settings.OCDS_OCID_PREFIX}-{ref}" for ref in ("TD1492", "DM2025", "OF2026")}
    assert len({r["id"] for r in package["releases"]}) == len(package["releases"])
    one = _package("TD1492")
    assert _errors(schemas["package"], one) == []
    assert {r["ocid"] for r in one["releases"]} == {f"{settings.OCDS_OCID_PREFIX}-TD1492"}


def test_an_invalid_release_fails_the_uk_profile(three_lists, schemas):
    release = _releases(_package("DM2025"), "tender")[0]
    release["tender"]["techniques"]["dynamicPurchasingSystem"]["type"] = "sort-of"
    release["date"] = "2026-04-01"
    assert len(_errors(schemas["uk_release"], release)) == 2


# What the releases say ----------------------------------------------------------------------------

def test_a_list_opens_as_a_tender_with_its_lots_value_term_and_buyer(three_lists):
    package = _package("TD1492")
    release = _releases(package, "tender")[0]
    tender = release["tender"]
    assert release["initiationType"] == "tender" and release["language"] == "en"
    assert tender["id"] == "TD1492" and tender["status"] == "active"
    assert tender["value"] == {"amount": 275123456.01, "currency": "GBP"}
    assert tender["contractPeriod"]["startDate"] == "2026-04-01T00:00:00+01:00"
    assert tender["contractPeriod"]["endDate"] == "2036-03-31T23:59:59+01:00"
    assert [(lot["id"], lot["title"], lot["status"]) for lot in tender["lots"]] == [
        ("1", "Lot 1", "active"), ("2", "Lot 2", "active"), ("3", "Lot 3", "active")]
    assert tender["lotDetails"] == {"maximumLotsAwardedPerSupplier": 3}
    buyer = {"id": "GB-PPON-PQVM-1383-ZBXP", "name": settings.COUNCIL_NAME}
    assert release["buyer"] == buyer and tender["procuringEntity"] == buyer
    assert release["parties"][0]["identifier"] == {"scheme": "GB-PPON", "id": "PQVM-1383-ZBXP",
                                                   "legalName": settings.COUNCIL_NAME}
    assert release["parties"][0]["roles"] == ["buyer", "procuringEntity"]
    assert package["publisher"] == {"name": settings.COUNCIL_NAME, "scheme": "GB-PPON", "uid": "PQVM-1383-ZBXP"}
    assert package["version"] == "1.1" and package["uri"].endswith("/api/v1/ocds/lists/TD1492/")


def test_a_dps_is_a_dynamic_purchasing_system_and_an_open_framework_a_framework_agreement(three_lists):
    dps = _releases(_package("TD1492"), "tender")[0]["tender"]["techniques"]
    market = _releases(_package("DM2025"), "tender")[0]["tender"]["techniques"]
    framework = _releases(_package("OF2026"), "tender")[0]["tender"]["techniques"]
    assert dps == market == {"hasDynamicPurchasingSystem": True,
                             "dynamicPurchasingSystem": {"type": "closed", "status": "active"}}
    assert framework["hasFrameworkAgreement"] is True and "hasDynamicPurchasingSystem" not in framework
    assert framework["frameworkAgreement"]["isOpenFrameworkScheme"] is True
    assert framework["frameworkAgreement"]["method"] == "withAndWithoutReopeningCompetition"


def test_each_admission_is_an_award_for_its_lot_and_a_rejection_is_not(three_lists):
    package = _package("TD1492")
    provider = three_lists["first"].provider
    awards = _awards(package)
    assert [a["relatedLots"] for a in awards] == [["1"], ["2"]]
    supplier_id = f"GB-COH-{provider.companies_house_number}"
    assert all(a["suppliers"] == [{"id": supplier_id, "name": provider.name}] for a in awards)
    assert all(a["status"] == "active" and a["date"] == ocds._day_start(timezone.localdate()) for a in awards)
    party = _releases(package, "award")[0]["parties"][1]
    assert party == {"id": supplier_id, "name": provider.name, "roles": ["supplier"],
                     "identifier": {"scheme": "GB-COH", "id": provider.companies_house_number,
                                    "legalName": provider.legal_name}}


def test_a_later_admission_is_a_new_award_dated_its_admission_day(three_lists, officer, make_user, monkeypatch):
    before = _awards(_package("TD1492"))
    later = timezone.localdate() + timedelta(days=21)
    monkeypatch.setattr(evaluation_services, "_today", lambda: later)
    newcomer = make_user(Role.PROVIDER_USER)
    decided(three_lists["dps"], newcomer, officer, admit=[3])
    after = _awards(_package("TD1492"))
    assert after[:len(before)] == before
    (new,) = after[len(before):]
    assert new["relatedLots"] == ["3"] and new["suppliers"][0]["name"] == newcomer.provider.name
    assert new["date"] == ocds._day_start(later)


def test_a_removed_member_is_an_award_update_that_cancels_its_award(three_lists, officer):
    membership = Membership.objects.filter(lot__approved_list=three_lists["dps"]).first()
    services.membership_transition(membership=membership, event="remove", by=officer, reason="Excluded")
    (update,) = _releases(_package("TD1492"), "awardUpdate")
    assert update["awards"] == [{"id": ocds.award_id(membership), "status": "cancelled"}]


def test_pausing_and_closing_a_list_are_tender_updates(three_lists, officer):
    for event in ("pause", "reopen", "close"):
        services.list_transition(approved_list=three_lists["dps"], event=event, by=officer)
    updates = _releases(_package("TD1492"), "tenderUpdate")
    assert [u["tender"]["status"] for u in updates] == ["active", "active", "complete"]
    assert updates[-1]["tender"]["techniques"]["dynamicPurchasingSystem"]["status"] == "terminated"
    assert updates[-1]["tender"]["finalStatusDate"] == updates[-1]["date"]


def test_notice_types_follow_the_procurement_act_for_dynamic_markets_and_open_frameworks(three_lists, officer):
    for event in ("pause", "reopen", "close"):
        services.list_transition(approved_list=three_lists["market"], event=event, by=officer)
    market = [(r["tag"][0], _notice_types(r)) for r in _package("DM2025")["releases"]]
    assert market == [("tender", ["UK13"]), ("award", []), ("tenderUpdate", ["UK14"]),
                      ("tenderUpdate", ["UK15"]), ("tenderUpdate", ["UK15"]), ("tenderUpdate", ["UK16"])]
    framework = [(r["tag"][0], _notice_types(r)) for r in _package("OF2026")["releases"]]
    assert framework == [("tender", ["UK4"]), ("tenderUpdate", ["UK4"]), ("award", ["UK6"])]
    assert all(_notice_types(r) == [] for r in _package("TD1492")["releases"])


def test_only_windows_that_have_opened_are_published(three_lists):
    (window,) = _releases(_package("OF2026"), "tenderUpdate")
    opens = timezone.localdate() - timedelta(days=3)
    assert window["tender"]["tenderPeriod"] == {"startDate": ocds._day_start(opens),
                                                "endDate": ocds._day_end(opens + timedelta(days=33))}
    assert "tenderPeriod" not in _releases(_package("OF2026"), "tender")[0]["tender"]


def test_a_draft_list_is_never_published(three_lists):
    ApprovedListFactory(reference="DRAFT1")
    assert APIClient().get(f"{LISTS_URL}DRAFT1/").status_code == 404
    assert APIClient().get(f"{LISTS_URL}NOSUCH/").status_code == 404
    assert not any("DRAFT1" in r["ocid"] for r in _package()["releases"])


def test_the_open_data_needs_no_sign_in_and_ignores_credentials(three_lists):
    client = APIClient()
    assert client.get(LISTS_URL).status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(f"{LISTS_URL}TD1492/").status_code == 200


def test_no_email_address_or_persons_name_is_published(three_lists, officer):
    membership = Membership.objects.filter(lot__approved_list=three_lists["dps"]).first()
    services.membership_transition(membership=membership, event="remove", by=officer, reason="Unsafe staffing")
    text = json.dumps(_package(), ensure_ascii=False)
    assert "@" not in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)
    people = [f"{u.first_name} {u.last_name}" for u in User.objects.all()] + [u.username for u in User.objects.all()]
    providers = [three_lists["first"].provider, three_lists["second"].provider]
    people += [p.contact_name for p in providers] + [p.contact_email for p in providers]
    assert [person for person in people if person and person in text] == []
    assert "Philippa" not in text and "Quenby" not in text
    assert "Meets every condition" not in text and "Unsafe staffing" not in text


def test_the_ocid_prefix_and_buyer_come_from_settings(three_lists, settings):
    settings.OCDS_OCID_PREFIX = "ocds-abc123"
    settings.COUNCIL_PPON = "PXYZ-1234-ABCD"
    settings.COUNCIL_NAME = "Example Borough Council"
    release = _releases(_package("DM2025"), "tender")[0]
    assert release["ocid"] == "ocds-abc123-DM2025"
    assert release["buyer"] == {"id": "GB-PPON-PXYZ-1234-ABCD", "name": "Example Borough Council"}


def test_the_package_reads_the_same_number_of_queries_however_many_members(three_lists, officer, make_user):
    with CaptureQueriesContext(connection) as before:
        _package()
    for lot in (2, 3):
        decided(three_lists["dps"], make_user(Role.PROVIDER_USER), officer, admit=[lot])
    with CaptureQueriesContext(connection) as after:
        _package()
    assert len(after) == len(before)


def test_an_empty_register_publishes_an_empty_package():
    ApprovedListFactory()
    package = _package()
    assert package["releases"] == [] and package["version"] == "1.1"


def test_money_in_pence_becomes_pounds_exactly():
    assert ocds.amount(76_000_000_000) == 760_000_000 and isinstance(ocds.amount(76_000_000_000), int)
    assert ocds.amount(27_512_345_601) == 275_123_456.01
    assert json.dumps(ocds.amount(1)) == "0.01"
    assert json.dumps(ocds.amount(10)) == "0.1"


def test_the_publisher_and_buyer_are_the_council_the_first_run_stored_not_the_settings(three_lists, settings):
    from commissioning.accounts.models import Council

    settings.COUNCIL_PPON, settings.COUNCIL_NAME = "PQVM-1383-ZBXP", "Derby City Council"
    Council.objects.create(name="Example Borough Council", ppon="PXYZ-1234-ABCD")
    package = _package("DM2025")
    release = _releases(package, "tender")[0]
    assert package["publisher"] == {"name": "Example Borough Council", "scheme": "GB-PPON", "uid": "PXYZ-1234-ABCD"}
    assert release["buyer"] == {"id": "GB-PPON-PXYZ-1234-ABCD", "name": "Example Borough Council"}
    assert release["parties"][0]["identifier"] == {"scheme": "GB-PPON", "id": "PXYZ-1234-ABCD",
                                                   "legalName": "Example Borough Council"}
