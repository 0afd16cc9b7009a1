"""Quality's links, shaped for the pages that show them: only those the person's role may open."""
from django.urls import reverse

from commissioning.accounts.roles import Role

from . import rules
from .choices import StandardRating
from .domain.rating import POINTS

# (text, URL name, roles that may open it), in the order pages list them.
SECTIONS = [
    ("The audit programme by risk", "quality:index", rules.VIEW),
    ("Provider concerns", "quality:concern_list", rules.CONCERNS),
    ("Focused contract reviews", "quality:review_list", rules.REVIEW),
    ("Safety checks", "quality:safety_list", rules.SAFETY),
    ("Audit framework: rating method, bands and RAG", "quality:framework", rules.AUDIT),
]
# The roles whose home page links to quality (others reach it from a provider's page).
HOME_ROLES = frozenset({Role.QUALITY_OFFICER, Role.LEAD_COMMISSIONER, Role.HEAD_OF_COMMISSIONING,
                        Role.SOCIAL_WORKER})


def links(user, *, leave_out: str | None = None) -> list[tuple[str, str]]:
    """The quality pages `user` may open, as (text, url)."""
    role = getattr(user, "role", None)
    return [(text, reverse(name)) for text, name, roles in SECTIONS if role in roles and name != leave_out]


def home_links(user) -> list[tuple[str, str]]:
    """Quality's part of "What you can do" on the council home page."""
    return links(user) if getattr(user, "role", None) in HOME_ROLES else []


def rating_chart(audits, *, provider_name: str):
    """The overall rating of each final audit report over time, drawn with the platform's charts (a line
    from Excellent at the top to Poor at the bottom) with its summary and table; None before any rating."""
    from commissioning.intelligence.charts import level_chart

    rated = [a for a in audits if a.overall_rating and a.published_on]
    if not rated:
        return None
    levels = [label for _, label in StandardRating.choices]
    first, last = rated[0], rated[-1]
    if len(rated) == 1:
        summary = (f"One final audit report of {provider_name}, published {_day(last.published_on)}: "
                   f"rated {last.get_overall_rating_display()}.")
    else:
        before = rated[-2]
        step = POINTS[last.overall_rating] - POINTS[before.overall_rating]
        change = ("the same as" if step == 0 else "up from" if step > 0 else "down from")
        summary = (f"{len(rated)} final audit reports of {provider_name} from {_day(first.published_on)} to "
                   f"{_day(last.published_on)}: the first rated {first.get_overall_rating_display()}, the latest "
                   f"{last.get_overall_rating_display()}, {change} {before.get_overall_rating_display()} "
                   f"in the report before.")
    data = [{"published": a.published_on, "rating": a.get_overall_rating_display(), "service": a.service.name}
            for a in rated]
    return level_chart(title="Overall audit rating over time", summary=summary, data=data, when="published",
                       level="rating", levels=levels, when_title="Published", level_title="Rating",
                       detail="service", detail_title="Service")


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"
