"""Who sees which quality records. Council staff see every organisation's (each page's role check
says which staff may open it; a lead commissioner's reviews are those of their market); a provider
user sees only its own organisation's audits once they reach the draft (never a planned, possibly
unannounced, visit), its action plans and challenges, and none of
the council's internal records (concern cases, reviews, safety checks, safeguardings, feedback);
anyone else sees none."""

from commissioning.accounts.roles import Role
from commissioning.core.querysets import CouncilOnlyQuerySet, ProviderScopedQuerySet
from commissioning.core.querysets import is_council as _is_council

PROVIDER_VISIBLE_AUDITS = ("draft", "final")


class AuditQuerySet(ProviderScopedQuerySet):
    """Audits: a provider sees its own once the draft is issued."""

    provider_path = "service__provider_id"

    def for_user(self, user):
        """Council staff see every audit; a provider user its own services' drafts and finals; anyone else none."""
        rows = super().for_user(user)
        if _is_council(user):
            return rows
        return rows.filter(status__in=PROVIDER_VISIBLE_AUDITS)


class ByAuditQuerySet(ProviderScopedQuerySet):
    """Challenges and action plans: the provider is the audited service's, once the draft is issued."""

    provider_path = "audit__service__provider_id"

    def for_user(self, user):
        """Council staff see all rows; a provider user those of its own drafts and finals; anyone else none."""
        rows = super().for_user(user)
        if _is_council(user):
            return rows
        return rows.filter(audit__status__in=PROVIDER_VISIBLE_AUDITS)


class ActionItemQuerySet(ProviderScopedQuerySet):
    """Actions of a plan: the provider is the audited service's."""

    provider_path = "plan__audit__service__provider_id"


class ContractReviewQuerySet(CouncilOnlyQuerySet):
    """Contract reviews go to the market's lead commissioner."""

    def for_user(self, user):
        """A lead commissioner sees the reviews of their market; other council staff all; anyone else none."""
        rows = super().for_user(user)
        if _is_council(user) and user.role == Role.LEAD_COMMISSIONER:
            return rows.filter(market_area=user.market_area)
        return rows
