"""Tenancy as querysets, shared by every app: `for_user(user)` gives council staff every row, a
provider user only the rows of its own organisation, and anyone else nothing (ADR 0003). An app's
querysets subclass these and name the lookup from the row to its provider."""
from django.db import models

from commissioning.accounts.roles import COUNCIL_ROLES, Role


def is_council(user) -> bool:
    """Council staff work every record their pages' role checks let them open (ADR 0003)."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in COUNCIL_ROLES


def provider_of(user) -> int | None:
    """The organisation a provider user acts for, or None for anyone else."""
    if getattr(user, "is_authenticated", False) and user.role == Role.PROVIDER_USER and user.provider_id:
        return user.provider_id
    return None


class CouncilOnlyQuerySet(models.QuerySet):
    """Council records, or records that carry a person's identity: council staff only; providers never."""

    def for_user(self, user):
        """Every row for council staff, none for anyone else."""
        return self if is_council(user) else self.none()


class ProviderScopedQuerySet(models.QuerySet):
    """Records reached through a provider: `provider_path` names the provider's id on the row;
    `distinct_when_joined` removes the repeats a lookup across a one-to-many relation can make."""

    provider_path = "provider_id"
    distinct_when_joined = False

    def for_user(self, user):
        """Every row for council staff, a provider user's own organisation's rows, none for anyone else."""
        if is_council(user):
            return self
        provider_id = provider_of(user)
        if provider_id is None:
            return self.none()
        rows = self.filter(**{self.provider_path: provider_id})
        return rows.distinct() if self.distinct_when_joined and "__" in self.provider_path else rows
