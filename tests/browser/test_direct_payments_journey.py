"""Direct payments and the Client Level Data return, end to end in a real browser, with axe-core on
every page.

A social worker meets a request by a direct payment on a prepaid card (the form sent empty first);
the finance officer makes the 4-weekly payment run, which pays the direct payment's periods, imports
the card's statement (a file with a bad row first, refused whole with its rows listed) and sees the
balance above 8 weeks' payments flagged, with the reason the person is given, and records a reclaim.
The head of commissioning builds the last quarter's return and reads its failures; the social worker
records the person's Client Level Data details; the head builds it again, finds it passes the national
checks, downloads the file and records it as sent; then reads ASCOF 3D and the direct payment
intelligence.
"""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage import services as brokerage
from commissioning.brokerage.models import CareRequest, Person
from commissioning.core.models import AuditEvent
from commissioning.directpayments.models import BalanceReview, DirectPayment, DirectPaymentAgreement
from commissioning.directpayments.returns.build import last_quarter_end
from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers.models import ServiceType

from .conftest import fill_date
from .test_approved_lists_journey import follow, menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
CARD = "5355 0000 1111 2222"


def statement(rows) -> dict:
    text = "card_reference,date,payee,payee_type,bought,amount,balance,hours\n" + "".join(
        ",".join(row) + "\n" for row in rows)
    return {"name": "card-statement.csv", "mimeType": "text/csv", "buffer": text.encode()}


def test_a_request_met_by_a_direct_payment_is_paid_checked_and_returned(open_as, make_person):
    today = timezone.localdate()
    quarter_end = last_quarter_end(today)
    start = quarter_end - timedelta(days=29)  # within the last ended quarter, so the return holds it
    home_care = ServiceType.objects.get(code="home-care-standard")
    lot = OpenListFactory().lots.first()
    lot.service_types.set([home_care])
    social_worker = make_person(Role.SOCIAL_WORKER, first_name="Sam", last_name="Worker")
    finance = make_person(Role.FINANCE_OFFICER, first_name="Fin", last_name="Officer")
    head = make_person(Role.HEAD_OF_COMMISSIONING, first_name="Hana", last_name="Head")
    care = brokerage.request_create(
        by=social_worker, person=Person(name="Frank Dakin", date_of_birth=date(1940, 2, 2), address="2 Mill Lane",
                                        postcode="DE1 1BX"),
        request=CareRequest(needs="Help to wash and dress", outcomes="Stay at home with his own carers", lot=lot,
                            service_type=home_care, hours_per_week=Decimal("10"), postcode="DE1 1BX",
                            start_date=start, budget_pence=25_000,
                            backdate_reason="Support began before the request was recorded"))
    brokerage.front_door_record(request=care, by=social_worker, option="technology", outcome="not_suitable")

    # The social worker meets the request by a direct payment
    worker = open_as(social_worker, who="Social worker (direct payments journey)")
    worker.visit(care.get_absolute_url(), label="the request")
    follow(worker, "Meet by a direct payment")
    page = worker.page
    page.get_by_label("Hours of support a week").fill("")
    worker.submit("Make the direct payment agreement", label="agreement, sent empty")
    worker.check_error_summary()
    page.get_by_label("Hours of support a week").fill("10")
    page.get_by_label("Hourly rate").fill("20.00")
    fill_date(page, "Start date", start)
    fill_date(page, "Review date", start + timedelta(weeks=6))
    page.get_by_label("A prepaid card").check()
    page.get_by_label("Card or account reference").fill(CARD)
    worker.submit("Make the direct payment agreement", label="the direct payment")
    agreement = DirectPaymentAgreement.objects.get()
    assert agreement.weekly_pence == 20000
    assert "10 hours a week at £20 an hour: £200 a week" in page.locator("main").inner_text()
    worker.visit(f"/direct-payments/{agreement.pk}/review/", label="record a review")
    worker.visit(f"/direct-payments/{agreement.pk}/end/", label="end the direct payment")

    # Finance makes the 4-weekly run, which pays the direct payment's periods due
    officer = open_as(finance, who="Finance officer (direct payments journey)")
    menu(officer, "Payments")
    follow(officer, "Make a payment run")
    officer.page.get_by_label("4-weekly (paid on schedule)").check()
    officer.submit("Make the run", label="4-weekly run made")
    periods = DirectPayment.objects.filter(agreement=agreement)
    assert periods.exists() and periods.first().amount_pence == 80000
    officer.visit("/direct-payments/", label="direct payments")
    follow(officer, str(periods.first().payment_run), label="the run's direct payments")
    assert "5355" not in officer.page.locator("main").inner_text()  # people are shown by reference
    assert f"{periods.count()} payment" in officer.page.locator("main").inner_text()

    # ... imports the card's statement: a bad row refuses the whole file
    day = today.strftime("%d/%m/%Y")
    officer.visit("/direct-payments/card-statements/import/", label="import a card statement")
    officer.page.get_by_label("Card statement (CSV)").set_input_files(statement([
        [CARD, day, "Bluebell Care", "Agency", "Agency care", "120.00", "1780.00", "6"],
        ["9999", day, "Lunch club", "Club", "Day activities", "12.00", "1768.00", ""]]))
    officer.submit("Import the statement", label="a statement with a bad row")
    officer.check_error_summary()
    assert "Row 3: the card 9999 is not a direct payment's card" in officer.page.locator("main").inner_text()
    assert not BalanceReview.objects.exists()
    officer.page.get_by_label("Card statement (CSV)").set_input_files(statement([
        [CARD, day, "Bluebell Care", "Agency", "Agency care", "120.00", "1780.00", "6"],
        [CARD, day, "Lunch club", "Other", "Day activities", "12.00", "1768.00", ""]]))
    officer.submit("Import the statement", label="the statement imported")
    assert "1 balance flagged for review" in officer.page.locator("main").inner_text()
    follow(officer, f"{agreement.reference}: £1,768", label="the balance review")
    assert "more than 8 weeks of your payments (8 × £200 = £1,600)" in officer.page.locator("main").inner_text()
    follow(officer, "Decide the review")
    officer.page.get_by_label("Record a reclaim").check()
    officer.page.get_by_label("Amount to reclaim").fill("168.00")
    officer.page.get_by_label("Reason for the decision").fill("Unspent since the personal assistant left")
    officer.submit("Record the decision", label="reclaim recorded")
    assert BalanceReview.objects.get().reclaim_pence == 16800

    # The head builds the quarter's return: the person's details are missing
    returns = open_as(head, who="Head of commissioning (direct payments journey)")
    returns.visit("/direct-payments/client-level-data/", label="the return")
    returns.page.get_by_label("Quarter").select_option(label=f"Quarter ending {quarter_end:%-d %B %Y}")
    returns.submit("Build and check the return", label="the return, with failures")
    text = returns.page.locator("main").inner_text()
    assert "NHS Number is missing: it must be given on every row" in text
    follow(returns, "Warnings", label="the return's warnings")

    # The social worker records the person's details; the return then passes
    worker.visit(agreement.get_absolute_url(), label="the direct payment again")
    follow(worker, "Client Level Data details of the person")
    page.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_label("Gender").fill("Male")
    page.get_by_label("Ethnicity").select_option(label="White: Irish")
    page.get_by_label("Primary support reason").fill("Learning Disability Support")
    page.get_by_label("Accommodation").select_option(label="Owner occupier or shared ownership scheme")
    page.get_by_label("Has an unpaid carer").fill("Unknown")
    page.get_by_label("Funding").select_option(label="Fully social care funded")
    worker.submit("Save the details", label="details saved")

    returns.visit("/direct-payments/client-level-data/", label="the return again")
    returns.page.get_by_label("Quarter").select_option(label=f"Quarter ending {quarter_end:%-d %B %Y}")
    returns.submit("Build and check the return", label="the return, passing")
    assert "No failures: the return passes the national checks" in returns.page.locator("main").inner_text()
    with returns.page.expect_download() as download:
        returns.page.get_by_role("link", name="Download the file").click()
    with open(download.value.path(), "rb") as handle:
        content = handle.read()
    assert content.startswith(b"LA Code,") and b"Direct payment" in content and b"Dakin" not in content
    assert AuditEvent.objects.filter(action="exported", actor=head).count() == 1
    returns.submit("Record as sent to the Department", label="the return sent")
    assert "Recorded as sent by Hana Head" in returns.page.locator("main").inner_text()

    returns.visit("/direct-payments/measures/", label="ASCOF 3D")
    assert "1 of the 1 people aged 18 and over" in returns.page.locator("main").inner_text()
    returns.visit("/intelligence/market/", label="market intelligence")
    follow(returns, "Direct payment spend and activity")
    assert "Agency care" in returns.page.locator("main").inner_text()

    for audit in (worker, officer, returns):
        audit.assert_clean()
