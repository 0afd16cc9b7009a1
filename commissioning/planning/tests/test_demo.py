"""The planning demo is made through the services and gives a feasible scenario and a timetable that can be met."""
import random
from datetime import date

import pytest

from commissioning.accounts.roles import MarketArea, Role
from commissioning.planning import selectors
from commissioning.planning.demo import seed_planning


@pytest.mark.django_db
def test_the_planning_demo_loads(make_user):
    users = {"head": make_user(Role.HEAD_OF_COMMISSIONING),
             "lead.home-care": make_user(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.HOME_CARE)}
    counts = seed_planning(rng=random.Random(1), users=users, today=date.today())
    assert counts == {"areas": 4, "scenarios": 2, "tasks": 36, "consultations": 1, "recommendations owned": 5}
    assert [r.text[:25] for r in selectors.reviews_due(user=users["lead.home-care"])] == [
        "There are multiple forthc"]
    head = users["head"]
    for scenario in selectors.scenarios(user=head):
        assert selectors.scenario_result(user=head, scenario=scenario).feasible, scenario.name
    project = selectors.projects(user=head).get()
    assert selectors.schedule_of(user=head, project=project).can_be_met
