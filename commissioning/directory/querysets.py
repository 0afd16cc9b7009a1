"""Who sees which directory records. Published listings are public; everything else is scoped."""
from django.db import models

from commissioning.core.querysets import ProviderScopedQuerySet, is_council, provider_of


class ListingQuerySet(models.QuerySet):
    """Listings: the public sees the published ones; council staff every one; a provider user its own
    organisation's care listings (for updating them from the portal)."""

    def published(self):
        return self.filter(published=True)

    def for_user(self, user):
        if is_council(user):
            return self
        provider_id = provider_of(user)
        return self.filter(provider_id=provider_id) if provider_id else self.none()


class ProposalQuerySet(ProviderScopedQuerySet):
    """Proposals: council staff see every one, a provider user those made for its own listings."""

    provider_path = "provider_id"
