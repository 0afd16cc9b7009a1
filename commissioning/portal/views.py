"""The provider portal: pages a provider organisation's staff use, composed from the other apps."""
from django.shortcuts import render

from commissioning.accounts.roles import Role
from commissioning.core import home as home_page
from commissioning.core.permissions import allow_roles
from commissioning.providers.selectors import provider_history, provider_scope, service_scope


@allow_roles(Role.PROVIDER_USER)
def home(request):
    """A provider user's own organisation: what waits for it (the apps register it, as on the council's
    home page), its services, its people and its record's history."""
    provider = provider_scope(user=request.user).get()
    return render(request, "portal/home.html", {
        "provider": provider,
        "work": home_page.work_for(request.user),
        "services": service_scope(user=request.user).prefetch_related("service_types"),
        "colleagues": provider.users.filter(is_active=True).order_by("last_name"),
        "history": provider_history(provider=provider)[:20],
    })
