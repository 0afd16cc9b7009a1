"""Factories of planning records, made through the services where a user would make them."""
from datetime import date
from decimal import Decimal

from commissioning.planning import services
from commissioning.planning.models import Template

SEED_TEMPLATE = "Open procedure re-tender (Neighbourhood Networks, project 4092)"


def make_areas(by, rows=(("North", 4_000_000, 300, 30), ("South", 4_000_000, 100, 10)), market_area="home_care"):
    """Areas with last year's allocation and two need indicators (people aged 65 to 84, 85 and over),
    each funding the given market's budget."""
    areas = []
    for name, previous, older, oldest in rows:
        area = services.area_save(by=by, name=name, previous_pence=previous, market_area=market_area)
        services.indicator_set(by=by, area=area, indicator="Aged 65 to 84", value=Decimal(older))
        services.indicator_set(by=by, area=area, indicator="Aged 85 and over", value=Decimal(oldest))
        areas.append(area)
    return areas


def make_scenario(by, *, floor=Decimal(0), budget_pence=10_000_000, ceiling=None, name="No loss",
                  financial_year=2027):
    return services.scenario_create(by=by, name=name, budget_pence=budget_pence, floor=floor, ceiling=ceiling,
                                    weights={"Aged 65 to 84": Decimal(1), "Aged 85 and over": Decimal(1)},
                                    financial_year=financial_year)


def directorate(name="Adult Social Care", market_areas=("care_homes", "supported_living", "home_care", "specialist")):
    """A directorate (the migrations make Adult Social Care, Children's Services and Public Health)."""
    from commissioning.accounts.models import Market
    from commissioning.planning.models import Directorate

    directorate, made = Directorate.objects.get_or_create(name=name)
    if made:
        directorate.markets.set(Market.objects.filter(code__in=market_areas))
    return directorate


def seed_template():
    return Template.objects.get(name=SEED_TEMPLATE)


def make_project(by, *, wanted_start=date(2027, 4, 1), owner=None, name="Neighbourhood Networks re-tender"):
    return services.project_create(by=by, template=seed_template(), name=name, wanted_start=wanted_start,
                                   owner=owner or by, reference="4092")


def planning_objects(objects: dict) -> dict:
    """One of each planning record for the permission matrix, made once per test and kept in `objects`."""
    if "planning" not in objects:
        from commissioning.planning.models import (
            Area,
            CommitteeDate,
            Consultation,
            FundingScenario,
            Gateway,
            Milestone,
            Project,
            Recommendation,
            Task,
        )

        by = objects["admin"]
        template = seed_template()
        project = Project.objects.create(name="Re-tender", template=template, wanted_start=date(2030, 4, 1),
                                         owner=by, created_by=by)
        objects["planning"] = {
            "area": Area.objects.create(name="North", previous_pence=100),
            "scenario": FundingScenario.objects.create(name="No loss", budget_pence=100, created_by=by,
                                                       weights={"Aged 85 and over": "1"}),
            "project": project, "template": template,
            "task": Task.objects.create(project=project, stage="Pre Procurement Stage", stage_order=1, number=1,
                                        activity="Project Scoping", owner=by),
            "gateway": Gateway.objects.create(project=project, name="Strategy", after_task=1),
            "meeting": CommitteeDate.objects.create(committee="cabinet", meets_on=date(2030, 1, 10)),
            "recommendation": Recommendation.objects.order_by("pk").first(),
            "milestone": Milestone.objects.order_by("pk").first(),
            "directorate": directorate(),
            "consultation": Consultation.objects.create(topic="Respite", method="survey",
                                                        starts_on=date(2030, 1, 1), ends_on=date(2030, 2, 1),
                                                        created_by=by),
        }
    return objects["planning"]
