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
# The neighbourhood networks budget is commissioned within home care, day opportunities and respite.
AREA_MARKET = "home_care"
# Who owns each aim's recommendations: the lead commissioner whose market it most touches.
AIM_OWNERS = {2: "head", 4: "head", 5: "lead.supported-living", 8: "lead.home-care"}


def _next_thursdays(start: date, every_weeks: int, count: int) -> list[date]:
    first = start + timedelta(days=(3 - start.weekday()) % 7)
    return [first + timedelta(weeks=every_weeks * n) for n in range(count)]


@transaction.atomic
def seed_planning(*, rng: random.Random, users: dict, today: date) -> dict:
    head, lead = users["head"], users["lead.home-care"]
    for name, previous, older, oldest in AREAS:
        area = services.area_save(by=head, name=name, previous_pence=previous, market_area=AREA_MARKET)
        services.indicator_set(by=head, area=area, indicator="Aged 65 to 84", value=Decimal(older))
        services.indicator_set(by=head, area=area, indicator="Aged 85 and over", value=Decimal(oldest))
    budget = sum(p for _, p, _, _ in AREAS) * 103 // 100
    weights = {"Aged 65 to 84": Decimal(1), "Aged 85 and over": Decimal(2)}
    next_year = today.year + 1 if today.month >= 4 else today.year
    services.scenario_create(by=head, name="No area loses", budget_pence=budget, floor=Decimal(0), ceiling=None,
                             weights=weights, financial_year=next_year)
    services.scenario_create(by=head, name="2% floor, 6% ceiling", budget_pence=budget, floor=Decimal("0.02"),
                             ceiling=Decimal("0.06"), weights=weights, financial_year=next_year)
    for day in _next_thursdays(today + timedelta(days=rng.randint(5, 12)), 6, 18):
        services.committee_date_save(by=head, committee="cabinet", meets_on=day)
    template = selectors.templates(user=lead).first()
    project = services.project_create(by=lead, template=template, name="Day opportunities re-tender",
                                      reference="DO-2029", wanted_start=today.replace(day=1) + timedelta(days=800),
                                      owner=lead)
    asking = list(selectors.directorates(user=lead).filter(name__in=["Adult Social Care", "Public Health"]))
    consultation = services.consultation_record(
        by=lead, topic="Day opportunities: what matters to you", directorates=asking,
        groups=["Carers' forum", "Day opportunities providers"], method="event",
        starts_on=today + timedelta(days=14), ends_on=today + timedelta(days=42), project=project)
    reviews = _delivery_plan(users=users, today=today, project=project, consultation=consultation)
    return {"areas": len(AREAS), "scenarios": 2, "tasks": project.tasks.count(), "consultations": 1,
            "recommendations owned": reviews}


def _delivery_plan(*, users: dict, today: date, project, consultation) -> int:
    """Owners, ratings and review dates on the migrated recommendations; the operational one (tender
    opportunities communicated in time) is evidenced by the re-tender and its consultation, and its
    annual review has come, so its owner sees it on their home page."""
    owned = 0
    for recommendation in selectors.recommendations(user=users["head"]):
        owner = users.get(AIM_OWNERS.get(recommendation.aim.number, "head")) or users["head"]
        due = recommendation.aim.number == 8
        services.recommendation_save(
            by=users["head"], recommendation=recommendation, aim=recommendation.aim, kind=recommendation.kind,
            text=recommendation.text, owner=owner, rag="amber" if due else "green",
            rag_reason=("Day opportunities re-tender planned; providers not yet told of the other tenders" if due
                        else "On track"),
            next_review_on=today - timedelta(days=3) if due else today + timedelta(days=200))
        if due:
            services.evidence_add(by=owner, recommendation=recommendation, project=project)
            services.evidence_add(by=owner, recommendation=recommendation, consultation=consultation)
        owned += 1
    return owned
