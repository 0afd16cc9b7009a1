"""Reads of Approved Provider Lists, always starting from the user's scope.

Council staff see every list, every submitted application and every membership; a provider user
sees the lists past draft and only its own organisation's applications and memberships; anyone
else sees nothing. A draft application belongs to its provider until it is submitted.
"""
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from commissioning.core.models import AuditEvent

from . import rules
from .choices import ApplicationStatus, ListStatus
from .models import Application, ApprovedList, Lot, LotDecision, Membership, MembershipEvent, ModeratedScore, Score


def _is_council(user) -> bool:
    return bool(user and user.is_authenticated and user.is_council_staff)


def _own_provider_id(user) -> int | None:
    if user and user.is_authenticated and user.is_provider_user:
        return user.provider_id
    return None


def list_scope(*, user) -> QuerySet[ApprovedList]:
    """The lists `user` may see: all for council staff, those past draft for a provider user."""
    qs = ApprovedList.objects.prefetch_related(
        Prefetch("lots", queryset=Lot.objects.prefetch_related("service_types", "localities").order_by("number")),
        "windows",
    )
    if _is_council(user):
        return qs
    if _own_provider_id(user):
        return qs.exclude(status=ListStatus.DRAFT)
    return qs.none()


def application_scope(*, user) -> QuerySet[Application]:
    """The applications `user` may see: every submitted one for council staff, its own
    organisation's (drafts included) for a provider user."""
    qs = Application.objects.select_related("approved_list", "provider").prefetch_related(
        Prefetch("lots", queryset=Lot.objects.order_by("number")),
        Prefetch("decisions", queryset=LotDecision.objects.select_related("lot")),
    )
    if _is_council(user):
        return qs.exclude(status=ApplicationStatus.DRAFT).prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("evaluator", "question")
                     .order_by("question__number", "evaluator_id")),
            Prefetch("moderated_scores",
                     queryset=ModeratedScore.objects.select_related("question").order_by("question__number")),
        )
    provider_id = _own_provider_id(user)
    if provider_id:
        return qs.filter(provider_id=provider_id)
    return qs.none()


def membership_scope(*, user) -> QuerySet[Membership]:
    """The memberships `user` may see: all for council staff, its own organisation's for a provider user."""
    qs = Membership.objects.select_related("lot__approved_list", "provider")
    if _is_council(user):
        return qs
    provider_id = _own_provider_id(user)
    if provider_id:
        return qs.filter(provider_id=provider_id)
    return qs.none()


def visible_scores(*, user, application: Application) -> list[Score]:
    """Evaluators' own scores as `user` may see them: none for anyone outside the council; all for
    the moderator, or for anyone once moderated; otherwise only the evaluator's own."""
    if not _is_council(user):
        return []
    scores = list(application.scores.all())
    if rules.sees_all_scores(user) or application.status in (ApplicationStatus.MODERATED,
                                                             ApplicationStatus.DECIDED):
        return scores
    return [score for score in scores if score.evaluator_id == user.pk]


def published_lists() -> QuerySet[ApprovedList]:
    """The lists published as open data: every list that is not a draft, with what the OCDS
    builder reads."""
    return ApprovedList.objects.exclude(status=ListStatus.DRAFT).prefetch_related(
        Prefetch("lots", queryset=Lot.objects.order_by("number")),
        "windows",
        Prefetch("lots__memberships", queryset=Membership.objects.select_related("provider", "application")
                 .order_by("admitted_on", "pk")),
    ).order_by("reference")


def membership_removals(approved_lists) -> QuerySet[MembershipEvent]:
    """The removals of members from the given lists, oldest first."""
    return MembershipEvent.objects.filter(
        event="remove", membership__lot__approved_list__in=approved_lists,
    ).order_by("at", "pk")


def list_status_history(approved_lists) -> QuerySet[AuditEvent]:
    """The audit rows that record a status change of the given lists, oldest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(ApprovedList),
        object_id__in=[approved_list.pk for approved_list in approved_lists],
        changes__has_key="Status",
    ).order_by("at", "pk")
