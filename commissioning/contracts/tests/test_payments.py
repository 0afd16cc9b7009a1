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


def _upload(client, rows, *, good_rows_only=False, name="payments.csv"):
    import csv
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from ..payment_imports import PAYMENT_COLUMNS

    out = io.StringIO()
    csv.writer(out).writerows([PAYMENT_COLUMNS, *rows])
    data = {"file": SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")}
    if good_rows_only:
        data["good_rows_only"] = "on"
    return client.post(reverse("contracts:payments_import"), data).content.decode()


def test_the_finance_systems_payments_are_imported_once_however_often_the_file_is(client_for, make_user):
    finance = make_user(Role.FINANCE_OFFICER)
    contract = ContractFactory(reference="PH-STOP-01")
    client = client_for(finance)
    rows = [["PH-STOP-01", "30/06/2026", "£8,000.01", "INV-1001", "April to June"],
            ["PH-STOP-01", "2026-09-30", "9000", "INV-1002", ""]]
    page = _upload(client, rows)
    assert "2 payments imported" in page
    assert deliveries([contract])[contract.pk].paid_pence == 17_000_01
    again = _upload(client, [*rows, ["PH-STOP-01", "31/10/2026", "100", "INV-1003", ""]])
    assert "1 payment imported" in again and "2 already recorded" in again
    assert ContractPayment.objects.count() == 3
    assert AuditEvent.objects.filter(object_id=finance.pk, note__contains="1 recorded, 2 already recorded").exists()


def test_a_payments_file_with_a_bad_row_imports_nothing_unless_the_good_rows_are_chosen(client_for, commissioner):
    ContractFactory(reference="PH-STOP-01")
    entry = OpenListFactory().register_entry
    client = client_for(commissioner)
    _upload(client, [["PH-STOP-01", "30/06/2026", "100", "INV-1", ""]])
    rows = [["PH-STOP-01", "30/06/2026", "250", "INV-2", ""],
            ["PH-STOP-99", "30/06/2026", "100", "INV-3", ""],
            [entry.reference, "30/06/2026", "100", "INV-4", ""],
            ["PH-STOP-01", "31/06/2026", "100", "INV-5", ""],
            ["PH-STOP-01", "30/06/2026", "lots", "INV-6", ""],
            ["PH-STOP-01", "30/06/2026", "100", "INV-2", ""],
            ["PH-STOP-01", "30/06/2026", "999", "INV-1", ""],
            ["PH-STOP-01", "30/06/2099", "100", "INV-7", ""],
            ["PH-STOP-01", "", "100", "INV-8", ""]]
    page = _upload(client, rows)
    assert "Nothing was imported" in page and ContractPayment.objects.count() == 1
    for reason in ("No contract in the register has the reference PH-STOP-99",
                   "is an approved list&#x27;s entry: its spend is its call-offs&#x27; invoices",
                   "Date paid “31/06/2026” is not a date like 31/03/2027",
                   "Amount (£): The amount must be an amount in pounds",
                   "Payment INV-2 of PH-STOP-01 is on an earlier row of this file",
                   "Payment INV-1 is already recorded on PH-STOP-01 as £100 paid 30 June 2026",
                   "The date paid must be today or in the past", "Date paid is missing"):
        assert reason in page, reason
    chosen = _upload(client, rows, good_rows_only=True)
    assert "1 payment imported" in chosen and "8 rows left out" in chosen
    assert sorted(ContractPayment.objects.values_list("reference", flat=True)) == ["INV-1", "INV-2"]


def test_a_file_that_is_not_a_payments_csv_is_refused_whole(client_for, commissioner, provider_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(commissioner)
    page = client.post(reverse("contracts:payments_import"), {
        "file": SimpleUploadedFile("p.csv", b"Reference,Amount\nA,1\n", content_type="text/csv")}).content.decode()
    assert "The file has no column Contract reference, Date paid" in page
    assert client_for(provider_user).get(reverse("contracts:payments_import")).status_code == 403
