"""Paying a provider, end to end in a real browser, with axe-core on every page.

A home care provider uploads a week of visits from its call monitoring (a broken file first, which
is refused whole with its problems listed, and after the good one the same visits under another file
reference, refused as already uploaded); the finance officer sees the reconciliation with its
flags, brokerage clears the exception week, the officer makes the invoice; the provider disputes a
line and the officer resolves it; the officer approves the invoice and makes the weekly payment run;
the remittance appears in the provider's portal.
"""
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage import services as brokerage
from commissioning.brokerage.models import CareRequest, Person
from commissioning.finance.models import Invoice, ProviderWeek
from commissioning.procurement.models import Application, Membership
from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers.models import ServiceType
from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory

from .test_approved_lists_journey import follow, menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def people(make_person):
    home_care = ServiceType.objects.get(code="home-care-standard")
    provider = ProviderFactory(name="Ashfield Home Care")
    ServiceFactory(provider=provider, beds=None, hours_per_week=300, service_types=[home_care])
    approved_list = OpenListFactory()
    lot = approved_list.lots.first()
    lot.service_types.set([home_care])
    application = Application.objects.create(approved_list=approved_list, provider=provider, status="decided",
                                             weighted_score=Decimal(80), decision_due="2026-01-01")
    Membership.objects.create(lot=lot, provider=provider, application=application, rate_pence=2200,
                              admitted_on=timezone.localdate() - timedelta(days=100))
    broker = make_person(Role.BROKER, first_name="Bea", last_name="Broker")
    user = make_person(Role.PROVIDER_USER, provider=provider, first_name="Ash", last_name="Manager")
    care = brokerage.request_create(
        by=broker, person=Person(name="Frank Dakin", date_of_birth=date(1940, 2, 2), address="2 Mill Lane",
                                 postcode="DE1 1BX"),
        request=CareRequest(needs="Morning help", outcomes="Stay at home", lot=lot, service_type=home_care,
                            hours_per_week=Decimal("3.5"), postcode="DE1 1BX",
                            start_date=timezone.localdate() - timedelta(days=30), budget_pence=20_000,
                            backdate_reason="Care began on discharge from hospital, before the request"))
    brokerage.front_door_record(request=care, by=broker, option="technology", outcome="not_suitable")
    agreement = brokerage.direct_award(request=care, by=broker, provider=provider, reason="choice", note="Chosen")
    brokerage.agreement_respond(agreement=agreement, by=user, accept=True)
    return {"provider_user": user, "agreement": agreement, "broker": broker,
            "finance": make_person(Role.FINANCE_OFFICER, first_name="Fin", last_name="Officer")}


def week_csv(path, agreement, reference, *, broken=False):
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 7)
    rows = ["file_reference,provider,agreement,carer,scheduled_start,scheduled_end,check_in,check_out,method,"
            "exception_code"]
    for day in range(7):
        d = monday + timedelta(days=day)
        check_in = "" if day == 2 else f"{d}T08:{'40' if day == 4 else '02'}"
        rows.append(f"{reference},Ashfield Home Care,{agreement.reference},C7,{d}T08:00,{d}T08:30,{check_in},"
                    f"{d}T09:05,{'manual,M1' if day == 5 else 'call,'}")
    if broken:
        rows.append(f"{reference},Ashfield Home Care,ISA-99999,C7,{monday}T08:00,{monday}T08:30,,,call,")
    path.write_text("\n".join(rows) + "\n")
    return str(path)


def test_a_week_of_visits_is_reconciled_invoiced_disputed_and_paid(people, open_as, tmp_path):
    agreement = people["agreement"]
    provider = open_as(people["provider_user"], who="Provider (finance journey)")
    provider.check("the page they land on after signing in")
    menu(provider, "Actuals")
    provider.page.get_by_label("Call monitoring export (CSV)").set_input_files(
        week_csv(tmp_path / "broken.csv", agreement, "ECM-ASH-47", broken=True))
    provider.submit("Upload the visits", label="a broken file, refused whole")
    assert "no agreement or person 'ISA-99999'" in provider.page.locator("main").inner_text()
    provider.check_error_summary()
    provider.page.get_by_label("Call monitoring export (CSV)").set_input_files(
        week_csv(tmp_path / "week.csv", agreement, "ECM-ASH-47"))
    provider.submit("Upload the visits", label="the week imported and reconciled")
    week = ProviderWeek.objects.get()
    assert week.visits == 7 and week.missed == 1 and week.late == 1 and week.exception
    menu(provider, "Actuals")
    provider.page.get_by_label("Call monitoring export (CSV)").set_input_files(
        week_csv(tmp_path / "again.csv", agreement, "ECM-ASH-47-RESENT"))
    provider.submit("Upload the visits", label="the same visits under another file reference, refused")
    assert "Rows 2, 3, 4, 5, 6, 7 and 8 are visits already uploaded in file ECM-ASH-47" in \
        provider.page.locator("main").inner_text()
    provider.check_error_summary()
    assert ProviderWeek.objects.get().visits == 7

    finance = open_as(people["finance"], who="Finance officer (finance journey)")
    finance.check("the page they land on after signing in")
    menu(finance, "Payments")
    with finance.page.expect_navigation():
        finance.page.get_by_role("link", name=re.compile(f"Ashfield Home Care.*week of {week.week:%-d %b %Y}")).click()
    finance.check("the reconciled week, with its flags")
    text = finance.page.locator("main").inner_text()
    assert "Missed" in text and "Late" in text and "Manual" in text

    broker = open_as(people["broker"], who="Broker (finance journey)")
    broker.visit(week.get_absolute_url(), label="the exception week, with brokerage")
    broker.submit("Clear the week for payment", label="clearing, without a note")
    broker.check_error_summary()
    broker.page.get_by_label("What brokerage found").fill("Wednesday's visit was cancelled by the family")
    broker.submit("Clear the week for payment", label="week cleared")

    finance.visit(week.get_absolute_url(), label="the cleared week")
    finance.submit("Make the invoice", label="invoice made")
    invoice = Invoice.objects.get()

    menu(provider, "Invoices")
    follow(provider, str(invoice))
    provider.submit(f"Dispute the line {invoice.lines.get().description}", label="dispute, without a reason")
    provider.check_error_summary()
    provider.page.get_by_label("What is wrong with this line").fill("Wednesday was cancelled late: it is chargeable")
    provider.submit(f"Dispute the line {invoice.lines.get().description}", label="line disputed")
    invoice.refresh_from_db()
    assert invoice.status == "disputed"

    finance.visit(invoice.get_absolute_url(), label="the disputed invoice")
    finance.page.get_by_label("Resolution of this line").fill("Late cancellation: paid as planned")
    finance.page.get_by_label("Corrected amount (£), blank to keep it").fill(
        f"{Decimal(invoice.total_pence + 1100) / 100:.2f}")
    finance.submit(f"Resolve the line {invoice.lines.get().description}", label="line resolved")
    finance.submit("Approve for payment", label="invoice approved")
    menu(finance, "Payments")
    follow(finance, "Make a payment run")
    finance.page.get_by_label("Weekly (paid on actuals)").check()
    finance.submit("Make the run", label="payment run made")
    invoice.refresh_from_db()
    assert invoice.status == "paid"

    menu(provider, "Invoices")
    follow(provider, str(invoice.payment_run))
    assert f"Invoice {invoice}" in provider.page.locator("main").inner_text()

    for audit in (provider, finance, broker):
        audit.assert_clean()
