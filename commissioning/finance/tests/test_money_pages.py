"""The finance pages a council starts from empty: budgets set and corrected with their history,
amounts refused with messages written for the field, invoice and payment run lists filtered and
downloaded as CSV, periods and months in words, and the work waiting on the home pages."""
import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from commissioning.core.home import work_for
from commissioning.core.models import AuditEvent
from commissioning.finance import services
from commissioning.finance.models import Budget, Invoice, PaymentRun, ProviderWeek, Visit

from . import factories
from .test_money_rules import _approved_week, _at, _file, _row
from .test_payments import week_start


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_three_identical_rows_uploaded_in_the_portal_are_refused_with_the_rows_named(client, placed):
    visit = _row(placed, _at(week_start()))
    client.force_login(placed["user"])
    page = client.post(reverse("portal:actuals"),
                       {"file": SimpleUploadedFile("week.csv", _file(visit, visit, visit))}).content.decode()
    assert "The file was not imported" in page and "Rows 3 and 4 are the same visit as row 2" in page
    assert "3 visits imported" not in page and not Visit.objects.exists()


def test_a_budget_is_set_then_corrected_with_its_history_on_the_budget_page(client, finance_officer):
    client.force_login(finance_officer)
    client.post(reverse("finance:spend") + "?year=2026",
                {"market_area": "home_care", "financial_year": 2026, "amount": "1000000"})
    budget = Budget.objects.get()
    response = client.post(budget.get_absolute_url(), {"amount": "1200000", "reason": "Winter pressures funding"})
    assert response.status_code == 302
    page = client.get(budget.get_absolute_url()).content.decode()
    budget.refresh_from_db()
    assert budget.amount_pence == 1_200_000_00
    assert "£1,000,000" in page and "£1,200,000" in page and "Winter pressures funding" in page
    assert str(finance_officer) in page and "First set" in page
    assert [(c.from_pence, c.to_pence) for c in budget.changes.order_by("at", "id")] == [
        (None, 1_000_000_00), (1_000_000_00, 1_200_000_00)]


@pytest.mark.parametrize(("amount", "message"), [
    ("", "Enter the corrected budget"),
    ("0", "The corrected budget must be more than £0"),
    ("-5", "The corrected budget must be more than £0"),
    ("twelve", "Enter the corrected budget as an amount of money, like 125 or 125.50"),
    ("20000000000", "The corrected budget must be £10,000,000,000 or less"),
    ("10.555", "The corrected budget must be in pounds and pence, like 125.50"),
])
def test_a_budget_correction_with_a_bad_amount_is_refused_with_a_message_for_the_field(
        client, finance_officer, amount, message):
    budget = services.budget_set(market_area="home_care", financial_year=2026, amount_pence=100_00, by=finance_officer)
    client.force_login(finance_officer)
    page = client.post(budget.get_absolute_url(), {"amount": amount, "reason": "Typo"}).content.decode()
    assert message in page and "govuk-error-summary" in page
    assert "This field is required" not in page and "Ensure this value" not in page
    budget.refresh_from_db()
    assert budget.amount_pence == 100_00 and budget.changes.count() == 1


def test_a_budget_correction_needs_a_reason(client, finance_officer):
    budget = services.budget_set(market_area="home_care", financial_year=2026, amount_pence=100_00, by=finance_officer)
    client.force_login(finance_officer)
    page = client.post(budget.get_absolute_url(), {"amount": "200", "reason": ""}).content.decode()
    assert "Enter why the budget is corrected" in page


def test_spend_shows_months_and_markets_in_words(client, placed, broker, finance_officer):
    invoice = _approved_week(placed, broker, finance_officer, 1, "ECM-SP")
    client.force_login(finance_officer)
    start = invoice.period_start
    year = start.year if start.month >= 4 else start.year - 1
    page = client.get(reverse("finance:spend") + f"?year={year}").content.decode()
    assert f"{start:%B %Y}" in page and "Home care" in page
    assert f">{start:%Y-%m}<" not in page and ">home_care<" not in page


def test_invoices_are_listed_filtered_and_downloaded_with_the_filters_applied(client, placed, broker,
                                                                              finance_officer):
    approved = _approved_week(placed, broker, finance_officer, 1, "ECM-L1")
    draft = factories.InvoiceFactory()
    client.force_login(finance_officer)
    page = client.get(reverse("finance:invoices") + "?status=approved").content.decode()
    assert str(approved) in page and f"Week ending {approved.period_end:%-d %B %Y}" in page
    assert draft.status == Invoice.Status.DRAFT and str(draft) not in page
    rows = _rows(client.get(reverse("finance:invoices") + "?status=approved&format=csv"))
    assert rows[0][0] == "invoice" and [r[0] for r in rows[1:]] == [str(approved)]
    assert rows[1][5] == "Approved for payment" and rows[1][6] == f"{approved.total_pence / 100:.2f}"
    assert AuditEvent.objects.filter(action="exported", actor=finance_officer,
                                     note__contains="1 invoice downloaded as CSV: status approved").exists()


def test_payment_runs_are_downloaded_as_csv(client, placed, broker, finance_officer):
    invoice = _approved_week(placed, broker, finance_officer, 1, "ECM-R1")
    run, _ = services.payment_run(kind=PaymentRun.Kind.WEEKLY, period_end=timezone.localdate(), by=finance_officer)
    client.force_login(finance_officer)
    page = client.get(reverse("finance:runs")).content.decode()
    assert str(run) in page and "weekly:" not in page
    rows = _rows(client.get(reverse("finance:runs") + "?kind=weekly&format=csv"))
    assert rows[1][0] == str(run) and rows[1][5] == "1" and rows[1][6] == f"{invoice.total_pence / 100:.2f}"
    detail = client.get(run.get_absolute_url()).content.decode()
    assert run.key not in detail


def test_the_portal_lists_its_invoices_with_filters_and_a_csv_of_its_own(client, placed, broker, finance_officer):
    invoice = _approved_week(placed, broker, finance_officer, 1, "ECM-P1")
    other = factories.ApprovedInvoiceFactory()
    client.force_login(placed["user"])
    page = client.get(reverse("portal:invoices") + "?status=approved").content.decode()
    assert str(invoice) in page and f"Week ending {invoice.period_end:%-d %B %Y}" in page
    assert str(other) not in page
    rows = _rows(client.get(reverse("portal:invoices") + "?format=csv"))
    assert [r[0] for r in rows[1:]] == [str(invoice)]


def test_a_rate_card_criterion_addition_is_shown_in_pounds(client, finance_officer):
    from decimal import Decimal
    services.criterion_create(name="Two carers", kind="addition", amount=Decimal(900), by=finance_officer)
    client.force_login(finance_officer)
    page = client.get(reverse("finance:rate_cards")).content.decode()
    assert "Two carers: £9 more an hour or week" in page and "900p" not in page


# Work waiting -------------------------------------------------------------------------------------------

def _items(user) -> dict[str, int]:
    return {item.text: item.count for item in work_for(user)}


def test_the_finance_officer_sees_weeks_to_invoice_invoices_to_approve_and_runs_due(placed, broker,
                                                                                    finance_officer):
    monday = week_start()
    services.actuals_import(provider=placed["provider"], by=placed["user"], file_name="a.csv",
                            data=_file(_row(placed, _at(monday), reference="ECM-H1")))
    week = ProviderWeek.objects.get()
    if week.review == ProviderWeek.Review.WITH_BROKERAGE:
        assert _items(broker) == {"Week over the exception level to review": 1}
        services.week_clear(week=week, by=broker, note="Agreed")
    assert _items(finance_officer) == {"Reconciled week to review and invoice": 1}
    invoice = services.invoice_from_week(week=week, by=finance_officer)
    assert _items(finance_officer) == {"Invoice to approve": 1}
    assert _items(placed["user"]) == {"Invoice to check before approval": 1}
    services.invoice_approve(invoice=invoice, by=finance_officer)
    assert _items(finance_officer) == {"Payment run due": 1}
    services.payment_run(kind=PaymentRun.Kind.WEEKLY, period_end=timezone.localdate(), by=finance_officer)
    assert _items(finance_officer) == {}
    assert _items(placed["user"]) == {"Remittance advice from payments in the last 7 days": 1}


def test_the_home_pages_link_only_to_pages_the_person_may_open(client, placed, finance_officer):
    services.actuals_import(provider=placed["provider"], by=placed["user"], file_name="a.csv",
                            data=_file(_row(placed, _at(week_start() - timedelta(weeks=1)), reference="ECM-H2")))
    for user in (finance_officer, placed["user"]):
        client.force_login(user)
        for item in work_for(user):
            assert client.get(item.url).status_code == 200, item


def test_invoicing_four_weeks_not_yet_delivered_on_the_page_says_why(client, finance_officer):
    client.force_login(finance_officer)
    start = services.monday(timezone.localdate())
    response = client.post(reverse("finance:schedule_invoices"), {"period_start": start.isoformat()})
    page = response.content.decode()
    assert response.status_code == 200 and "which has not passed: invoice care once it has been delivered" in page
    assert "govuk-error-summary" in page and not Invoice.objects.exists()
