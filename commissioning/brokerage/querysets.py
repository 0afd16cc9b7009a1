"""Tenancy as querysets: `for_user(user)` on every brokerage model gives council staff every row,
a provider user only the rows of its own organisation (what was sent to it, what it offered, what
it was awarded), and anyone else nothing. Selectors, views and the API start from these."""
from django.db import models

from commissioning.accounts.roles import COUNCIL_ROLES, Role


def is_council(user) -> bool:
    """Council staff work every brokerage record (ADR 0003)."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in COUNCIL_ROLES


def provider_of(user) -> int | None:
    """The organisation a provider user acts for, or None for anyone else."""
    if getattr(user, "is_authenticated", False) and user.role == Role.PROVIDER_USER and user.provider_id:
        return user.provider_id
    return None


class CouncilOnlyQuerySet(models.QuerySet):
    """Records that carry a person's identity: council staff only; providers never."""

    def for_user(self, user):
        """Every row for council staff, none for anyone else."""
        return self if is_council(user) else self.none()


class ProviderScopedQuerySet(models.QuerySet):
    """Records reached through a provider: `provider_path` names the provider's id on the row."""

    provider_path = "provider_id"

    def for_user(self, user):
        """Every row for council staff, a provider user's own organisation's rows, none for anyone else."""
        if is_council(user):
            return self
        provider_id = provider_of(user)
        if provider_id is None:
            return self.none()
        return self.filter(**{self.provider_path: provider_id})


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
