"""Planning's services: areas and need, scenarios and approval, timetables made from seed 002's
template and back-scheduled through committee dates and the configured periods."""
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commissioning.accounts.roles import Role
from commissioning.core.home import work_for
from commissioning.core.models import AuditEvent
from commissioning.planning import selectors, services
from commissioning.planning.models import Task

from .factories import make_areas, make_project, make_scenario, seed_template

pytestmark = pytest.mark.django_db

SEED_OWNERS = {1: "Project team", 3: "Project Manager", 5: "Project team (inc Supporting people / PCT)",
               6: "Project leader to coordinate", 10: "Project manager/PU", 23: "PU Legal team", 25: "",
               31: "Project Board", 33: "Adult Social Care contracts team – contracts drafted by PU legal team"}


@pytest.fixture
def head(make_user):
    return make_user(Role.HEAD_OF_COMMISSIONING)


def test_seed_002s_timetable_ships_as_a_template_of_36_tasks_in_order_with_their_owners():
    template = seed_template()
    stages = list(template.stages.all())
    assert [s.name for s in stages] == ["Pre Procurement Stage", "Shortlisting / Tender stage",
                                        "Contract award and lead in", "Review of Procurement Process"]
    tasks = [t for s in stages for t in s.tasks.all()]
    assert [t.number for t in tasks] == list(range(1, 37))
    assert tasks[0].activity == "Project Scoping" and tasks[-1].activity == "Start date for Contract"
    assert {n: tasks[n - 1].responsibility for n in SEED_OWNERS} == SEED_OWNERS
    assert [len(s.tasks.all()) for s in stages] == [17, 14, 5, 0]


def test_an_approved_scenario_records_its_allocations(head):
    make_areas(head)
    scenario = make_scenario(head)
    services.scenario_approve(by=head, scenario=scenario)
    scenario.refresh_from_db()
    assert scenario.approved_by == head
    assert sum(scenario.approved_pence.values()) == 10_000_000
    assert AuditEvent.objects.filter(object_id=scenario.pk, action="status_changed").exists()
    with pytest.raises(ValidationError, match="already approved"):
        services.scenario_approve(by=head, scenario=scenario)


def test_an_infeasible_scenario_cannot_be_approved(head):
    make_areas(head)
    scenario = make_scenario(head, budget_pence=7_000_000)
    result = selectors.scenario_result(user=head, scenario=scenario)
    assert not result.feasible and result.shortfall_pence == 1_000_000
    with pytest.raises(ValidationError, match="floors cost more"):
        services.scenario_approve(by=head, scenario=scenario)


def test_only_the_head_of_commissioning_approves_an_allocation(commissioner, head):
    make_areas(head)
    with pytest.raises(PermissionDenied):
        services.scenario_approve(by=commissioner, scenario=make_scenario(commissioner))


def test_need_indicators_upload_adds_areas_and_refuses_a_bad_file_whole(head):
    count = services.indicators_import(by=head, text="area,Aged 65 to 84,Aged 85 and over\nNorth,300,40\nEast,50,5\n")
    assert count == 4
    assert [a.name for a in selectors.areas(user=head)] == ["East", "North"]
    with pytest.raises(ValidationError) as error:
        services.indicators_import(by=head, text="area,Aged 65 to 84\nWest,lots\n,3\n")
    assert error.value.messages == ["Row 2: Aged 65 to 84 must be a number", "Row 3: enter the area"]
    assert not selectors.areas(user=head).filter(name="West").exists()


def test_population_by_age_from_the_ons_file_can_be_uploaded(head, tmp_path):
    import csv
    from pathlib import Path

    from django.conf import settings

    files = sorted((Path(settings.SHARED_DATA_DIR) / "ons").rglob("*.csv"))
    if not files:
        pytest.skip("The ONS population data is not on this machine")
    reader = csv.reader(files[0].open(encoding="utf-8-sig"))
    header = next(reader)
    rows = [r for _, r in zip(range(5), reader, strict=False)]
    numeric = [i for i, v in enumerate(rows[0]) if v.replace(",", "").replace(".", "").isdigit()][:2]
    if not numeric:
        pytest.skip("No numeric columns in the ONS file")
    lines = ["area," + ",".join(header[i] for i in numeric)]
    lines += [f"{r[0]}-{n}," + ",".join(r[i].replace(",", "") for i in numeric) for n, r in enumerate(rows)]
    assert services.indicators_import(by=head, text="\n".join(lines)) == len(rows) * len(numeric)


def test_a_project_is_back_scheduled_from_the_wanted_start(commissioner):
    services.committee_date_save(by=commissioner, committee="cabinet", meets_on=date(2026, 12, 16))
    project = make_project(commissioner, wanted_start=date(2027, 9, 1))
    tasks = {t.number: t for t in Task.objects.filter(project=project)}
    assert tasks[36].target_date == date(2027, 9, 1)
    assert tasks[35].start_date < tasks[35].target_date
    assert all(t.owner == commissioner for t in tasks.values())
    assert [g.after_task for g in project.gateways.all()] == [15, 31, 36]


def test_moving_a_cabinet_date_makes_the_timetable_warn(commissioner):
    meeting = services.committee_date_save(by=commissioner, committee="cabinet", meets_on=date(2028, 3, 9))
    project = make_project(commissioner, wanted_start=date(2028, 9, 1))
    schedule = selectors.schedule_of(user=commissioner, project=project)
    assert not any("Cabinet" in w for w in schedule.warnings)
    services.committee_date_save(by=commissioner, meeting=meeting, committee="cabinet", meets_on=date(2028, 7, 12))
    schedule = selectors.schedule_of(user=commissioner, project=project)
    assert any(w.startswith("Delegated decision process for all awards – Key Decision (also to the PCT Board) "
                            "must go to Cabinet on 12 July 2028, but standstill") for w in schedule.warnings)


def test_longer_minimum_periods_move_the_target_dates_earlier(commissioner):
    project = make_project(commissioner, wanted_start=date(2028, 4, 3))
    before = Task.objects.get(project=project, number=35).start_date
    services.periods_update(by=commissioner, tender=25, evaluation=20, standstill=8, mobilisation=60)
    assert Task.objects.get(project=project, number=35).start_date < before


def test_late_tasks_wait_on_their_owners_home_page(commissioner, make_user):
    on_time = make_project(commissioner, wanted_start=date(2029, 4, 2), name="On time")
    assert not [i for i in work_for(commissioner) if i.text == "Late timetable tasks"]
    project = make_project(commissioner, wanted_start=date(2027, 4, 1))
    late = Task.objects.filter(project=project, target_date__lt=date.today())
    count = late.count()
    assert count and not Task.objects.filter(project=on_time, target_date__lt=date.today()).exists()
    assert [i.count for i in work_for(commissioner) if i.text == "Late timetable tasks"] == [count]
    assert not [i for i in work_for(make_user(Role.PROCUREMENT_OFFICER)) if i.text == "Late timetable tasks"]
    services.task_complete(by=commissioner, task=late.order_by("number").first(), actual_date=date(2026, 1, 6))
    assert [i.count for i in work_for(commissioner) if i.text == "Late timetable tasks"] == [count - 1]


def test_a_red_gateway_cannot_be_approved_and_only_the_head_approves(commissioner, head):
    gateway = make_project(commissioner).gateways.first()
    with pytest.raises(PermissionDenied):
        services.gateway_record(by=commissioner, gateway=gateway, rag="green", note="", approve=True)
    with pytest.raises(ValidationError, match="Red"):
        services.gateway_record(by=head, gateway=gateway, rag="red", note="", approve=True)
    services.gateway_record(by=head, gateway=gateway, rag="amber", note="Budget still to agree", approve=True)
    gateway.refresh_from_db()
    assert gateway.approved_by == head and gateway.rag == "amber"


def test_a_wanted_start_in_the_past_is_refused(commissioner):
    with pytest.raises(ValidationError, match="future"):
        make_project(commissioner, wanted_start=date(2020, 1, 1))


def test_a_scenario_needs_a_weight_and_a_ceiling_not_below_the_floor(commissioner):
    with pytest.raises(ValidationError, match="weight"):
        services.scenario_create(by=commissioner, name="x", budget_pence=1, floor=Decimal(0), ceiling=None,
                                 weights={"a": Decimal(0)})
    with pytest.raises(ValidationError, match="ceiling"):
        services.scenario_create(by=commissioner, name="x", budget_pence=1, floor=Decimal("0.02"),
                                 ceiling=Decimal("0.01"), weights={"a": Decimal(1)})


def test_an_approved_allocation_sets_each_markets_finance_budget_once(head):
    """Finance budgets are per market: each market's budget is the sum of its areas' allocations."""
    from commissioning.finance.models import Budget, BudgetChange

    make_areas(head, rows=(("North", 4_000_000, 300, 30), ("South", 4_000_000, 100, 10)))
    make_areas(head, rows=(("East", 1_000_000, 100, 10),), market_area="care_homes")
    scenario = make_scenario(head, budget_pence=12_000_000)
    pence = selectors.scenario_result(user=head, scenario=scenario).pence
    services.scenario_approve(by=head, scenario=scenario)
    budgets = {b.market_area_id: b.amount_pence for b in Budget.objects.filter(financial_year=2027)}
    assert budgets == {"home_care": pence["North"] + pence["South"], "care_homes": pence["East"]}
    assert sum(budgets.values()) == 12_000_000
    change = BudgetChange.objects.get(budget__market_area="care_homes")
    assert change.reason == "Funding allocation approved: No loss" and change.by == head
    assert AuditEvent.objects.filter(action="created", note__startswith="£").count() == 2
    again = make_scenario(head, budget_pence=12_000_000, name="The same again")
    services.scenario_approve(by=head, scenario=again)
    assert {b.market_area_id: b.amount_pence for b in Budget.objects.filter(financial_year=2027)} == budgets
    assert BudgetChange.objects.count() == 2


def test_an_allocation_is_not_approved_until_every_funded_area_names_its_market(head):
    from commissioning.finance.models import Budget

    make_areas(head, market_area="")
    scenario = make_scenario(head)
    with pytest.raises(ValidationError, match="Say which market's budget each area funds before approving: "
                                              "North, South"):
        services.scenario_approve(by=head, scenario=scenario)
    assert not Budget.objects.exists()
    scenario.refresh_from_db()
    assert scenario.approved_at is None
