"""Quality's links, shaped for the pages that show them: only those the person's role may open."""
from django.urls import reverse

from commissioning.accounts.roles import Role

from . import rules

# (text, URL name, roles that may open it), in the order pages list them.
SECTIONS = [
    ("The audit programme by risk", "quality:index", rules.VIEW),
    ("Provider concerns", "quality:concern_list", rules.CONCERNS),
    ("Contract meetings", "quality:meeting_list", rules.CONTRACTS),
    ("KPIs and late returns", "quality:kpi_list", rules.CONTRACTS),
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
