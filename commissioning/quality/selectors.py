"""Reads of quality assurance. Each starts from the model's `for_user` queryset (see `querysets.py`
for who sees what); the reads scheduled work makes for the whole council (overdue plans) take no
user. Contract meetings, KPIs and returns are read in `contracts.selectors_management`."""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage.choices import AgreementStatus
from commissioning.brokerage.models import Agreement
from commissioning.contracts.models import KpiReturn
from commissioning.procurement.choices import MembershipStatus
from commissioning.procurement.models import Membership
from commissioning.providers.choices import ServiceStatus
from commissioning.providers.models import Provider, Service

from .choices import AuditKind, AuditRag, AuditStatus, ConcernStage, FeedbackKind, PlanStatus, ReviewStatus
from .domain.risk import RiskFacts, risk_score
from .models import (
    ActionItem,
    ActionPlan,
    Audit,
    Challenge,
    ConcernCase,
    ContractReview,
    Feedback,
    Framework,
    Safeguarding,
    SafetyCheck,
    SafetyCheckPerson,
    Standard,
)

OPEN_AUDITS = (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS, AuditStatus.DRAFT)


def _today() -> date:
    return timezone.localdate()


# Scoped lists ------------------------------------------------------------------------------

def audit_scope(*, user) -> QuerySet[Audit]:
    """The audits the user may open."""
    return Audit.objects.for_user(user).select_related("service__provider", "officer", "framework")


def plan_scope(*, user) -> QuerySet[ActionPlan]:
    """The action plans the user may open."""
    return ActionPlan.objects.for_user(user).select_related("audit__service__provider")


def action_item_scope(*, user) -> QuerySet[ActionItem]:
    """The actions of the plans the user may open."""
    return ActionItem.objects.for_user(user).select_related("plan")


def challenge_scope(*, user) -> QuerySet[Challenge]:
    """The challenges to draft reports the user may see."""
    return Challenge.objects.for_user(user).select_related("audit")


def review_scope(*, user) -> QuerySet[ContractReview]:
    """The contract reviews the user may open (a lead commissioner: their market's)."""
    return ContractReview.objects.for_user(user).select_related("audit__service__provider", "lead_commissioner")


def safety_scope(*, user, own_only: bool = False) -> QuerySet[SafetyCheck]:
    """Council staff may open any check; a social worker's list shows the checks naming their people."""
    checks = SafetyCheck.objects.for_user(user).select_related("audit__service__provider")
    if own_only and user.role == Role.SOCIAL_WORKER:
        return checks.filter(people__social_worker=user).distinct()
    return checks


def safety_row_for(*, check: SafetyCheck, user, pk) -> SafetyCheckPerson | None:
    """The row of a check the user, as the person's social worker, may record."""
    return SafetyCheckPerson.objects.for_user(user).filter(pk=pk, safety_check=check, social_worker=user).first()


def concern_scope(*, user) -> QuerySet[ConcernCase]:
    """The concern cases the user may open."""
    return ConcernCase.objects.for_user(user).select_related("provider")


def concern_history(case: ConcernCase) -> list[dict]:
    """The moves of a concern case in people's words."""
    def label(value):
        return ConcernStage(value).label if value in ConcernStage.values else "new"
    return [{"at": e.at, "event": e.event.replace("_", " ").capitalize(), "from": label(e.from_status),
             "to": label(e.to_status), "by": e.by, "note": e.note}
            for e in case.status_events.select_related("by")]


def frameworks() -> QuerySet[Framework]:
    """The audit frameworks (council configuration, not tenant data)."""
    return Framework.objects.all()


def default_framework() -> Framework:
    """The framework new audits use; there must be one."""
    framework = Framework.objects.filter(is_default=True).first()
    if framework is None:
        raise ValidationError("Set up an audit framework first")
    return framework


def standards_of(framework: Framework) -> QuerySet[Standard]:
    """The standards of a framework, by domain."""
    return Standard.objects.filter(domain__framework=framework).select_related("domain")


# The audit programme -----------------------------------------------------------------------

def commissioned_services() -> QuerySet[Service]:
    """Services the council buys from: active services of active list members, or with live agreements."""
    member = Membership.objects.filter(provider_id=OuterRef("provider_id"),
                                       status__in=[MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED])
    live = Agreement.objects.filter(service_id=OuterRef("pk"),
                                    status__in=[AgreementStatus.OFFERED, AgreementStatus.ACCEPTED])
    return Service.objects.filter(status=ServiceStatus.ACTIVE).filter(Exists(member) | Exists(live))


@dataclass(frozen=True)
class UpcomingAudit:
    """The next open audit of a service, as the programme shows it."""
    pk: int
    kind: str
    planned_for: date

    def get_kind_display(self) -> str:
        return AuditKind(self.kind).label

    def get_absolute_url(self) -> str:
        return reverse("quality:audit_detail", args=[self.pk])


@dataclass
class ProgrammeRow:
    service_id: int
    service_name: str
    provider_id: int
    provider_name: str
    score: int
    reasons: list[str]
    last_audit: date | None
    next_audit: UpcomingAudit | None

    @property
    def service(self) -> Service:
        """The service itself (with only its name and provider read), for the services that act on a row."""
        return Service(pk=self.service_id, name=self.service_name, provider_id=self.provider_id)


def programme(*, today: date | None = None) -> list[ProgrammeRow]:
    """Every commissioned service, riskiest first, with its last and next audit (council staff only)."""
    today = today or _today()
    year_ago = today - timedelta(days=365)
    # Correlated subqueries, not joins: a join of services to their audits and safeguardings (and,
    # before, to their agreements) multiplies the rows to be grouped by every agreement a service has.
    # Plain rows, not model instances: every commissioned service is scored to sort the programme, and
    # only a page of them is shown.
    last_final = Audit.objects.filter(service_id=OuterRef("pk"), status=AuditStatus.FINAL).order_by("-visited_on")
    safeguardings = (Safeguarding.objects.filter(service_id=OuterRef("pk"), raised_on__gte=year_ago)
                     .order_by().values("service_id").annotate(n=Count("id")).values("n"))
    services = commissioned_services().annotate(
        last_audit=Subquery(last_final.values("visited_on")[:1]),
        safeguardings_year=Coalesce(Subquery(safeguardings, output_field=IntegerField()), 0),
    ).values_list("pk", "name", "provider_id", "provider__name", "cqc_rating", "cqc_rating_date", "council_rag",
                  "last_audit", "safeguardings_year")
    open_concerns = dict(ConcernCase.objects.exclude(stage=ConcernStage.CLOSED).values("provider_id")
                         .annotate(n=Count("id")).values_list("provider_id", "n"))
    upcoming = {}
    for pk, service_id, kind, planned_for in (Audit.objects.filter(status__in=OPEN_AUDITS).order_by("-planned_for")
                                              .values_list("pk", "service_id", "kind", "planned_for")):
        upcoming[service_id] = UpcomingAudit(pk, kind, planned_for)
    rows = []
    for pk, name, provider_id, provider_name, cqc_rating, cqc_rating_date, council_rag, last_audit, safeguardings_year \
            in services:
        score, reasons = risk_score(RiskFacts(
            cqc_rating=cqc_rating, cqc_rating_date=cqc_rating_date, council_rag=council_rag,
            open_concerns=open_concerns.get(provider_id, 0), safeguardings_last_year=safeguardings_year,
            last_audit=last_audit), today)
        rows.append(ProgrammeRow(pk, name, provider_id, provider_name, score, reasons, last_audit, upcoming.get(pk)))
    return sorted(rows, key=lambda r: (-r.score, r.service_name))


# What needs attention ----------------------------------------------------------------------

def overdue_items(*, today: date | None = None, user=None) -> QuerySet[ActionItem]:
    """Actions of live plans past their due date and not done."""
    today = today or _today()
    items = ActionItem.objects.all() if user is None else ActionItem.objects.for_user(user)
    return items.filter(done_on__isnull=True, due__lt=today, plan__status=PlanStatus.ACCEPTED)


def overdue_plans(*, today: date | None = None, user=None) -> QuerySet[ActionPlan]:
    """Action plans not sent by their due date."""
    plans = ActionPlan.objects.all() if user is None else ActionPlan.objects.for_user(user)
    return plans.filter(status=PlanStatus.REQUIRED, due__lt=today or _today())


# Provider failure --------------------------------------------------------------------------

@dataclass
class FailureReport:
    provider: Provider
    people: list[Agreement]
    capacity: list[dict]


def failure_report(provider: Provider) -> FailureReport:
    """Everyone the provider serves (with who funds them and their social worker), and where else
    capacity exists, by lot and locality."""
    from commissioning.brokerage.services import capacity_used

    people = list(Agreement.objects.filter(provider=provider, status__in=[AgreementStatus.ACCEPTED,
                                                                          AgreementStatus.OFFERED])
                  .select_related("person", "service", "lot__approved_list", "request__requested_by",
                                  "request__service_type").order_by("person__reference"))
    lots = {m.lot for m in Membership.objects.filter(provider=provider).select_related("lot__approved_list")}
    lots |= {a.lot for a in people if a.lot}
    capacity = []
    for lot in sorted(lots, key=lambda lot: (lot.approved_list.reference, lot.number)):
        services = Service.objects.filter(
            provider__memberships__lot=lot, provider__memberships__status=MembershipStatus.ACTIVE,
            provider__new_placements_suspended=False, status=ServiceStatus.ACTIVE,
            service_types__in=lot.service_types.all()).exclude(provider=provider).exclude(
            council_rag="red").select_related("locality").distinct()
        services = list(services)
        used_hours = capacity_used([s.pk for s in services], counts_beds=False)
        used_beds = capacity_used([s.pk for s in services], counts_beds=True)
        by_locality: dict[str, dict] = {}
        for s in services:
            row = by_locality.setdefault(s.locality.name if s.locality else "Unknown",
                                         {"providers": set(), "beds": 0, "hours": Decimal(0)})
            row["providers"].add(s.provider_id)
            if s.beds:
                row["beds"] += max(s.beds - int(used_beds.get(s.pk, 0)), 0)
            if s.hours_per_week:
                row["hours"] += max(Decimal(s.hours_per_week) - used_hours.get(s.pk, Decimal(0)), Decimal(0))
        for locality, row in sorted(by_locality.items()):
            capacity.append({"lot": lot, "locality": locality, "providers": len(row["providers"]),
                             "beds": row["beds"], "hours": row["hours"]})
    return FailureReport(provider=provider, people=people, capacity=capacity)


# The provider quality page -----------------------------------------------------------------

def council_rag(value: str):
    """A service's council RAG as a member that carries its tag colour ("" when not rated)."""
    return AuditRag(value) if value in AuditRag.values else value


def provider_quality(provider, *, user, today: date | None = None) -> dict:
    """Everything the provider quality page shows, of the records the user may see."""
    today = today or _today()
    final = list(Audit.objects.for_user(user).filter(service__provider=provider, status=AuditStatus.FINAL)
                 .select_related("service").order_by("published_on", "id"))
    services = list(provider.services.annotate(
        safeguardings_year=Count("safeguardings", filter=Q(safeguardings__raised_on__gte=today - timedelta(days=365))),
        safeguardings_total=Count("safeguardings")))
    for service in services:
        service.council_rag_tag = council_rag(service.council_rag)
    feedback = Feedback.objects.for_user(user).filter(service__provider=provider).select_related("service")
    return {
        "audits": final,
        "plans": ActionPlan.objects.for_user(user).filter(audit__service__provider=provider)
        .select_related("audit__service"),
        "open_items": ActionItem.objects.for_user(user).filter(plan__audit__service__provider=provider,
                                                               done_on__isnull=True).select_related("plan"),
        "services": services,
        "kpi_returns": KpiReturn.objects.for_user(user).filter(provider=provider).select_related("kpi")[:24],
        "feedback": feedback[:20],
        "feedback_counts": {label: feedback.filter(kind=value).count() for value, label in FeedbackKind.choices},
        "concerns": ConcernCase.objects.for_user(user).filter(provider=provider).exclude(stage=ConcernStage.CLOSED),
        "reviews": ContractReview.objects.for_user(user).filter(audit__service__provider=provider,
                                                                status=ReviewStatus.OPEN),
    }
