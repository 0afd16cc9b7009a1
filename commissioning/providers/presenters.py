"""What the register contributes to other pages, shaped for their templates."""
from django.urls import reverse

from . import rules
from .choices import CouncilRag, CqcRating
from .selectors import register_summary


def home_market(user) -> dict | None:
    """The market at a glance for council staff: headline figures, services by CQC rating and by the
    council's own RAG rating, and providers with new placements suspended."""
    if not getattr(user, "is_council_staff", False):
        return None
    summary = register_summary(user=user)
    ratings = [(label, summary["by_rating"].get(value, 0), value) for value, label in CqcRating.choices]
    rags = [(member, summary["by_rag"].get(member.value, 0)) for member in CouncilRag]
    return {"summary": summary, "ratings": ratings, "rags": rags}


def home_links(user) -> list[tuple[str, str]]:
    """The register's tasks on the dashboard: searching for everyone, adding and importing for editors."""
    links = []
    if user.role in rules.VIEW_REGISTER:
        links += [("Search the provider register", reverse("providers:provider_list")),
                  ("Search services by type, locality and rating", reverse("providers:service_list"))]
    if rules.can_edit_register(user):
        links.append(("Add a provider", reverse("providers:provider_create")))
    if rules.can_import_cqc(user):
        links.append(("Import a CQC file", reverse("providers:import_start")))
    if rules.can_manage_reference(user):
        links.append(("Keep the service types, client groups and specialisms", reverse("providers:reference_index")))
    return links
