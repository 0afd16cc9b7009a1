"""What quality assurance (and the providers' KPI returns of contract management) put under
"Waiting for you" on a person's home page: a few counts for their role, each linking to a page
that role may open."""

from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.contracts.selectors_management import unsent_returns
from commissioning.core.home import WorkItem

from . import selectors
from .choices import AuditStatus, ConcernStage, PlanStatus, ReviewStatus

DECISION_STAGES = (ConcernStage.SAFEGUARDING, ConcernStage.SUSPENDED, ConcernStage.EXIT)


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _quality_officer(user, today) -> list[WorkItem]:
    due = selectors.audit_scope(user=user).filter(status__in=[AuditStatus.PLANNED, AuditStatus.IN_PROGRESS],
                                                  planned_for__lte=today).count()
    to_review = selectors.plan_scope(user=user).filter(status=PlanStatus.SUBMITTED).count()
    challenges = selectors.challenge_scope(user=user).filter(answered_at__isnull=True,
                                                             audit__status=AuditStatus.DRAFT).count()
    index = reverse("quality:index")
    return [WorkItem(_plural(due, "Audit due or under way", "Audits due or under way"), due, index),
            WorkItem(_plural(to_review, "Action plan to review", "Action plans to review"), to_review, index),
            WorkItem(_plural(challenges, "Challenge to a draft report to answer",
                             "Challenges to draft reports to answer"), challenges, index)]


def _lead_commissioner(user, today) -> list[WorkItem]:
    reviews = selectors.review_scope(user=user).filter(status=ReviewStatus.OPEN).count()
    return [WorkItem(_plural(reviews, "Contract review to carry out", "Contract reviews to carry out"), reviews,
                     reverse("quality:review_list"))]


def _head_of_commissioning(user, today) -> list[WorkItem]:
    decisions = selectors.concern_scope(user=user).filter(stage__in=DECISION_STAGES).count()
    reviews = selectors.review_scope(user=user).filter(status=ReviewStatus.OPEN).count()
    return [WorkItem(_plural(decisions, "Provider concern at safeguarding, suspension or exit to decide on",
                             "Provider concerns at safeguarding, suspension or exit to decide on"), decisions,
                     reverse("quality:concern_list")),
            WorkItem(_plural(reviews, "Contract review open after an Amber or Red audit",
                             "Contract reviews open after an Amber or Red audit"), reviews,
                     reverse("quality:review_list"))]


def _social_worker(user, today) -> list[WorkItem]:
    checks = selectors.safety_scope(user=user).filter(
        status=ReviewStatus.OPEN, people__social_worker=user, people__checked_on__isnull=True).distinct().count()
    return [WorkItem(_plural(checks, "Safety check of people you placed", "Safety checks of people you placed"),
                     checks, reverse("quality:safety_list"))]


def _provider_user(user, today) -> list[WorkItem]:
    plans = selectors.plan_scope(user=user).filter(status=PlanStatus.REQUIRED)
    plan_count = plans.count()
    plan_url = (reverse("portal:plan", args=[plans.first().pk]) if plan_count == 1
                else reverse("portal:audit_list"))
    unsent = unsent_returns(provider=user.provider, today=today)
    overdue = sum(1 for row in unsent if row["overdue"])
    due = len(unsent) - overdue
    drafts = selectors.audit_scope(user=user).filter(status=AuditStatus.DRAFT, provider_agreed_on__isnull=True,
                                                     comments_due__gte=today).count()
    return [WorkItem(_plural(plan_count, "Action plan to send", "Action plans to send"), plan_count, plan_url),
            WorkItem(_plural(overdue, "KPI return overdue", "KPI returns overdue"), overdue,
                     reverse("portal:kpi_returns")),
            WorkItem(_plural(due, "KPI return due", "KPI returns due"), due, reverse("portal:kpi_returns")),
            WorkItem(_plural(drafts, "Draft audit report to read and challenge", "Draft audit reports to read and "
                             "challenge"), drafts, reverse("portal:audit_list"))]


BY_ROLE = {
    Role.QUALITY_OFFICER: _quality_officer,
    Role.LEAD_COMMISSIONER: _lead_commissioner,
    Role.HEAD_OF_COMMISSIONING: _head_of_commissioning,
    Role.SOCIAL_WORKER: _social_worker,
    Role.PROVIDER_USER: _provider_user,
}


def work_for(user) -> list[WorkItem]:
    """The quality work waiting for `user`, by their role (nothing for roles quality gives none)."""
    items = BY_ROLE.get(getattr(user, "role", None))
    if items is None or (user.role == Role.PROVIDER_USER and not user.provider_id):
        return []
    return items(user, timezone.localdate())
