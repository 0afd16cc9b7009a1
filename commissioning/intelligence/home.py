"""What market intelligence adds to the home pages: links for council staff, the week's bed returns
waiting for a care home's provider user."""
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from commissioning.core.home import WorkItem

from . import rules


def links(user) -> list[tuple[str, str]]:
    """The market pages for council staff; importing unit costs for those who may."""
    if user.role not in rules.VIEW:
        return []
    found = [("See the commissioning cycle: analyse, plan, do and review on one page", reverse("intelligence:cycle")),
             ("See the care market: demand, forecast, supply and vacancies", reverse("intelligence:market")),
             ("See the gaps: demand against supply, unmet need and out-of-area placements",
              reverse("intelligence:gaps")),
             ("See supply over time: ratings mix, exits and failures", reverse("intelligence:supply")),
             ("Compare unit costs and Oflog measures with other councils", reverse("intelligence:benchmarks"))]
    if user.role in rules.IMPORT:
        found.append(("Import a unit cost file", reverse("intelligence:benchmark_upload")))
    if user.role in rules.MANAGE_GROUPS:
        today = timezone.localdate()
        year = today.year if today.month >= 4 else today.year - 1
        found += [("Write and publish the Market Position Statement", reverse("intelligence:statement_edit")),
                  ("The value-for-money report for the scrutiny board",
                   reverse("intelligence:scrutiny", kwargs={"year": year}))]
    return found


def work(user) -> list[WorkItem]:
    """A provider user's care homes with no bed return yet for this week."""
    if user.role not in rules.PROVIDER or not user.provider_id:
        return []
    from . import selectors

    today = timezone.localdate()
    week = today - timedelta(days=today.weekday())
    homes = selectors.care_homes_of(user=user)
    sent = selectors.vacancy_returns(user=user).filter(week_start=week).values("service_id")
    missing = homes.exclude(pk__in=sent).count()
    return [WorkItem("Care homes whose bed return for this week is not sent", missing,
                     reverse("intelligence:vacancy_return"))]
