"""The home page each role lands on, health checks and error pages."""
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from commissioning.accounts.roles import COUNCIL_ROLES, Role
from commissioning.core import home as home_page
from commissioning.core.permissions import allow_anonymous, allow_roles

ROLE_TASKS = {
    Role.HEAD_OF_COMMISSIONING: "Lead commissioning across every market area: see the market at a glance, decide on "
                                "provider concerns that reach suspension or exit, and follow contract reviews.",
    Role.LEAD_COMMISSIONER: "Own the lists, contracts and providers of your market area: carry out contract reviews "
                            "after Amber or Red audits, hold contract meetings and set the KPIs providers report on.",
    Role.PROCUREMENT_OFFICER: "Set up and run the Approved Provider Lists (lots, questions, evaluation and admission "
                              "decisions) and keep the provider register and its reference data accurate.",
    Role.EVALUATOR: "Score the applications given to you, question by question with your reasons, then agree the "
                    "final scores at moderation.",
    Role.BROKER: "Turn requests for care into placed packages: the front door first, then a direct award or a "
                 "further competition among the list's members.",
    Role.SOCIAL_WORKER: "Ask for care for the people you assess, and check on their safety when a service they are "
                        "placed with is rated Amber or Red.",
    Role.QUALITY_OFFICER: "Plan and carry out audits by risk, rate services Red, Amber or Green, review providers' "
                          "action plans and follow provider concerns.",
    Role.FINANCE_OFFICER: "Keep fee rates and uplifts, reconcile providers' actuals, approve invoices and run the "
                          "payments.",
    Role.ADMINISTRATOR: "Decide who can sign in: invite people with their role, follow up invitations and locked-out "
                        "accounts, issue API tokens, keep the reference data and read the audit trail.",
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
