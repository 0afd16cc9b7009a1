"""One test per planning page: what a person sees and what the page refuses."""
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.planning import selectors, services
from commissioning.planning.models import Task

from .factories import make_areas, make_project, make_scenario, seed_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(make_user):
    return make_user(Role.HEAD_OF_COMMISSIONING)


def test_the_funding_page_shows_areas_and_scenarios_side_by_side(client, head):
    make_areas(head)
    make_scenario(head, name="No loss")
    make_scenario(head, name="Two per cent floor", floor=0, budget_pence=12_000_000)
    client.force_login(head)
    page = client.get(reverse("planning:funding")).content.decode()
    assert "Scenarios side by side" in page and "No loss" in page and "Two per cent floor" in page
    assert "£60,000" in page and "£40,000" in page and "Aged 85 and over" in page


def test_a_scenario_shows_its_waterfall_and_the_head_approves_it(client, head):
    make_areas(head)
    scenario = make_scenario(head)
    client.force_login(head)
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert "Floor top-up" in page and "Scaled gain above the floor" in page and "0.5714" in page
    assert "£15,000" in page  # South's top-up from £25,000 raw to its £40,000 floor
    assert "Finance budgets approval sets" in page and "April 2027 to March 2028" in page
    assert "Home care, day opportunities and respite</td><td class=\"govuk-table__cell\">North, South" in page
    response = client.post(reverse("planning:scenario_approve", args=[scenario.pk]), follow=True)
    assert ("Allocation approved: the markets&#x27; budgets for 2027-28 are set in finance"
            in response.content.decode())
    scenario.refresh_from_db()
    assert scenario.approved_at


def test_an_infeasible_scenario_says_so_and_offers_no_approval(client, head):
    make_areas(head)
    scenario = make_scenario(head, budget_pence=7_000_000)
    client.force_login(head)
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert "not feasible: the floors cost more than the budget" in page and "£10,000 more than the budget" in page
    assert "Approve this allocation" not in page


def test_the_scenario_form_refuses_a_ceiling_below_the_floor(client, head):
    make_areas(head)
    client.force_login(head)
    response = client.post(reverse("planning:scenario_add"), {
        "name": "Capped", "budget": "100000", "floor": "2", "ceiling": "1", "w_0": "1", "w_1": "1"})
    assert "The ceiling must be the same as or above the floor" in response.content.decode()
    response = client.post(reverse("planning:scenario_add"), {
        "name": "Capped", "budget": "100000", "floor": "0", "ceiling": "5", "w_0": "1", "w_1": "2",
        "financial_year": "2027"})
    assert response.status_code == 302
    scenario = selectors.scenarios(user=head).get(name="Capped")
    assert scenario.budget_pence == 10_000_000 and str(scenario.ceiling) == "0.0500"


def test_areas_are_added_edited_and_uploaded(client, head):
    client.force_login(head)
    assert client.post(reverse("planning:area_add"), {"name": "", "previous": "x"}).status_code == 200
    response = client.post(reverse("planning:area_add"), {"name": "Inner East", "previous": "125000"})
    area = selectors.areas(user=head).get(name="Inner East")
    assert response["Location"] == reverse("planning:area_edit", args=[area.pk])
    client.post(reverse("planning:area_edit", args=[area.pk]), {
        "area-name": "Inner East", "area-previous": "130000", "need-new_indicator": "Aged 85 and over",
        "need-new_value": "812"})
    area.refresh_from_db()
    assert area.previous_pence == 13_000_000 and area.indicators.get().value == 812
    upload = SimpleUploadedFile("need.csv", b"area,Aged 85 and over\nInner West,640\n", content_type="text/csv")
    assert client.post(reverse("planning:indicators_upload"), {"file": upload}).status_code == 302
    bad = SimpleUploadedFile("need.csv", b"area,Aged 85 and over\nInner West,many\n", content_type="text/csv")
    page = client.post(reverse("planning:indicators_upload"), {"file": bad}).content.decode()
    assert "Row 2: Aged 85 and over must be a number" in page


def test_a_lead_commissioner_plans_a_procurement_and_sees_its_critical_path(client, commissioner):
    client.force_login(commissioner)
    start = date.today() + timedelta(days=900)
    services.committee_date_save(by=commissioner, committee="cabinet", meets_on=start - timedelta(days=180))
    response = client.post(reverse("planning:project_add"), {
        "name": "Neighbourhood Networks", "reference": "4092", "template": seed_template().pk,
        "wanted_start_day": start.day, "wanted_start_month": start.month, "wanted_start_year": start.year,
        "owner": commissioner.pk})
    project = selectors.projects(user=commissioner).get()
    assert response["Location"] == project.get_absolute_url()
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Pre Procurement Stage" in page and "Critical path" in page and "Start date for Contract" in page
    assert "The timetable can be met" in page


def test_the_project_form_refuses_a_start_in_the_past(client, commissioner):
    client.force_login(commissioner)
    page = client.post(reverse("planning:project_add"), {
        "name": "Late", "template": seed_template().pk, "wanted_start_day": 1, "wanted_start_month": 1,
        "wanted_start_year": 2020, "owner": commissioner.pk}).content.decode()
    assert "The wanted contract start must be in the future" in page


def test_moving_a_committee_date_on_its_page_makes_the_timetable_warn(client, commissioner):
    client.force_login(commissioner)
    client.post(reverse("planning:committee_list"), {"committee": "cabinet", "meets_on": "2028-03-09"})
    meeting = selectors.committee_dates(user=commissioner).get()
    project = make_project(commissioner, wanted_start=date(2028, 9, 1))
    assert "must go to Cabinet" not in client.get(project.get_absolute_url()).content.decode()
    client.post(reverse("planning:committee_edit", args=[meeting.pk]), {
        "committee": "cabinet", "meets_on_day": "12", "meets_on_month": "7", "meets_on_year": "2028"})
    page = client.get(project.get_absolute_url()).content.decode()
    assert "must go to Cabinet on 12 July 2028, but standstill" in page


def test_a_task_is_recorded_done_and_a_gateway_rated(client, commissioner):
    project = make_project(commissioner, wanted_start=date.today() + timedelta(days=900))
    task = Task.objects.get(project=project, number=1)
    client.force_login(commissioner)
    page = client.post(reverse("planning:task_done", args=[task.pk]), {
        "actual_date": (date.today() + timedelta(days=3)).isoformat()}).content.decode()
    assert "The date done must be today or in the past" in page
    client.post(reverse("planning:task_done", args=[task.pk]), {"actual_date": date.today().isoformat()})
    task.refresh_from_db()
    assert task.actual_date == date.today()
    gateway = project.gateways.first()
    assert "Choose the RAG rating" in client.post(reverse("planning:gateway_edit", args=[gateway.pk]),
                                            {"note": ""}).content.decode()
    client.post(reverse("planning:gateway_edit", args=[gateway.pk]), {"rag": "green", "note": "Board agreed"})
    gateway.refresh_from_db()
    assert gateway.rag == "green" and not gateway.approved_at


def test_the_minimum_periods_page_refuses_zero_days(client, commissioner):
    client.force_login(commissioner)
    page = client.post(reverse("planning:periods_edit"), {"tender": "0", "evaluation": "20", "standstill": "8",
                                                          "mobilisation": "40"}).content.decode()
    assert "The tender period must be at least 1 working day" in page
    client.post(reverse("planning:periods_edit"), {"tender": "30", "evaluation": "20", "standstill": "8",
                                                   "mobilisation": "40"})
    assert selectors.periods(user=commissioner).tender == 30


def test_the_template_page_lists_the_36_tasks(client, commissioner):
    client.force_login(commissioner)
    page = client.get(reverse("planning:template_detail", args=[seed_template().pk])).content.decode()
    assert "Identification of funding agreements" in page and "The standstill" in page
    assert page.count('<tr class="govuk-table__row"><td class="govuk-table__cell">') >= 36


def test_the_planning_index_tells_an_owner_of_late_tasks(client, commissioner):
    make_project(commissioner, wanted_start=date(2027, 4, 1))
    client.force_login(commissioner)
    page = client.get(reverse("planning:index")).content.decode()
    assert "late timetable task" in page
    assert "Late timetable tasks" in client.get(reverse("core:home")).content.decode()
    services.periods_update(by=commissioner, tender=25, evaluation=20, standstill=8, mobilisation=40)
