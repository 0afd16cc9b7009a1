"""Planning, end to end in a real browser, with axe-core on every page.

A lead commissioner sees a home care list ending on the commissioning calendar, enters a Cabinet
date, plans the re-procurement from the list's end date on seed 002's template (a form sent empty
first), sees the timetable can be met, records a task done and rates a gateway; moves the Cabinet
date too close to the contract start and sees the timetable warn. The same lead models a funding
scenario and reads its waterfall; a provider reads the public forthcoming opportunities page
without signing in. The lead also takes on a recommendation of the strategy's delivery plan (a
rating sent without its reason first), links the re-tender as its evidence, adds a milestone and
reviews it; adds a directorate; gets a personal calendar address and filters the calendar by
directorate. The head of commissioning approves the allocation and it sets the market's budget.
"""
import importlib
from datetime import date, timedelta

import pytest
from django.utils import timezone

from commissioning.accounts.roles import MarketArea, Role
from commissioning.finance.models import Budget
from commissioning.planning.models import FundingScenario, Recommendation, Task, Template
from commissioning.planning.tests.factories import SEED_TEMPLATE, make_areas
from commissioning.procurement.tests.factories import OpenListFactory

from .conftest import fill_date
from .test_approved_lists_journey import follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def lead(make_person):
    from django.apps import apps

    if not Template.objects.filter(name=SEED_TEMPLATE).exists():
        importlib.import_module("commissioning.planning.migrations.0002_neighbourhood_networks_template").forwards(
            apps, None)
    importlib.import_module("commissioning.planning.migrations.0005_strategy_delivery_plan").forwards(apps, None)
    return make_person(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.HOME_CARE, first_name="Lena",
                       last_name="Lead")


def test_a_lead_plans_a_re_procurement_and_sees_the_timetable_warn(lead, open_as, make_person):
    today = timezone.localdate()
    wanted = today + timedelta(days=520)
    ending = OpenListFactory(name="Home care list", market_area_id=MarketArea.HOME_CARE, lead_commissioner=lead,
                             start_date=date(wanted.year - 10, wanted.month, min(wanted.day, 28)), term_months=120)
    start = ending.end_date + timedelta(days=1)
    make_areas(lead)

    audit = open_as(lead, who="Lead commissioner (planning journey)")
    audit.visit("/planning/", label="planning")
    follow(audit, "Commissioning calendar")
    assert "Home care list ends" in audit.page.locator("main").inner_text()

    audit.visit("/planning/committees/", label="committee dates")
    audit.submit("Enter the date", label="a meeting without a date")
    audit.check_error_summary()
    fill_date(audit.page, "Meeting date", start - timedelta(days=180))
    audit.submit("Enter the date", label="Cabinet entered")

    audit.visit("/planning/timetables/", label="timetables")
    follow(audit, SEED_TEMPLATE, label="seed 002's template")
    audit.visit("/planning/timetables/add/", label="plan a procurement")
    audit.submit("Plan the timetable", label="plan, sent empty")
    audit.check_error_summary()
    audit.page.get_by_label("Project name").fill("Home care re-tender")
    fill_date(audit.page, "Wanted contract start", start)
    audit.submit("Plan the timetable", label="the timetable, back-scheduled")
    main = audit.page.locator("main").inner_text()
    assert "The timetable can be met" in main and "Critical path" in main
    project_path = audit.path()

    task = Task.objects.get(project__name="Home care re-tender", number=1)
    audit.visit(f"/planning/timetables/tasks/{task.pk}/done/", label="record task 1 done")
    audit.submit("Record it done", label="task 1 done")
    follow(audit, "Tendering strategy signed off by the Project Board", label="a gateway")
    audit.page.get_by_label("Amber").check()
    audit.submit("Save the gateway", label="gateway rated")

    audit.visit("/planning/consultations/", label="consultation register")
    follow(audit, "Register a consultation")
    audit.submit("Register the consultation", label="consultation, sent empty")
    audit.check_error_summary()
    audit.page.get_by_label("Topic").fill("Home care re-tender: what matters to you")
    audit.page.get_by_label("Adult Social Care").check()
    audit.page.get_by_label("Groups and provider sets asked").fill("Carers' forum\nHome care providers")
    audit.page.get_by_label("Event or workshop").check()
    fill_date(audit.page, "Start date", today + timedelta(days=7))
    fill_date(audit.page, "End date", today + timedelta(days=35))
    audit.page.get_by_label("Procurement it informs (optional)").select_option(label="Home care re-tender")
    audit.submit("Register the consultation", label="consultation registered")
    follow(audit, "Home care re-tender: what matters to you", label="a consultation")
    audit.page.get_by_label("What we heard").fill("Carers want the same carer each visit")
    audit.page.get_by_label("What we did").fill("Continuity of carer is in the specification")
    audit.submit("Save what we heard and did", label="what we did saved")

    audit.visit("/planning/", label="planning")
    follow(audit, "Delivery plan: the strategy's aims and recommendations", label="the delivery plan")
    assert "Engagement" in audit.page.locator("main").inner_text()
    operational = Recommendation.objects.get(kind="Operational")
    audit.visit(operational.get_absolute_url(), label="a recommendation")
    follow(audit, "Change the owner, rating or review date", label="change a recommendation")
    audit.page.get_by_label("Owner").select_option(label="Lena Lead")
    audit.page.get_by_label("Amber").check()
    audit.submit("Save the recommendation", label="a rating without its reason")
    audit.check_error_summary()
    audit.page.get_by_label("Reason for the rating").fill("Home care re-tender planned; providers not yet told")
    audit.submit("Save the recommendation", label="recommendation owned and rated")
    follow(audit, "Link a record that shows progress", label="link evidence")
    audit.page.get_by_label("Procurement timetable").select_option(label="Home care re-tender")
    audit.submit("Link the record", label="evidence linked")
    assert "Procurement timetable: Home care re-tender" in audit.page.locator("main").inner_text()
    follow(audit, "Add a milestone", label="add a milestone")
    audit.page.get_by_label("Milestone").fill("Home care tender announced at the provider forum")
    fill_date(audit.page, "Target date (optional)", today + timedelta(days=60))
    audit.submit("Add the milestone", label="milestone added")
    follow(audit, "Review it", label="review a recommendation")
    audit.page.get_by_label("What the review found").fill("Re-tender timetable agreed; forum date set")
    audit.page.get_by_label("Green").check()
    audit.submit("Record the review", label="review recorded")
    assert "Re-tender timetable agreed; forum date set" in audit.page.locator("main").inner_text()

    audit.visit("/planning/directorates/", label="directorates")
    audit.page.get_by_label("Directorate", exact=True).fill("Housing")
    audit.page.get_by_label("Supported living").check()
    audit.submit("Add the directorate", label="directorate added")
    audit.visit("/planning/calendar/", label="calendar")
    audit.submit("Get my calendar address", label="a personal calendar address")
    feed = audit.page.locator(".app-feed-address").inner_text()
    assert "/planning/calendar/feed/" in feed
    audit.page.get_by_label("Directorate", exact=True).select_option(label="Adult Social Care")
    audit.submit("Apply filters", label="calendar by directorate")
    assert "Home care list ends" in audit.page.locator("main").inner_text()

    audit.visit("/planning/committees/", label="committee dates")
    follow(audit, f"Move the Cabinet on {start - timedelta(days=180):%-d %B %Y}", label="move the Cabinet")
    fill_date(audit.page, "Meeting date", start - timedelta(days=20))
    audit.submit("Save the date", label="Cabinet moved")
    audit.visit(project_path, label="the timetable after the move")
    assert "must go to Cabinet on" in audit.page.locator("main").inner_text()

    audit.visit("/planning/minimum-periods/", label="minimum periods")
    audit.visit("/planning/funding/", label="funding formula")
    follow(audit, "Model a scenario")
    audit.page.get_by_label("Scenario name").fill("No area loses")
    audit.page.get_by_label("Budget").fill("100000")
    audit.page.get_by_label("Floor", exact=True).fill("0")
    audit.page.get_by_label("Financial year it funds").fill(str(today.year + 1))
    audit.submit("Save the scenario", label="the waterfall")
    assert "Floor top-up" in audit.page.locator("main").inner_text()
    audit.visit("/planning/funding/", label="scenarios side by side")
    follow(audit, "North", label="an area's need")
    audit.visit("/planning/funding/indicators/upload/", label="upload need indicators")

    head = open_as(make_person(Role.HEAD_OF_COMMISSIONING, first_name="Hana", last_name="Head"),
                   who="Head of commissioning (planning journey)")
    head.visit(FundingScenario.objects.get(name="No area loses").get_absolute_url(), label="a scenario to approve")
    head.submit("Approve this allocation", label="allocation approved")
    assert "are set in finance" in head.page.locator("main").inner_text()
    budget = Budget.objects.get(market_area=MarketArea.HOME_CARE, financial_year=today.year + 1)
    assert budget.amount_pence == 10_000_000

    public = open_as(None, who="Anyone (planning journey)")
    public.visit("/planning/forthcoming-opportunities/", label="forthcoming opportunities")
    assert "Home care re-tender" in public.page.locator("main").inner_text()
    public.visit("/planning/you-said-we-did/", label="you said, we did")
    assert "Continuity of carer is in the specification" in public.page.locator("main").inner_text()

    for who in (audit, head, public):
        who.assert_clean()
