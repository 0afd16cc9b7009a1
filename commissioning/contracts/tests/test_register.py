"""The contracts register as council officers and provider users use it, and approved lists as entries."""
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.core.models import AuditEvent
from commissioning.procurement.models import ApprovedList
from commissioning.procurement.services import list_save
from commissioning.procurement.tests.factories import DraftListFactory, OpenListFactory
from commissioning.providers.tests.factories import ProviderFactory

from ..models import Contract
from .factories import ContractFactory, directorate

pytestmark = pytest.mark.django_db


def valid(commissioner, supplier, **changes):
    data = {
        "reference": "DCC-PH-0001", "title": "Stop smoking service", "kind": "contract",
        "directorate": directorate("Public Health").pk, "description": "Community stop smoking support",
        "supplier": supplier.pk, "supplier_charity_number": "", "supplier_is_sme": "on",
        "procedure": "invitation_to_tender",
        "start_date_day": "1", "start_date_month": "4", "start_date_year": "2026",
        "end_date_day": "31", "end_date_month": "3", "end_date_year": "2029",
        "review_date_day": "1", "review_date_month": "10", "review_date_year": "2027",
        "lead_commissioner": commissioner.pk, "terms_version": "Standard terms 2025 v2", "status": "live",
        "value": "450000", "annual_value": "150000.50", "irrecoverable_vat": "",
    }
    data.update(changes)
    return data


def test_a_commissioner_adds_a_contract_in_pounds_and_the_register_holds_pence_and_its_history(
        client_for, commissioner):
    supplier = ProviderFactory(name="Fresh Start Ltd")
    response = client_for(commissioner).post(reverse("contracts:contract_create"), valid(commissioner, supplier))
    contract = Contract.objects.get(reference="DCC-PH-0001")
    assert response.status_code == 302 and response["Location"] == contract.get_absolute_url()
    assert (contract.value_pence, contract.annual_value_pence, contract.irrecoverable_vat_pence) == (
        450_000_00, 150_000_50, 0)
    assert contract.directorate.name == "Public Health" and contract.supplier_is_sme and not contract.supplier_is_vcse
    event = AuditEvent.objects.get(object_id=contract.pk, content_type__model="contract")
    assert event.actor == commissioner and event.action == "created"
    assert event.changes["Value over the term"] == ["", "£450,000"]
    assert event.changes["Start date"] == ["", "1 April 2026"]
    page = client_for(commissioner).get(contract.get_absolute_url()).content.decode()
    assert "Stop smoking service" in page and "£150,000.50" in page and "Invitation to tender" in page
    assert "Public Health" in page and supplier.companies_house_number in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"value": ""}, "Enter the value over the term"),
    ({"value": "-1"}, "The value over the term must be more than £0"),
    ({"value": "12.345"}, "no more than 2 decimal places"),
    ({"annual_value": "500000"}, "The value a year must be no more than the value over the term"),
    ({"end_date_year": "2025"}, "The end date must be the same as or after the start date"),
    ({"end_date_day": "31", "end_date_month": "2"}, "The end date must be a real date"),
    ({"review_date_year": "2030"}, "The review date must be between the start and end dates"),
    ({"supplier_charity_number": "12"}, "Enter a charity number of 6 or 7 digits"),
    ({"procedure": ""}, "Choose how the supplier was chosen"),
    ({"directorate": ""}, "Choose the department"),
    ({"title": ""}, "Enter the title of the contract"),
])
def test_bad_contract_details_are_refused_with_a_message_on_the_field(client_for, commissioner, changes, message):
    response = client_for(commissioner).post(reverse("contracts:contract_create"),
                                             valid(commissioner, ProviderFactory(), **changes))
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and message in page
    assert not Contract.objects.exists()


def test_a_reference_already_in_the_register_is_refused(client_for, commissioner):
    ContractFactory(reference="DCC-PH-0001")
    response = client_for(commissioner).post(reverse("contracts:contract_create"),
                                             valid(commissioner, ProviderFactory()))
    assert "Another contract in the register has this reference" in response.content.decode()
    assert Contract.objects.count() == 1


def test_editing_records_only_what_changed(client_for, commissioner):
    supplier = ProviderFactory()
    client = client_for(commissioner)
    client.post(reverse("contracts:contract_create"), valid(commissioner, supplier))
    contract = Contract.objects.get()
    client.post(reverse("contracts:contract_edit", args=[contract.pk]),
                valid(commissioner, supplier, value="460000", terms_version="Standard terms 2025 v3"))
    event = AuditEvent.objects.get(object_id=contract.pk, action="updated")
    assert event.changes == {"Value over the term": ["£450,000", "£460,000"],
                             "Version of the terms and conditions": ["Standard terms 2025 v2",
                                                                     "Standard terms 2025 v3"]}


def test_an_approved_list_is_a_contract_in_the_register_and_its_entry_follows_it(commissioner):
    approved_list = DraftListFactory(reference="DCC-HC-DPS", name="Home care DPS", term_months=60,
                                     start_date=date(2026, 4, 1), estimated_value_pence=50_000_000_00,
                                     market_area_id="home_care")
    entry = approved_list.register_entry
    assert (entry.reference, entry.title, entry.status, entry.procedure) == (
        "DCC-HC-DPS", "Home care DPS", "planned", "invitation_to_tender")
    assert entry.end_date == date(2031, 3, 31) and entry.value_pence == 50_000_000_00
    assert entry.annual_value_pence == 50_000_000_00 * 365 // 1826
    assert entry.directorate.name == "Adult Social Care" and entry.supplier is None
    entry.terms_version = "Care terms 2026"
    entry.save()
    approved_list.name = "Home care dynamic purchasing system"
    list_save(approved_list=approved_list, by=approved_list.created_by)
    entry.refresh_from_db()
    assert entry.title == "Home care dynamic purchasing system" and entry.terms_version == "Care terms 2026"
    assert Contract.objects.filter(approved_list=approved_list).count() == 1


def test_a_list_opening_makes_its_entry_live():
    approved_list = OpenListFactory()
    assert approved_list.register_entry.status == "live"
    ApprovedList.objects.filter(pk=approved_list.pk).update(status="closed")
    approved_list.refresh_from_db()
    approved_list.save()
    approved_list.register_entry.refresh_from_db()
    assert approved_list.register_entry.status == "ended"


def test_a_lists_entry_is_edited_only_in_what_the_register_adds(client_for, commissioner):
    approved_list = OpenListFactory()
    entry = approved_list.register_entry
    client = client_for(commissioner)
    page = client.get(reverse("contracts:contract_edit", args=[entry.pk])).content.decode()
    assert "follow the list" in page and 'name="value"' not in page
    response = client.post(reverse("contracts:contract_edit", args=[entry.pk]), {
        "directorate": directorate("Public Health").pk, "terms_version": "v4", "review_date_day": "",
        "review_date_month": "", "review_date_year": ""})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.directorate.name == "Public Health" and entry.terms_version == "v4"


def test_the_register_filters_by_department_supplier_status_and_end(client_for, commissioner):
    today = timezone.localdate()
    supplier = ProviderFactory(name="Alder Care")
    soon = ContractFactory(title="Ends soon", supplier=supplier, end_date=today + timedelta(days=60))
    later = ContractFactory(title="Ends later", directorate=directorate("Public Health"),
                            end_date=today + timedelta(days=700))
    ended = ContractFactory(title="Long ended", status="ended", end_date=date(2025, 12, 31),
                            start_date=date(2024, 1, 1))
    client = client_for(commissioner)

    def titles(**query):
        page = client.get(reverse("contracts:contract_list"), query).content.decode()
        return {c.title for c in (soon, later, ended) if c.title in page}

    assert titles() == {"Ends soon", "Ends later", "Long ended"}
    assert titles(directorate=later.directorate_id) == {"Ends later"}
    assert titles(supplier=supplier.pk) == {"Ends soon"}
    assert titles(status="ended") == {"Long ended"}
    assert titles(ends_within="3") == {"Ends soon"}
    assert titles(q="alder") == {"Ends soon"}


def test_the_register_pages_25_a_page(client_for, commissioner):
    for _ in range(30):
        ContractFactory()
    client = client_for(commissioner)
    first = client.get(reverse("contracts:contract_list")).content.decode()
    second = client.get(reverse("contracts:contract_list"), {"page": 2}).content.decode()
    assert "30 contracts" in first and first.count("Carers support service") == 25
    assert second.count("Carers support service") == 5


def test_a_provider_user_sees_only_its_own_contracts(client_for, provider_user, other_provider):
    own = ContractFactory(title="Our day service", supplier=provider_user.provider)
    theirs = ContractFactory(title="Their day service", supplier=other_provider)
    list_entry = OpenListFactory().register_entry
    client = client_for(provider_user)
    page = client.get(reverse("contracts:contract_list")).content.decode()
    assert "Our day service" in page and "Their day service" not in page and list_entry.title not in page
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(list_entry.get_absolute_url()).status_code == 404
    assert client.get(reverse("contracts:contract_edit", args=[own.pk])).status_code == 403


def test_a_list_in_a_market_no_directorate_commissions_joins_adult_social_care_on_the_audit_trail():
    from commissioning.accounts.models import Market
    from commissioning.planning.models import Directorate

    market = Market.objects.create(code="extra_care", name="Extra care housing", position=9)
    entry = OpenListFactory(market_area_id="extra_care").register_entry
    adults = Directorate.objects.get(name="Adult Social Care")
    assert entry.directorate == adults and market in adults.markets.all()
    event = AuditEvent.objects.get(object_id=str(adults.pk), note__startswith="Commissions Extra care housing")
    assert event.actor_label == "System"
    # A second list in the market finds the directorate it now has, and changes nothing more.
    OpenListFactory(market_area_id="extra_care")
    assert AuditEvent.objects.filter(object_id=str(adults.pk), note__startswith="Commissions").count() == 1
