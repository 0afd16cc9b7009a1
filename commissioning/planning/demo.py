"""Demo planning: four areas with last year's allocation and need by age, a no-loss scenario and
one with a 2% floor and a 6% ceiling, Cabinet dates, and the day-opportunities re-tender planned
from seed 002's template two years ahead with the consultation that informs it. Made through the
real services."""
import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from . import selectors, services

AREAS = [("Derby North", 61_000_000, 9_850, 2_010), ("Derby South", 58_500_000, 8_120, 1_540),
         ("Derby East", 47_250_000, 6_940, 1_380), ("Derby West", 52_400_000, 7_460, 1_690)]


def _next_thursdays(start: date, every_weeks: int, count: int) -> list[date]:
    first = start + timedelta(days=(3 - start.weekday()) % 7)
    return [first + timedelta(weeks=every_weeks * n) for n in range(count)]


@transaction.atomic
def seed_planning(*, rng: random.Random, users: dict, today: date) -> dict:
    head, lead = users["head"], users["lead.home-care"]
    for name, previous, older, oldest in AREAS:
        area = services.area_save(by=head, name=name, previous_pence=previous)
        services.indicator_set(by=head, area=area, indicator="Aged 65 to 84", value=Decimal(older))
        services.indicator_set(by=head, area=area, indicator="Aged 85 and over", value=Decimal(oldest))
    budget = sum(p for _, p, _, _ in AREAS) * 103 // 100
    weights = {"Aged 65 to 84": Decimal(1), "Aged 85 and over": Decimal(2)}
    services.scenario_create(by=head, name="No area loses", budget_pence=budget, floor=Decimal(0), ceiling=None,
                             weights=weights)
    services.scenario_create(by=head, name="2% floor, 6% ceiling", budget_pence=budget, floor=Decimal("0.02"),
                             ceiling=Decimal("0.06"), weights=weights)
    for day in _next_thursdays(today + timedelta(days=rng.randint(5, 12)), 6, 18):
        services.committee_date_save(by=head, committee="cabinet", meets_on=day)
    template = selectors.templates(user=lead).first()
    project = services.project_create(by=lead, template=template, name="Day opportunities re-tender",
                                      reference="DO-2029", wanted_start=today.replace(day=1) + timedelta(days=800),
                                      owner=lead)
    services.consultation_record(by=lead, topic="Day opportunities: what matters to you",
                                 directorates="Adult Social Care and Public Health",
                                 groups=["Carers' forum", "Day opportunities providers"], method="event",
                                 starts_on=today + timedelta(days=14), ends_on=today + timedelta(days=42),
                                 project=project)
    return {"areas": len(AREAS), "scenarios": 2, "tasks": project.tasks.count(), "consultations": 1}
