"""Tenancy of the register (ADR 0003, ADR 0026): council staff see every contract; a provider user
only the contracts its own organisation holds; anyone else none."""
from commissioning.core.querysets import CouncilOnlyQuerySet, ProviderScopedQuerySet


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
