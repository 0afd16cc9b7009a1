"""An audit rated Red, end to end in a real browser, with axe-core on every page.

The quality officer plans the audit year, starts the audit, rates every standard and sends the
draft; the provider says it has no challenges; the officer publishes the final report (Red). The
lead commissioner finds the focused contract review listing the people placed there; the social
worker finds the safety check and records a person as safe; the provider sends its action plan in
the portal; the officer accepts it.
"""
from datetime import timedelta

import pytest
from django.utils import timezone

from commissioning.accounts.roles import MarketArea, Role
from commissioning.brokerage.models import Agreement, CareRequest, Person
from commissioning.procurement.models import Application, Membership
from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory
from commissioning.quality.choices import PlanStatus
from commissioning.quality.models import Audit

from .conftest import fill_date
from .test_approved_lists_journey import fill, follow, menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def people(make_person):
    provider = ProviderFactory(name="Cedar Care Homes")
    service = ServiceFactory(provider=provider, name="Cedar Lodge")
    approved_list = OpenListFactory()
    lot = approved_list.lots.first()
    application = Application.objects.create(approved_list=approved_list, provider=provider, status="decided",
                                             decision_due="2026-01-01")
    Membership.objects.create(lot=lot, provider=provider, application=application, rate_pence=80_000,
                              admitted_on=timezone.localdate() - timedelta(days=100))
    worker = make_person(Role.SOCIAL_WORKER, first_name="Sana", last_name="Worker")
    person = Person.objects.create(reference="P-000042", name="Edith Marshall", date_of_birth="1931-04-02",
                                   address="Cedar Lodge", postcode="DE1 1BX")
    request = CareRequest.objects.create(
        person=person, requested_by=worker, needs="Residential care", outcomes="Safe and settled", lot=lot,
        service_type=service.service_types.first(), hours_per_week=1, postcode="DE1 1BX", locality=service.locality,
        start_date="2026-02-02", budget_pence=80_000, status="placed", waiting_since=timezone.now())
    Agreement.objects.create(request=request, person=person, provider=provider, service=service, lot=lot,
                             route="direct", awarded_by=worker, rate_pence=80_000, counts_beds=True,
                             start_date="2026-02-02", weekly_cost_pence=80_000, status="accepted")
    return {
        "officer": make_person(Role.QUALITY_OFFICER, first_name="Quinn", last_name="Officer"),
        "lead": make_person(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.CARE_HOMES, first_name="Carla",
                            last_name="Homes"),
        "worker": worker,
        "provider": make_person(Role.PROVIDER_USER, provider=provider, first_name="Pat", last_name="Manager"),
    }


def test_a_red_audit_escalates_and_the_action_plan_is_accepted(people, open_as):
    officer = open_as(people["officer"], who="Quality officer (journey)")
    officer.check("the page they land on after signing in")
    menu(officer, "Quality")
    officer.submit("Plan the audits", label="the audit year planned")
    audit = Audit.objects.get()
    officer.page.get_by_role("link", name=f"{audit.get_kind_display()}, ", exact=False).first.click()
    officer.check("the planned audit")
    officer.submit("Start the audit", label="audit started")
    follow(officer, "Record ratings and evidence")
    officer.submit("Save ratings", label="ratings, submitted empty")
    officer.check_error_summary()
    page = officer.page
    fill(page, "Summary of the audit", "Medicines, staffing and records all fell short.")
    for radio in page.locator("input[type=radio][value=poor]").all():
        radio.check()
    for box in page.locator("textarea[name^=e]").all():
        box.fill("Seen on the visit")
    officer.submit("Save ratings", label="ratings saved")
    officer.submit("Send the draft to the provider", label="draft sent")

    provider = open_as(people["provider"], who="Provider (quality journey)")
    provider.check("the page they land on after signing in")
    menu(provider, "Audits")
    follow(provider, f"{audit.get_kind_display()}, {timezone.localdate():%-d %b %Y}")
    assert "Poor" in provider.page.locator("main").inner_text()
    provider.submit("Send the challenge", label="challenge, submitted empty")
    provider.check_error_summary()
    provider.submit("We have no more challenges", label="draft agreed")

    officer.visit(audit.get_absolute_url(), label="the audit, agreed by the provider")
    officer.submit("Publish the final report", label="final report published")
    audit.refresh_from_db()
    assert audit.rag == "red" and audit.status == "final"

    lead = open_as(people["lead"], who="Lead commissioner (quality journey)")
    lead.check("the page they land on after signing in")
    menu(lead, "Contract reviews")
    follow(lead, "Cedar Lodge")
    assert "Edith Marshall" in lead.page.locator("main").inner_text()

    worker = open_as(people["worker"], who="Social worker (quality journey)")
    worker.check("the page they land on after signing in")
    menu(worker, "Safety checks")
    follow(worker, "Cedar Lodge")
    worker.page.get_by_label("What the check found for P-000042").fill("Visited: safe, care plan reviewed")
    worker.submit("Record the check of P-000042", label="safety check recorded")
    assert "safe, care plan reviewed" in worker.page.locator("main").inner_text()

    menu(provider, "Audits")
    follow(provider, "Plan for Cedar Lodge")
    provider.submit("Send the action plan", label="action plan, sent empty")
    provider.check_error_summary()
    page = provider.page
    page.locator("#id_items-0-issue").fill("Medicines records incomplete")
    page.locator("#id_items-0-action").fill("Weekly audit of every MAR chart")
    page.locator("#id_items-0-owner").fill("Registered manager")
    fill_date(page.get_by_role("group", name="Action 1", exact=True), "Due date (optional)",
              timezone.localdate() + timedelta(days=30))
    provider.submit("Send the action plan", label="action plan sent")
    assert audit.action_plan.items.count() == 1

    officer.visit(audit.get_absolute_url(), label="the audit with its action plan")
    follow(officer, "Action plan")
    officer.page.get_by_label("Accept the plan", exact=True).check()
    officer.submit("Record the review", label="action plan accepted")
    audit.action_plan.refresh_from_db()
    assert audit.action_plan.status == PlanStatus.ACCEPTED

    for audit_ in (officer, provider, lead, worker):
        audit_.assert_clean()
