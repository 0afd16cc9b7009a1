"""What every page needs: the council and service names, and the menu for the user's role."""
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, resolve, reverse

from commissioning.core.permissions import declared_roles, user_may

MENU = [
    ("Home", "core:home"),
    ("Providers", "providers:provider_list"),
    ("Services", "providers:service_list"),
    ("CQC import", "providers:import_start"),
    ("Provider lists", "procurement:list_index"),
    ("Contracts", "contracts:contract_list"),
    ("Contract meetings", "contracts:meeting_list"),
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
    ("Directory listings", "directory:portal"),
    ("Users", "accounts:user_list"),
    ("Directory", "directory:search"),
]


@lru_cache(maxsize=16)
def _menu(urlconf: str, prefix: str) -> tuple[tuple[str, str, frozenset], ...]:
    """Each menu entry's address and the roles its view declares, worked out once per process rather
    than reversed and resolved on every page."""
    entries = []
    for label, name in MENU:
        url = reverse(name, urlconf=urlconf)
        entries.append((label, url, declared_roles(resolve(url, urlconf=urlconf).func) or frozenset()))
    return tuple(entries)


def _items(user):
    for label, url, roles in _menu(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()):
        if user_may(user, roles):
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
