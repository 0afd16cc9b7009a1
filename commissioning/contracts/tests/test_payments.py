"""Spend on a contract that is not a list: the finance system's payments recorded against it, once
each, so that its delivery within value, its department's spend and its pooled budget count them."""
from datetime import date

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.core.models import AuditEvent
from commissioning.procurement.tests.factories import OpenListFactory

from ..models import ContractFunding, ContractPayment, PooledBudget
from ..selectors import deliveries, directorate_spend, pool_quarters
from .factories import ContractFactory, directorate

pytestmark = pytest.mark.django_db


def _pay(client, contract, **data):
    fields = {"paid_on_day": "30", "paid_on_month": "6", "paid_on_year": "2026", "amount": "8000.01",
              "reference": "INV-1001", "description": "April to June"}
    return client.post(reverse("contracts:payment_add", args=[contract.pk]), {**fields, **data})


def test_a_finance_officer_records_payments_and_the_spend_and_forecast_follow(client_for, make_user):
    finance = make_user(Role.FINANCE_OFFICER)
    contract = ContractFactory(value_pence=100_000_00, end_date=date(2027, 3, 31))
    client = client_for(finance)
    assert _pay(client, contract)["Location"] == contract.get_absolute_url()
    assert _pay(client, contract, reference="INV-1002", paid_on_month="9", amount="9000").status_code == 302

    delivery = deliveries([contract], today=date(2026, 10, 1))[contract.pk]
    assert delivery.paid_pence == delivery.commissioned_pence == 17_000_01
    # The last 13 weeks (from 3 July) hold the September payment: £9,000 / 13 a week for the 25 whole weeks left.
    assert delivery.forecast_pence == 17_000_01 + (9_000_00 // 13) * 25
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "2 payments recorded, £17,000.01 in all" in page and "INV-1001" in page and "April to June" in page
    assert AuditEvent.objects.filter(object_id=contract.pk, note__contains="Payment INV-1002 of £9,000").exists()

    rows = {row["directorate"].name: row for row in directorate_spend(user=finance, today=date(2026, 10, 1))}
    assert rows["Adult Social Care"]["paid_pence"] == 17_000_01


@pytest.mark.parametrize(("data", "message"), [
    ({"reference": "inv-1001"}, "Payment inv-1001 is already recorded on this contract"),
    ({"paid_on_year": "2099"}, "The date paid must be today or in the past"),
    ({"paid_on_year": "2024"}, "The date paid must be on or after the contract&#x27;s start, 1 April 2025"),
    ({"amount": "0"}, "The amount must be more than £0"),
    ({"amount": "12.345"}, "The amount must have no more than 2 decimal places"),
    ({"reference": ""}, "Enter the payment reference"),
    ({"paid_on_day": "31", "paid_on_month": "2"}, ""),
])
def test_a_payment_twice_in_the_future_or_before_the_start_is_refused(client_for, commissioner, data, message):
    contract = ContractFactory()
    client = client_for(commissioner)
    _pay(client, contract)
    page = _pay(client, contract, **data).content.decode()
    assert "There is a problem" in page and message in page
    assert "<title>Error: Record a payment on" in page and "Error: Error:" not in page
    assert ContractPayment.objects.count() == 1


def test_a_list_takes_no_recorded_payments_and_a_provider_cannot_record_one(client_for, commissioner, provider_user):
    entry = OpenListFactory().register_entry
    assert client_for(commissioner).get(reverse("contracts:payment_add", args=[entry.pk])).status_code == 404
    own = ContractFactory(supplier=provider_user.provider)
    assert client_for(provider_user).get(reverse("contracts:payment_add", args=[own.pk])).status_code == 403
    assert not ContractPayment.objects.exists()


def test_a_payment_entered_in_error_is_removed_and_counts_no_more(client_for, commissioner):
    contract = ContractFactory()
    client = client_for(commissioner)
    _pay(client, contract)
    payment = ContractPayment.objects.get()
    url = reverse("contracts:payment_remove", args=[contract.pk, payment.pk])
    assert "£8,000.01 paid 30 June 2026 will no longer count" in client.get(url).content.decode()
    client.post(url)
    assert not ContractPayment.objects.exists()
    assert deliveries([contract])[contract.pk].paid_pence == 0
    assert AuditEvent.objects.filter(object_id=contract.pk, note__contains="Payment INV-1001 of £8,000.01").count() == 2


def test_a_pooled_budget_bears_its_share_of_a_contracts_recorded_payments(client_for, commissioner):
    pool = PooledBudget.objects.create(name="Better Care Fund", agreement="Section 75", host=directorate())
    contract = ContractFactory()
    ContractFunding.objects.create(contract=contract, kind="pooled_budget", pooled_budget=pool, financial_year=2026,
                                   amount_pence=1)
    ContractFunding.objects.create(contract=contract, kind="directorate", directorate=directorate(),
                                   financial_year=2026, amount_pence=3)
    client = client_for(commissioner)
    _pay(client, contract, amount="1000")  # 30 June: the first quarter
    _pay(client, contract, reference="INV-1002", paid_on_day="2", paid_on_month="4", paid_on_year="2026",
         amount="10.01")
    _pay(client, contract, reference="INV-1003", paid_on_day="31", paid_on_month="3", paid_on_year="2026",
         amount="500")  # the year before
    year = pool_quarters(budget=pool, year=2026)
    assert [row["spent_pence"] for row in year["rows"]] == [(1_000_00 + 10_01) // 4, 0, 0, 0]
