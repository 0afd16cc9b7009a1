"""Tenancy as querysets: `for_user(user)` on every brokerage model gives council staff every row,
a provider user only the rows of its own organisation (what was sent to it, what it offered, what
it was awarded), and anyone else nothing. Selectors, views and the API start from these."""
from commissioning.core.querysets import CouncilOnlyQuerySet, ProviderScopedQuerySet, is_council, provider_of

__all__ = ["CouncilOnlyQuerySet", "ProviderScopedQuerySet", "is_council", "provider_of"]


class CompetitionQuerySet(ProviderScopedQuerySet):
    """A competition is seen by the providers it was sent to (one invite per provider)."""

    provider_path = "invites__provider_id"


class CompetitionStatusQuerySet(ProviderScopedQuerySet):
    """A competition's history is seen by the providers it was sent to."""

    provider_path = "competition__invites__provider_id"


class OfferRevisionQuerySet(ProviderScopedQuerySet):
    """An offer's versions and history are seen by the provider that made the offer."""

    provider_path = "offer__provider_id"


class AgreementStatusQuerySet(ProviderScopedQuerySet):
    """An agreement's history is seen by the provider it was offered to."""

    provider_path = "agreement__provider_id"
