"""Prepaid-card statements: imported whole or refused whole with every row's reasons; balances above
the configured weeks' payments flagged with a reason the person can be given; a reclaim recorded by an
officer, never by the import."""
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.core.models import AuditEvent
from commissioning.directpayments.choices import HeldAs, ReviewStatus
from commissioning.directpayments.models import BalanceReview, CardStatementImport, CardTransaction
from commissioning.directpayments.services import balance_review_decide, card_statement_import
from commissioning.directpayments.services.cards import ImportRefused

from .factories import card_csv, make_direct_payment

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)


@pytest.fixture
def card(make_request, social_worker):
    return make_direct_payment(social_worker, make_request(), start=date(2026, 1, 5), reference="CARD-1")  # £200/wk


def test_a_good_statement_is_imported_and_a_surplus_flagged_with_a_reason(card, make_user, provider):
    officer = make_user(Role.FINANCE_OFFICER)
    statement = card_statement_import(by=officer, file_name="feb.csv", today=TODAY, content=card_csv([
        ["CARD-1", "02/02/2026", provider.name, "Agency", "Agency care", "120.00", "1680.00", "6"],
        ["CARD-1", "09/02/2026", "J Smith", "Personal assistant", "Personal assistant support", "80.00", "1600.01", ""],
    ]))
    assert statement.rows == 2 and CardTransaction.objects.count() == 2
    first = CardTransaction.objects.get(row=2)
    assert first.provider == provider and first.payee_type == "agency" and first.amount_pence == 12000
    # The latest balance, £1,600.01, is above 8 weeks of £200: flagged
    review = BalanceReview.objects.get()
    assert review.balance_pence == 160001 and review.threshold_pence == 160000 and review.weeks == 8
    assert review.reason.startswith("On 9 February 2026 your direct payment card held £1,600.01. That is more "
                                    "than 8 weeks of your payments (8 × £200 = £1,600).")
    assert review.status == ReviewStatus.OPEN and review.reclaim_pence is None  # nothing reclaimed by the import
    assert statement.flagged == 1
    assert AuditEvent.objects.filter(object_repr=str(statement)).exists()


def test_a_balance_at_exactly_the_weeks_is_not_flagged(card, administrator):
    card_statement_import(by=administrator, file_name="a.csv", today=TODAY, content=card_csv([
        ["CARD-1", "02/02/2026", "J Smith", "Personal assistant", "Personal assistant support", "10.00", "1600.00",
         ""]]))
    assert not BalanceReview.objects.exists()


@override_settings(DIRECT_PAYMENT_SURPLUS_WEEKS=4)
def test_the_weeks_are_configured(card, administrator):
    card_statement_import(by=administrator, file_name="a.csv", today=TODAY, content=card_csv([
        ["CARD-1", "2026-02-02", "J Smith", "Personal assistant", "Personal assistant support", "10.00", "800.01",
         ""]]))
    assert BalanceReview.objects.get().threshold_pence == 80000


def test_one_bad_row_refuses_the_whole_file_with_every_reason(card, make_request, social_worker, administrator):
    make_direct_payment(social_worker, make_request(), start=date(2026, 1, 5), reference="ACC-9",
                        held_as=HeldAs.OWN)
    with pytest.raises(ImportRefused) as refused:
        card_statement_import(by=administrator, file_name="bad.csv", today=TODAY, content=card_csv([
            ["CARD-1", "02/02/2026", "J Smith", "Personal assistant", "Personal assistant support", "10.00",
             "2500.00", ""],
            ["CARD-2", "31/02/2026", "", "agency ltd", "Holiday", "-5", "ten", "x"],
            ["ACC-9", "02/04/2026", "Shop", "Other", "Equipment", "1.005", "1.00", ""],
            ["CARD-1", "01/01/2026", "Shop", "other", "equipment", "1.00", "1.00", ""],
        ]))
    reasons = refused.value.reasons
    assert reasons[0] == ("Row 3: the card CARD-2 is not a direct payment's card; the date 31/02/2026 is not a "
                          "date like 31/03/2026; the payee is empty; the payee type agency ltd is not one of "
                          "Agency, Personal assistant, Other; what was bought, Holiday, is not one of Agency care, "
                          "Personal assistant support, Day activities, Short breaks, Equipment, Other; the amount "
                          "-5 is not an amount in pounds and pence, 0 or more; the balance ten is not an amount in "
                          "pounds and pence; the hours x are not a number of hours, like 7.5")
    assert reasons[1] == ("Row 4: the card ACC-9 belongs to a direct payment held as the person's own bank "
                          "account, not a prepaid card; the date is in the future; the amount 1.005 is not an "
                          "amount in pounds and pence, 0 or more")
    assert reasons[2] == "Row 5: the date is before the direct payment started"
    assert len(reasons) == 3  # row 2 is good, and labels are matched whatever their capitals
    assert not CardStatementImport.objects.exists() and not CardTransaction.objects.exists()
    assert not BalanceReview.objects.exists()


def test_a_file_without_its_columns_or_seen_before_is_refused(card, administrator):
    with pytest.raises(ImportRefused, match="The file has no bought, balance columns"):
        card_statement_import(by=administrator, file_name="x.csv", today=TODAY,
                              content=b"card_reference,date,payee,payee_type,amount\n")
    good = card_csv([["CARD-1", "02/02/2026", "J Smith", "Personal assistant", "Personal assistant support",
                      "10.00", "100.00", ""]])
    card_statement_import(by=administrator, file_name="a.csv", today=TODAY, content=good)
    with pytest.raises(ImportRefused, match="This file was imported on"):
        card_statement_import(by=administrator, file_name="a-again.csv", today=TODAY, content=good)
    assert CardTransaction.objects.count() == 1


def test_the_import_page_lists_every_row_to_fix(client, card, make_user):
    client.force_login(make_user(Role.FINANCE_OFFICER))
    upload = SimpleUploadedFile("bad.csv", card_csv([["NOPE", "02/02/2026", "J Smith", "Agency", "Agency care",
                                                      "1.00", "1.00", ""]]), content_type="text/csv")
    page = client.post(reverse("directpayments:card_import"), {"file": upload}).content.decode()
    assert "The file was not imported: 1 problem" in page
    assert "Row 2: the card NOPE is not a direct payment&#x27;s card" in page
    assert not CardTransaction.objects.exists()


def test_a_reclaim_is_recorded_by_an_officer_with_its_reason(client, card, make_user, social_worker):
    officer = make_user(Role.FINANCE_OFFICER)
    card_statement_import(by=officer, file_name="a.csv", today=TODAY, content=card_csv([
        ["CARD-1", "02/02/2026", "J Smith", "Personal assistant", "Personal assistant support", "10.00", "2000.00",
         ""]]))
    review = BalanceReview.objects.get()
    url = reverse("directpayments:review_decide", args=[review.pk])
    client.force_login(social_worker)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    too_much = client.post(url, {"decision": "reclaim", "reclaim": "2000.01", "note": "Unspent for months"})
    assert "The amount to reclaim cannot be more than the balance, £2,000" in too_much.content.decode()
    no_reason = client.post(url, {"decision": "reclaim", "reclaim": "400", "note": ""})
    assert "Give the reason for the decision" in no_reason.content.decode()
    client.post(url, {"decision": "reclaim", "reclaim": "400.00", "note": "Four weeks unspent since the PA left"})
    review.refresh_from_db()
    assert review.status == ReviewStatus.RECLAIM and review.reclaim_pence == 40000 and review.decided_by == officer
    assert AuditEvent.objects.filter(object_repr=str(review), action="status_changed").exists()
    with pytest.raises(Exception, match="already been decided"):
        balance_review_decide(by=officer, review=review, decision="kept", note="Again")
