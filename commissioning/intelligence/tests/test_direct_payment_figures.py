"""Direct payments in the market figures: people with one by market, their share of everyone supported,
the year's payments and what the cards bought, on the market page and in the Market Position Statement."""
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.directpayments.services import card_statement_import, direct_payment_end
from commissioning.directpayments.tests.factories import card_csv, make_direct_payment
from commissioning.finance.models import PaymentRun
from commissioning.finance.services.payments import payment_run
from commissioning.finance.tests.factories import AcceptedAgreementFactory
from commissioning.intelligence.models import Figure
from commissioning.intelligence.services import figures_refresh, statement_draft_save, statement_publish

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)


@pytest.fixture
def paid(make_request, social_worker, administrator, provider):
    """One person with a direct payment of £200 a week since 5 January, paid for two four-week periods,
    whose card bought £120 of agency care and £80 from a personal assistant; one ended direct payment;
    one person in a placed package."""
    card = make_direct_payment(social_worker, make_request(), start=date(2026, 1, 5), reference="CARD-1")
    payment_run(kind=PaymentRun.Kind.FOUR_WEEKLY, period_end=date(2026, 2, 8), by=administrator)
    card_statement_import(by=administrator, file_name="feb.csv", today=TODAY, content=card_csv([
        ["CARD-1", "02/02/2026", provider.name, "Agency", "Agency care", "120.00", "1680.00", "6"],
        ["CARD-1", "09/02/2026", "J Smith", "Personal assistant", "Personal assistant support", "80.00", "1600.00",
         ""]]))
    ended = make_direct_payment(social_worker, make_request(), start=date(2025, 6, 2), reference="CARD-2")
    direct_payment_end(by=social_worker, agreement=ended, end_date=date(2025, 12, 31), reason="Moved away")
    AcceptedAgreementFactory()
    return card


def test_the_refresh_counts_direct_payments_running_today_and_the_years_payments(paid):
    figures_refresh(today=TODAY)
    people = Figure.objects.get(key="direct_payments.people")
    assert people.value == 1 and people.section == "direct_payments"
    assert people.detail["by_market"] == [{"market": "Home care, day opportunities and respite", "people": 1}]
    assert Figure.objects.get(key="direct_payments.share").value == Decimal("50.0")  # 1 of 1 + 1 placed
    paid_year = Figure.objects.get(key="direct_payments.paid")
    # Two periods of £800 for the running one, nothing for the ended one (no run covered its dates)
    assert paid_year.value == Decimal("1600.00") and paid_year.unit == "pounds"
    assert paid_year.detail["by_market"] == [
        {"market": "Home care, day opportunities and respite", "pounds": "1600", "people": 1}]
    assistants = Figure.objects.get(key="direct_payments.personal_assistants")
    assert assistants.value == Decimal("40.0")
    assert assistants.detail["by_bought"] == [{"bought": "Agency care", "pounds": "120"},
                                              {"bought": "Personal assistant support", "pounds": "80"}]


def test_with_no_direct_payments_the_shares_are_not_available_rather_than_nought():
    figures_refresh(today=TODAY)
    assert Figure.objects.get(key="direct_payments.people").value == 0
    assert Figure.objects.get(key="direct_payments.share").value is None
    assert Figure.objects.get(key="direct_payments.personal_assistants").value is None


def test_the_market_page_and_the_statement_show_them(paid, client, make_user):
    figures_refresh(today=TODAY)
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    client.force_login(head)
    page = client.get(reverse("intelligence:market")).content.decode()
    section = page[page.index(">Direct payments</h2>"):]
    assert "People with a direct payment" in section and "£1,600.00" in section
    assert reverse("directpayments:intelligence") in section

    statement_draft_save(by=head, context="Our market.", intentions={}, working_with_us="Talk to us.")
    edition = statement_publish(by=head)
    client.logout()
    public = client.get(edition.get_absolute_url()).content.decode()
    table = public[public.index(">Direct payments</caption>"):]
    assert "Card spending on personal assistants in the last 12 months" in table and "40.00%" in table
    assert "£1,600" in table


def test_a_provider_user_is_not_offered_the_direct_payment_spending_page(paid, client, provider_user):
    figures_refresh(today=TODAY)
    client.force_login(provider_user)
    response = client.get(reverse("intelligence:market"))
    assert reverse("directpayments:intelligence") not in response.content.decode()
