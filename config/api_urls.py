"""The JSON API, version 1, and its OpenAPI document."""
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from commissioning.core.permissions import allow_anonymous

urlpatterns = [
    # Operations first: their paths (e.g. applications/start/) must win over the routers' detail routes.
    path("", include("commissioning.procurement.api.action_urls")),
    path("", include("commissioning.procurement.api.urls")),
    path("", include("commissioning.providers.api.urls")),
    path("", include("commissioning.brokerage.api.urls")),
    path("", include("commissioning.contracts.api.urls")),
    path("schema/", allow_anonymous(SpectacularAPIView.as_view()), name="api-schema"),
]
