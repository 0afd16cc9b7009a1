"""Who sees which finance records: council staff see every organisation's (the pages' role checks
say which staff may open which page); a provider user sees only its own organisation's; anyone
else sees none."""
from commissioning.core.querysets import CouncilOnlyQuerySet
from commissioning.core.querysets import ProviderScopedQuerySet as _Scoped


class ProviderScopedQuerySet(_Scoped):
    """Finance rows reached through a provider; a lookup across invoices or lines is made distinct."""

    distinct_when_joined = True


CouncilQuerySet = CouncilOnlyQuerySet  # council records (rates, criteria, budgets, scenarios)


class ByAgreementQuerySet(ProviderScopedQuerySet):
    """Prices, payment rules and visits: the provider is the agreement's."""

    provider_path = "agreement__provider_id"


class ByInvoiceQuerySet(ProviderScopedQuerySet):
    """Invoice lines: the provider is the invoice's."""

    provider_path = "invoice__provider_id"


class ByLineQuerySet(ProviderScopedQuerySet):
    """Dispute messages: the provider is the invoice's of the line."""

    provider_path = "line__invoice__provider_id"


class PaymentRunQuerySet(ProviderScopedQuerySet):
    """A provider sees a payment run that paid at least one of its invoices."""

    provider_path = "invoices__provider_id"
