"""What every page needs: the council and service names, and the menu for the user's role."""
from django.conf import settings
from django.urls import reverse

from commissioning.core.permissions import may_open


def _items(user):
    items = [
        ("Home", "core:home"),
        ("Providers", "providers:provider_list"),
        ("Services", "providers:service_list"),
        ("CQC import", "providers:import_start"),
        ("Provider lists", "procurement:list_index"),
        ("Brokerage", "brokerage:queue"),
        ("Care requests", "brokerage:request_list"),
        ("Quality", "quality:index"),
        ("Payments", "finance:index"),
        ("Contract reviews", "quality:review_list"),
        ("Safety checks", "quality:safety_list"),
        ("Offers", "portal:competition_list"),
        ("Agreements", "portal:agreement_list"),
        ("Audits", "portal:audit_list"),
        ("KPI returns", "portal:kpi_returns"),
        ("Actuals", "portal:actuals"),
        ("Invoices", "portal:invoices"),
        ("Your organisation", "portal:home"),
        ("Apply to lists", "portal:list_index"),
        ("Users", "accounts:user_list"),
    ]
    for label, name in items:
        url = reverse(name)
        if may_open(user, url):
            yield label, url


def navigation(request):
    user = getattr(request, "user", None)
    nav = []
    if user is not None and user.is_authenticated:
        path = request.path
        items = list(_items(user))
        matches = [url for _, url in items if (path == url if url == "/" else path.startswith(url))]
        current = max(matches, key=len) if matches else None
        nav = [{"label": label, "url": url, "active": url == current} for label, url in items]
    return {"service_name": settings.SERVICE_NAME, "nav_items": nav}
