"""Tenancy of the register, built into the querysets: every read of providers and services starts
from `for_user`, so a provider user never reaches another organisation's records."""
from django.db import models


def _may_see_all(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_council_staff", False))


def _own_provider_id(user) -> int | None:
    if getattr(user, "is_authenticated", False) and getattr(user, "is_provider_user", False):
        return user.provider_id
    return None


class ProviderQuerySet(models.QuerySet):
    """Providers, narrowed to those a person may see."""

    def for_user(self, user) -> "ProviderQuerySet":
        """Council staff see every provider; a provider user only its own organisation; anyone else none."""
        if _may_see_all(user):
            return self
        own = _own_provider_id(user)
        return self.filter(pk=own) if own else self.none()


class ServiceQuerySet(models.QuerySet):
    """Services, narrowed to those a person may see."""

    def for_user(self, user) -> "ServiceQuerySet":
        """Council staff see every service; a provider user only its own organisation's; anyone else none."""
        if _may_see_all(user):
            return self
        own = _own_provider_id(user)
        return self.filter(provider_id=own) if own else self.none()
