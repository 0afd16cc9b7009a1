"""Reads of planning, each starting from a scoped queryset."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from commissioning.core.home import WorkItem

from . import rules
from .choices import Committee, Period, TaskState
from .domain.funding import Allocation, allocate, need_weights
from .domain.timetable import Schedule, Step, back_schedule
from .models import (
    Area,
    CommitteeDate,
    FundingScenario,
    Gateway,
    IndicatorValue,
    MinimumPeriods,
    Project,
    Task,
    Template,
)


def areas(*, user):
    return Area.objects.for_user(user).prefetch_related("indicators")


def indicator_names(*, user) -> list[str]:
    return sorted(set(IndicatorValue.objects.for_user(user).values_list("indicator", flat=True)))


def indicator_table(*, user) -> tuple[list[str], list[tuple[Area, list[Decimal | None]]]]:
    """Each area's need indicators, one column per indicator."""
    names = indicator_names(user=user)
    rows = []
    for area in areas(user=user):
        values = {v.indicator: v.value for v in area.indicators.all()}
        rows.append((area, [values.get(n) for n in names]))
    return names, rows


def scenarios(*, user):
    return FundingScenario.objects.for_user(user).select_related("created_by", "approved_by")


def scenario_inputs(*, user, scenario: FundingScenario) -> dict:
    """The formula's arguments for a scenario over today's areas and indicators."""
    rows = list(areas(user=user))
    indicators = {a.name: {v.indicator: v.value for v in a.indicators.all()} for a in rows}
    weights = {k: Decimal(str(v)) for k, v in scenario.weights.items()}
    need = need_weights(indicators, weights) if rows else {}
    return {"budget_pence": scenario.budget_pence, "need": need,
            "previous_pence": {a.name: a.previous_pence for a in rows}, "floor": scenario.floor,
            "ceiling": scenario.ceiling}


def scenario_result(*, user, scenario: FundingScenario) -> Allocation | str:
    """The scenario's allocation, or why the formula cannot run on the areas entered."""
    try:
        return allocate(**scenario_inputs(user=user, scenario=scenario))
    except ValueError as error:
        return str(error)


def allocation_by_market(*, user, result: Allocation) -> tuple[dict[str, tuple[list[str], int]], list[str]]:
    """The finance budgets an allocation sets, one per market (its areas and the sum of their
    allocations: finance keeps budgets per market, not per area), and the areas with money that
    name no market yet."""
    market_of = {a.name: a.market_area_id for a in areas(user=user)}
    by_market: dict[str, tuple[list[str], int]] = {}
    unmapped = []
    for name, pence in result.pence.items():
        if not pence:
            continue
        if not market_of.get(name):
            unmapped.append(name)
            continue
        names, total = by_market.get(market_of[name], ([], 0))
        by_market[market_of[name]] = ([*names, name], total + pence)
    return by_market, sorted(unmapped)


def scenario_budgets(*, user, result: Allocation) -> tuple[list[tuple[str, list[str], int]], list[str]]:
    """`allocation_by_market` as rows a person reads: market, areas, budget."""
    from commissioning.accounts.selectors import market_names

    by_market, unmapped = allocation_by_market(user=user, result=result)
    names_of = market_names()
    order = list(names_of)
    return [(names_of.get(m, m), names, total)
            for m, (names, total) in sorted(by_market.items(), key=lambda kv: order.index(kv[0]))], unmapped


@dataclass
class Comparison:
    scenarios: list[tuple[FundingScenario, Allocation | str]]
    rows: list[tuple[Area, list[int | None]]]


def comparison(*, user) -> Comparison:
    """Every scenario side by side: each area's allocation under each."""
    shown = [(s, scenario_result(user=user, scenario=s)) for s in scenarios(user=user)]
    rows = []
    for area in areas(user=user):
        rows.append((area, [r.pence.get(area.name) if isinstance(r, Allocation) else None for _, r in shown]))
    return Comparison(scenarios=shown, rows=rows)


def periods(*, user) -> MinimumPeriods:
    return MinimumPeriods.objects.for_user(user).first() or MinimumPeriods()


def committee_dates(*, user):
    return CommitteeDate.objects.for_user(user)


def templates(*, user):
    return Template.objects.for_user(user).prefetch_related("stages__tasks", "gateways")


def projects(*, user):
    return Project.objects.for_user(user).select_related("owner", "template")


def project_tasks(*, user, project: Project):
    return Task.objects.for_user(user).filter(project=project).select_related("owner")


def project_gateways(*, user, project: Project):
    return Gateway.objects.for_user(user).filter(project=project).select_related("approved_by")


def steps_of(tasks, minimum: MinimumPeriods) -> list[Step]:
    labels = dict(Period.choices)
    return [Step(number=t.number, working_days=minimum.days(t.period) if t.period else t.working_days,
                 after=tuple(t.after), committee=str(t.committee or ""),
                 name=labels[str(t.period)].lower() if t.period else t.activity,
                 done_on=t.actual_date) for t in tasks]


def schedule_of(*, user, project: Project, tasks=None) -> Schedule:
    """The project's timetable back-scheduled from its wanted start over today's committee dates."""
    tasks = list(tasks if tasks is not None else project_tasks(user=user, project=project))
    meetings: dict[str, list] = {}
    for meeting in committee_dates(user=user):
        meetings.setdefault(str(meeting.committee), []).append(meeting.meets_on)
    return back_schedule(steps_of(tasks, periods(user=user)), wanted_start=project.wanted_start,
                         today=timezone.localdate(), meetings=meetings, committee_names=dict(Committee.choices))


def task_state(task: Task, today) -> TaskState:
    if task.actual_date:
        return TaskState.DONE
    if task.target_date and task.target_date < today:
        return TaskState.LATE
    return TaskState.DUE


def late_tasks(*, user):
    """Tasks of `user` whose target date has passed without an actual date."""
    return Task.objects.for_user(user).filter(owner=user, actual_date__isnull=True,
                                              target_date__lt=timezone.localdate())


def work_for(user) -> list[WorkItem]:
    """The late timetable tasks a person owns, and the delivery plan recommendations whose annual
    review is due, for their home page."""
    if getattr(user, "role", None) not in rules.PLAN:
        return []
    count = late_tasks(user=user).count()
    return [WorkItem(text="Late timetable tasks", count=count, url=reverse("planning:project_list") + "?mine=1"),
            WorkItem(text="Delivery plan recommendations to review", count=reviews_due(user=user).count(),
                     url=reverse("planning:delivery_plan") + "?mine=1")]


def home_links(user) -> list[tuple[str, str]]:
    """Planning's pages for council staff who may see them: the index, the calendar and the delivery plan."""
    if getattr(user, "role", None) not in rules.VIEW:
        return []
    return [("Plan: timetables, consultations, the funding formula and committee dates", reverse("planning:index")),
            ("See the commissioning calendar", reverse("planning:calendar")),
            ("Follow the strategy's delivery plan", reverse("planning:delivery_plan"))]


def tasks(*, user):
    return Task.objects.for_user(user)


def gateways(*, user):
    return Gateway.objects.for_user(user)


def forthcoming_opportunities(today) -> dict:
    """What providers may bid for, for the public page (no sign-in): lists open or reopening, and
    planned re-procurements' expected tender and contract start. Only public facts are read."""
    from commissioning.procurement.selectors import lists_open_to_applications

    lists = [lst for lst in lists_open_to_applications() if lst.end_date >= today]
    tenders = (Task.objects.filter(period=Period.TENDER, actual_date__isnull=True, project__wanted_start__gt=today)
               .select_related("project__owner").only("start_date", "project__name", "project__wanted_start",
                                                      "project__owner__market_area").order_by("start_date", "pk"))
    return {"lists": lists, "tenders": tenders}


def consultations(*, user):
    from .models import Consultation

    return Consultation.objects.for_user(user).prefetch_related("groups", "directorates").select_related("project")


def consultation_limit(*, user) -> int:
    from .models import ConsultationSettings

    row = ConsultationSettings.objects.for_user(user).first()
    return row.limit if row else ConsultationSettings().limit


def over_asked(*, user) -> list[tuple[str, int, object]]:
    """Groups asked more than the configured number of times within any 12 months (past or planned),
    with the most times and the first day of that 12 months: the clearing house's warning."""
    from datetime import timedelta

    from .models import ConsultedGroup

    limit = consultation_limit(user=user)
    out = []
    for group in ConsultedGroup.objects.for_user(user).prefetch_related("consultations"):
        days = sorted(c.starts_on for c in group.consultations.all())
        best, since, first = 0, None, 0
        for last, day in enumerate(days):
            while days[first] <= day - timedelta(days=365):
                first += 1
            if last - first + 1 > best:
                best, since = last - first + 1, days[first]
        if best > limit:
            out.append((group.name, best, since))
    return sorted(out, key=lambda row: (-row[1], row[0]))


def you_said_we_did():
    """Consultations with what we did recorded, for the public page: topic, dates, heard and did only."""
    from .models import Consultation

    return Consultation.objects.exclude(did="").exclude(heard="").only("topic", "starts_on", "ends_on", "heard", "did")


def aims(*, user):
    """The strategy's aims, each with its recommendations, their owners, milestones and evidence."""
    from django.db.models import Prefetch

    from .models import Aim

    return Aim.objects.for_user(user).prefetch_related(Prefetch(
        "recommendations", queryset=recommendations(user=user).prefetch_related("milestones")))


def recommendations(*, user):
    from .models import Recommendation

    return Recommendation.objects.for_user(user).select_related("aim", "owner")


def recommendation_evidence(*, user, recommendation):
    from .models import Evidence

    return (Evidence.objects.for_user(user).filter(recommendation=recommendation)
            .select_related("project", "consultation", "approved_list", "added_by"))


def recommendation_reviews(*, user, recommendation):
    from .models import Review

    return Review.objects.for_user(user).filter(recommendation=recommendation).select_related("by")


def milestones(*, user):
    from .models import Milestone

    return Milestone.objects.for_user(user).select_related("recommendation")


def reviews_due(*, user):
    """Recommendations `user` owns whose annual review date has come."""
    return recommendations(user=user).filter(owner=user, next_review_on__lte=timezone.localdate())


def directorates(*, user):
    from .models import Directorate

    return Directorate.objects.for_user(user)


def feed_token(*, user):
    from .models import FeedToken

    return FeedToken.objects.for_user(user).filter(user=user).first()


def feed_user(token: str):
    """The active council user a calendar feed address belongs to, or None (a wrong or revoked address)."""
    from .models import FeedToken

    if not token or len(token) > 64:
        return None
    row = FeedToken.objects.filter(token=token).select_related("user").first()
    if row is None or not row.user.is_active or getattr(row.user, "role", None) not in rules.FEED:
        return None
    return row.user
