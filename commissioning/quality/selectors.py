"""Which quality records a user may see, and the provider quality page's figures. A provider user
sees its own organisation's audits once they reach the draft (never a planned, possibly
unannounced, visit) and its own action plans."""
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from commissioning.accounts.roles import COUNCIL_ROLES, Role

from .choices import AuditStatus, ConcernStage, FeedbackKind, ReviewStatus
from .domain.rating import POINTS
from .models import ActionItem, ActionPlan, Audit, ConcernCase, ContractReview, Feedback, KpiReturn, SafetyCheck


def audit_scope(*, user) -> QuerySet[Audit]:
    audits = Audit.objects.select_related("service__provider", "officer", "framework")
    if user.role in COUNCIL_ROLES:
        return audits
    return audits.filter(service__provider_id=user.provider_id, status__in=[AuditStatus.DRAFT, AuditStatus.FINAL])


def plan_scope(*, user) -> QuerySet[ActionPlan]:
    plans = ActionPlan.objects.select_related("audit__service__provider")
    if user.role in COUNCIL_ROLES:
        return plans
    return plans.filter(audit__service__provider_id=user.provider_id)


def review_scope(*, user) -> QuerySet[ContractReview]:
    reviews = ContractReview.objects.select_related("audit__service__provider", "lead_commissioner")
    if user.role == Role.LEAD_COMMISSIONER:
        return reviews.filter(market_area=user.market_area)
    return reviews


def safety_scope(*, user, own_only: bool = False) -> QuerySet[SafetyCheck]:
    """Council staff may open any check; a social worker's list shows the checks naming their people."""
    checks = SafetyCheck.objects.select_related("audit__service__provider")
    if own_only and user.role == Role.SOCIAL_WORKER:
        return checks.filter(people__social_worker=user).distinct()
    return checks


@dataclass
class Chart:
    """An SVG line of overall ratings over time (points 1–4), with the same data as a table."""

    width: int
    height: int
    points: list[tuple[float, float, Audit]]

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in self.points)


def rating_chart(audits: list[Audit], width: int = 600, height: int = 200) -> Chart | None:
    rated = [a for a in audits if a.overall_rating and a.published_on]
    if not rated:
        return None
    first, last = rated[0].published_on, rated[-1].published_on
    span = max((last - first).days, 1)
    left, right, top, bottom = 110, 20, 20, 30
    points = []
    for audit in rated:
        x = left + (width - left - right) * ((audit.published_on - first).days / span if len(rated) > 1 else 0.5)
        y = top + (height - top - bottom) * (4 - POINTS[audit.overall_rating]) / 3
        points.append((x, y, audit))
    return Chart(width=width, height=height, points=points)


def provider_quality(provider, *, today: date | None = None) -> dict:
    """Everything the provider quality page shows."""
    today = today or timezone.localdate()
    final = list(Audit.objects.filter(service__provider=provider, status=AuditStatus.FINAL)
                 .select_related("service").order_by("published_on", "id"))
    services = provider.services.annotate(
        safeguardings_year=Count("safeguardings", filter=Q(safeguardings__raised_on__gte=today - timedelta(days=365))),
        safeguardings_total=Count("safeguardings"))
    feedback = Feedback.objects.filter(service__provider=provider).select_related("service")
    return {
        "audits": final,
        "chart": rating_chart(final),
        "plans": ActionPlan.objects.filter(audit__service__provider=provider).select_related("audit__service"),
        "open_items": ActionItem.objects.filter(plan__audit__service__provider=provider, done_on__isnull=True)
        .select_related("plan"),
        "services": services,
        "kpi_returns": KpiReturn.objects.filter(provider=provider).select_related("kpi")[:24],
        "feedback": feedback[:20],
        "feedback_counts": {label: feedback.filter(kind=value).count() for value, label in FeedbackKind.choices},
        "concerns": ConcernCase.objects.filter(provider=provider).exclude(stage=ConcernStage.CLOSED),
        "reviews": ContractReview.objects.filter(audit__service__provider=provider, status=ReviewStatus.OPEN),
    }
