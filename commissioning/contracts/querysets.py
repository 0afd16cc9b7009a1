"""Tenancy of the register (ADR 0003, ADR 0026): council staff see every contract; a provider user
only the contracts its own organisation holds; anyone else none."""
from django.db import models

from commissioning.core.querysets import CouncilOnlyQuerySet, ProviderScopedQuerySet, is_council, provider_of


class ContractQuerySet(ProviderScopedQuerySet):
    """Contracts, narrowed to those a person may see: the supplier is the provider."""

    provider_path = "supplier_id"


class FundingQuerySet(ProviderScopedQuerySet):
    """A contract's funders, seen by whoever may see the contract."""

    provider_path = "contract__supplier_id"


class PoolQuerySet(CouncilOnlyQuerySet):
    """Pooled budgets and their contributions are the council's and the NHS's own: council staff only."""


class ChangeQuerySet(ProviderScopedQuerySet):
    """Variations and extensions, seen by whoever may see the contract (its supplier's users too)."""

    provider_path = "contract__supplier_id"


class CouncilChangeQuerySet(CouncilOnlyQuerySet):
    """Decommissioning plans, their steps and the people affected: council staff only."""


class MeetingQuerySet(ProviderScopedQuerySet):
    """Contract meetings: a provider user sees the meetings held with its own organisation."""

    provider_path = "provider_id"


class MeetingActionQuerySet(ProviderScopedQuerySet):
    """Actions of a contract meeting, seen by whoever may see the meeting."""

    provider_path = "meeting__provider_id"


class BreachQuerySet(ProviderScopedQuerySet):
    """Breaches of a contract: a provider user sees those of its own organisation."""

    provider_path = "provider_id"


class KpiDefinitionQuerySet(models.QuerySet):
    """KPIs belong to a contract: a provider user sees those of the contracts it supplies and of the
    lists (frameworks) it holds a place on."""

    def for_user(self, user):
        """Council staff see every KPI; a provider user those of its contracts; anyone else none."""
        if is_council(user):
            return self
        provider_id = provider_of(user)
        if provider_id is None:
            return self.none()
        return self.filter(models.Q(contract__supplier_id=provider_id)
                           | models.Q(contract__approved_list__lots__memberships__provider_id=provider_id)).distinct()


class KpiReturnQuerySet(ProviderScopedQuerySet):
    """A provider's KPI returns: its own only."""

    provider_path = "provider_id"
