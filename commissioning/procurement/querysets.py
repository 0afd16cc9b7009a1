"""Tenancy of Approved Provider Lists, built into the querysets: `Model.objects.for_user(user)`.

Council staff see every list, every submitted application and every membership; a provider user
sees the lists past draft and only its own organisation's applications (drafts included),
answers, clarifications, decisions and memberships; anyone else sees nothing. A draft application
belongs to its provider until it is submitted.
"""
from django.db import models

from commissioning.core.querysets import CouncilOnlyQuerySet, is_council
from commissioning.core.querysets import provider_of as own_provider_id

__all__ = ["CouncilOnlyQuerySet", "is_council", "own_provider_id"]


class ApprovedListQuerySet(models.QuerySet):
    def for_user(self, user):
        """Every list for council staff; the lists past draft for a provider user; none for anyone else."""
        if is_council(user):
            return self
        if own_provider_id(user):
            return self.exclude(status="draft")
        return self.none()


class _ThroughApplication(models.QuerySet):
    """Rows reached through an application: `application_path` is the lookup to it ("" for the application)."""

    application_path = "application__"

    def for_user(self, user):
        """The council's rows of submitted applications; a provider user's own organisation's rows."""
        if is_council(user):
            return self.exclude(**{f"{self.application_path}status": "draft"})
        provider_id = own_provider_id(user)
        if provider_id:
            return self.filter(**{f"{self.application_path}provider_id": provider_id})
        return self.none()


class ApplicationQuerySet(_ThroughApplication):
    application_path = ""


class AnswerQuerySet(_ThroughApplication):
    pass


class ClarificationQuerySet(_ThroughApplication):
    pass


class LotDecisionQuerySet(_ThroughApplication):
    pass


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        """Every membership for council staff; a provider user's own organisation's; none for anyone else."""
        if is_council(user):
            return self
        provider_id = own_provider_id(user)
        if provider_id:
            return self.filter(provider_id=provider_id)
        return self.none()


class MemberPriceQuerySet(models.QuerySet):
    def for_user(self, user):
        """Every member's prices for council staff; a provider user's own organisation's; none for anyone else."""
        if is_council(user):
            return self
        provider_id = own_provider_id(user)
        if provider_id:
            return self.filter(membership__provider_id=provider_id)
        return self.none()
