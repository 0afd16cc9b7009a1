"""URL map: one include per app; the API lives under /api/v1/."""
from django.urls import include, path

urlpatterns = [
    path("", include("commissioning.core.urls")),
    path("accounts/", include("commissioning.accounts.urls")),
    path("accounts/", include("commissioning.accounts.allauth_urls")),
    path("providers/", include("commissioning.providers.urls")),
    path("lists/", include("commissioning.procurement.urls")),
    path("brokerage/", include("commissioning.brokerage.urls")),
    path("quality/", include("commissioning.quality.urls")),
    path("finance/", include("commissioning.finance.urls")),
    path("portal/", include("commissioning.portal.urls")),
    path("privacy/", include("commissioning.privacy.urls")),
    path("planning/", include("commissioning.planning.urls")),
    path("contracts/", include("commissioning.contracts.urls")),
    path("", include("commissioning.intelligence.urls")),
    path("direct-payments/", include("commissioning.directpayments.urls")),
    path("", include("commissioning.directory.urls")),
    path("openreferral/", include("commissioning.directory.openreferral_urls")),
    path("api/v1/", include("config.api_urls")),
]

handler403 = "commissioning.core.views.permission_denied"
handler404 = "commissioning.core.views.page_not_found"
