"""Who sees which finance records: council staff see every organisation's (the pages' role checks
say which staff may open which page); a provider user sees only its own organisation's; anyone
else sees none."""
from django.db import models

from commissioning.accounts.roles import COUNCIL_ROLES, Role


class ProviderScopedQuerySet(models.QuerySet):
    """Rows reached through a provider: `provider_path` names the lookup to the provider's id."""

    provider_path = "provider_id"

    def for_user(self, user):
        """Council staff see all rows; a provider user its own organisation's; anyone else none."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role in COUNCIL_ROLES:
            return self
        if user.role == Role.PROVIDER_USER and user.provider_id:
            rows = self.filter(**{self.provider_path: user.provider_id})
            return rows.distinct() if "__" in self.provider_path else rows
        return self.none()


class CouncilQuerySet(models.QuerySet):
    """Council records (rates, criteria, budgets, scenarios): staff see them, providers do not."""

    def for_user(self, user):
        """Council staff see all rows; everyone else none."""
        if getattr(user, "is_authenticated", False) and user.role in COUNCIL_ROLES:
            return self
        return self.none()


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
