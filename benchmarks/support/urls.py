"""The platform's URLs plus the ceilings `benchmarks/web.py` compares its pages with: the same rows
as a page, served by the same server with the least work Django can do for them.

- `/_ceiling/json/<app>.<model>/`: a plain `JsonResponse` of the first 50 rows' fields, as `values()`;
- `/_ceiling/html/<app>.<model>/?fields=a,b,c`: the same rows' named fields (the columns the page
  shows) as a plain table in the GOV.UK base layout.
Signed-in only, like the pages they stand beside (the same middleware runs for both)."""
from django.apps import apps
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path

from commissioning.accounts.roles import ALL_ROLES
from commissioning.core.permissions import allow_roles
from config.urls import urlpatterns as platform

ROWS = 50


def _rows(label: str, fields: list[str] | None = None) -> list[dict]:
    model = apps.get_model(label)
    fields = fields or [f.attname for f in model._meta.concrete_fields]
    return list(model._default_manager.order_by("pk").values(*fields)[:ROWS])


@allow_roles(ALL_ROLES)
def json_ceiling(request, label):
    return JsonResponse({"count": ROWS, "results": _rows(label)}, json_dumps_params={"default": str})


@allow_roles(ALL_ROLES)
def html_ceiling(request, label):
    rows = _rows(label, [f for f in request.GET.get("fields", "").split(",") if f])
    return render(request, "ceiling.html", {"rows": rows, "columns": list(rows[0]) if rows else []})


urlpatterns = [
    path("_ceiling/json/<str:label>/", json_ceiling),
    path("_ceiling/html/<str:label>/", html_ceiling),
    *platform,
]
