"""The home page each role lands on, health checks and error pages."""
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from commissioning.accounts.roles import COUNCIL_ROLES, Role
from commissioning.core import home as home_page
from commissioning.core.permissions import allow_anonymous, allow_roles

ROLE_TASKS = {
    Role.HEAD_OF_COMMISSIONING: "See the whole market: providers, capacity and quality across every market area.",
    Role.LEAD_COMMISSIONER: "Own the providers and services of your market area.",
    Role.PROCUREMENT_OFFICER: "Keep the provider register accurate and import CQC data before lists open.",
    Role.EVALUATOR: "Look up providers and their services when scoring applications.",
    Role.BROKER: "Find providers and services with capacity for the people you are placing.",
    Role.SOCIAL_WORKER: "Look up the providers and services that could meet a person's needs.",
    Role.QUALITY_OFFICER: "Keep CQC ratings current and see services by rating.",
    Role.FINANCE_OFFICER: "Look up providers' legal names and Companies House numbers for payment.",
    Role.ADMINISTRATOR: "Manage who can sign in, their roles, API tokens and CQC imports.",
}


@allow_roles(COUNCIL_ROLES | {Role.PROVIDER_USER})
def home(request):
    """The council dashboard, composed of the apps' sections and links; a role an app gives its own
    landing page (a provider user's portal) goes there instead."""
    landing = home_page.landing_for(request.user)
    if landing:
        return redirect(landing)
    return render(request, "core/home.html", {
        "task": ROLE_TASKS.get(request.user.role, ""),
        "work": home_page.work_for(request.user),
        "sections": home_page.sections_for(request.user),
        "links": home_page.links_for(request.user),
    })


@allow_anonymous
def health(request):
    """Liveness and database check for load balancers; public by name."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def permission_denied(request, exception=None):
    """The GOV.UK page for people; JSON, as the OpenAPI document says, for the API."""
    if _is_api(request):
        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    """The GOV.UK page for people; JSON, as the OpenAPI document says, for the API."""
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)
