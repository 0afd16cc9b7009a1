"""Writes of quality assurance and contract management. Each is atomic, checks the transition
tables and leaves a trail (audit events, concern events)."""
import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.brokerage.choices import AgreementStatus
from commissioning.brokerage.models import Agreement
from commissioning.core.audit import Action, audit_record
from commissioning.procurement.choices import MembershipStatus
from commissioning.procurement.models import Membership
from commissioning.providers.choices import ServiceStatus
from commissioning.providers.models import Provider, Service
from commissioning.providers.services import provider_set_placements_suspended

from .choices import AuditKind, AuditStatus, ConcernStage, KpiPeriod, PlanStatus, ReviewStatus
from .domain import rating as rating_rules
from .domain.risk import RiskFacts, risk_score
from .models import (
    ActionItem,
    ActionPlan,
    Audit,
    Challenge,
    ConcernCase,
    ConcernEvent,
    ContractMeeting,
    ContractReview,
    Framework,
    KpiDefinition,
    KpiReturn,
    SafetyCheck,
    SafetyCheckPerson,
    Standard,
    StandardAssessment,
)
from .transitions import AUDIT_TRANSITIONS, CONCERN_TRANSITIONS, PLAN_TRANSITIONS, TransitionNotAllowed, next_status

__all__ = ["TransitionNotAllowed"]
SUSPENDING = (ConcernStage.SUSPENDED, ConcernStage.EXIT)
OPEN_AUDITS = (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS, AuditStatus.DRAFT)


def _today() -> date:
    return timezone.localdate()


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# The audit programme -----------------------------------------------------------------------

def commissioned_services():
    """Services the council buys from: active services of active list members, or with live agreements."""
    members = Membership.objects.filter(status__in=[MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED])
    return Service.objects.filter(status=ServiceStatus.ACTIVE).filter(
        Q(provider__memberships__in=members)
        | Q(agreements__status__in=[AgreementStatus.OFFERED, AgreementStatus.ACCEPTED])).distinct()


@dataclass
class ProgrammeRow:
    service: Service
    score: int
    reasons: list[str]
    last_audit: date | None
    next_audit: Audit | None


def programme(*, today: date | None = None) -> list[ProgrammeRow]:
    """Every commissioned service, riskiest first, with its last and next audit."""
    today = today or _today()
    year_ago = today - timedelta(days=365)
    services = commissioned_services().select_related("provider").annotate(
        last_audit=Max("audits__visited_on", filter=Q(audits__status=AuditStatus.FINAL)),
        safeguardings_year=Count("safeguardings", filter=Q(safeguardings__raised_on__gte=year_ago), distinct=True),
    )
    open_concerns = dict(ConcernCase.objects.exclude(stage=ConcernStage.CLOSED).values("provider_id")
                         .annotate(n=Count("id")).values_list("provider_id", "n"))
    upcoming = {}
    for audit in Audit.objects.filter(status__in=OPEN_AUDITS).order_by("-planned_for"):
        upcoming[audit.service_id] = audit
    rows = []
    for service in services:
        score, reasons = risk_score(RiskFacts(
            cqc_rating=service.cqc_rating, cqc_rating_date=service.cqc_rating_date, council_rag=service.council_rag,
            open_concerns=open_concerns.get(service.provider_id, 0), safeguardings_last_year=service.safeguardings_year,
            last_audit=service.last_audit), today)
        rows.append(ProgrammeRow(service, score, reasons, service.last_audit, upcoming.get(service.pk)))
    return sorted(rows, key=lambda r: (-r.score, r.service.name))


@transaction.atomic
def plan_year(*, by, start: date) -> int:
    """Plan an annual audit for every commissioned service that has none open, riskiest first and
    soonest; the riskier half unannounced."""
    rows = [r for r in programme(today=start) if r.next_audit is None]
    framework = default_framework()
    for i, row in enumerate(rows):
        when = start + timedelta(days=(i * 330) // max(len(rows), 1))
        kind = AuditKind.UNANNOUNCED if i < len(rows) / 2 else AuditKind.ANNOUNCED
        audit = Audit.objects.create(service=row.service, framework=framework, kind=kind, planned_for=when,
                                     reason=f"Risk score {row.score}: {'; '.join(row.reasons) or 'low risk'}")
        audit_record(actor=by, action=Action.CREATED, obj=audit)
    return len(rows)


def default_framework() -> Framework:
    framework = Framework.objects.filter(is_default=True).first()
    if framework is None:
        raise ValidationError("Set up an audit framework first")
    return framework


@transaction.atomic
def visit_add(*, service: Service, by, planned_for: date, reason: str, kind: str = AuditKind.MONITORING) -> Audit:
    if not reason.strip():
        raise ValidationError("Say why the visit is needed")
    audit = Audit.objects.create(service=service, framework=default_framework(), kind=kind,
                                 planned_for=planned_for, reason=reason)
    audit_record(actor=by, action=Action.CREATED, obj=audit, note=reason)
    return audit


# Auditing ----------------------------------------------------------------------------------

def _lock(audit: Audit) -> Audit:
    return Audit.objects.select_for_update().select_related("framework", "service").get(pk=audit.pk)


def _move(audit: Audit, event: str, by, note: str = "") -> None:
    old = audit.status
    audit.status = next_status(AUDIT_TRANSITIONS, "audit", audit.status, event)
    audit.save()
    audit_record(actor=by, action=Action.UPDATED, obj=audit, note=note,
                 changes={"Status": [AuditStatus(old).label, AuditStatus(audit.status).label]})


@transaction.atomic
def audit_start(*, audit: Audit, by) -> Audit:
    audit = _lock(audit)
    audit.officer = by
    audit.visited_on = audit.visited_on or _today()
    _move(audit, "start", by)
    return audit


@transaction.atomic
def audit_cancel(*, audit: Audit, by, reason: str) -> Audit:
    if not reason.strip():
        raise ValidationError("Give the reason for cancelling")
    audit = _lock(audit)
    _move(audit, "cancel", by, note=reason)
    return audit


@transaction.atomic
def audit_rate(*, audit: Audit, by, ratings: dict[int, tuple[str, str]], summary: str = "",
               visited_on: date | None = None) -> Audit:
    """Record evidence and a rating per standard (in progress, or while the draft is open to
    challenge), and recompute the domain, overall and RAG ratings."""
    audit = _lock(audit)
    if audit.status not in (AuditStatus.IN_PROGRESS, AuditStatus.DRAFT):
        raise TransitionNotAllowed("audit", audit.status, "record ratings")
    standards = {s.pk: s for s in Standard.objects.filter(domain__framework=audit.framework)}
    problems = []
    for standard_id, (value, evidence) in ratings.items():
        if standard_id not in standards:
            problems.append(f"Standard {standard_id} is not part of {audit.framework}")
        elif value not in rating_rules.POINTS:
            problems.append(f"Choose a rating for {standards[standard_id]}")
        elif not evidence.strip():
            problems.append(f"Record the evidence for {standards[standard_id]}")
    if visited_on and visited_on > _today():
        problems.append("The visit date cannot be in the future")
    if problems:
        raise ValidationError(problems)
    for standard_id, (value, evidence) in ratings.items():
        StandardAssessment.objects.update_or_create(audit=audit, standard_id=standard_id,
                                                    defaults={"rating": value, "evidence": evidence})
    audit.summary = summary or audit.summary
    audit.visited_on = visited_on or audit.visited_on
    _compute(audit)
    audit.save()
    audit_record(actor=by, action=Action.UPDATED, obj=audit, note=f"{len(ratings)} standards rated")
    return audit


def _compute(audit: Audit) -> None:
    framework = audit.framework
    by_domain: dict[str, list[str]] = {}
    for assessment in audit.assessments.select_related("standard__domain"):
        by_domain.setdefault(assessment.standard.domain.name, []).append(assessment.rating)
    if not by_domain:
        audit.domain_ratings, audit.overall_rating, audit.rag = {}, "", ""
        return
    domains, overall = rating_rules.audit_ratings(by_domain, framework.method, framework.bands)
    audit.domain_ratings, audit.overall_rating = domains, overall
    audit.rag = rating_rules.rag(overall, framework.rag_mapping)


@transaction.atomic
def audit_issue_draft(*, audit: Audit, by) -> Audit:
    """Send the draft to the provider, who has 14 days to challenge facts. Every standard must be rated."""
    audit = _lock(audit)
    missing = set(Standard.objects.filter(domain__framework=audit.framework).values_list("pk", flat=True)) - set(
        audit.assessments.values_list("standard_id", flat=True))
    if audit.status == AuditStatus.IN_PROGRESS and missing:
        raise ValidationError(f"Rate every standard before issuing the draft ({len(missing)} not rated)")
    audit.draft_issued_on = _today()
    audit.comments_due = audit.draft_issued_on + timedelta(days=settings.QUALITY_CHALLENGE_DAYS)
    _move(audit, "issue_draft", by)
    return audit


@transaction.atomic
def challenge_raise(*, audit: Audit, by, text: str, standard=None) -> Challenge:
    audit = _lock(audit)
    if by.provider_id != audit.service.provider_id:
        raise ValidationError("Only the audited provider can challenge the draft")
    if audit.status != AuditStatus.DRAFT:
        raise ValidationError("Only a draft report can be challenged")
    if _today() > audit.comments_due:
        raise ValidationError(f"The 14 days to challenge this draft ended on {audit.comments_due:%d %B %Y}")
    if audit.provider_agreed_on:
        raise ValidationError("You have already said you have no more challenges")
    if not text.strip():
        raise ValidationError("Describe the fact you are challenging")
    return Challenge.objects.create(audit=audit, standard=standard, text=text, raised_by=by)


@transaction.atomic
def draft_agree(*, audit: Audit, by) -> Audit:
    """The provider says it has no (more) challenges, so the report can be published before 14 days."""
    audit = _lock(audit)
    if by.provider_id != audit.service.provider_id or audit.status != AuditStatus.DRAFT:
        raise ValidationError("Only the audited provider can agree a draft report")
    audit.provider_agreed_on = _today()
    audit.save(update_fields=["provider_agreed_on", "updated_at"])
    return audit


@transaction.atomic
def challenge_answer(*, challenge: Challenge, by, answer: str) -> Challenge:
    if not answer.strip():
        raise ValidationError("Write the answer to the challenge")
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.audit.status != AuditStatus.DRAFT:
        raise ValidationError("Challenges are answered while the report is a draft")
    challenge.answer, challenge.answered_by, challenge.answered_at = answer, by, timezone.now()
    challenge.save()
    return challenge


def _lead_for(market_area: str):
    return User.objects.filter(role=Role.LEAD_COMMISSIONER, market_area=market_area, is_active=True).first()


@transaction.atomic
def audit_publish(*, audit: Audit, by) -> Audit:
    """Publish the final report. Its RAG becomes the service's council rating; Amber or Red requires
    an action plan, opens a focused contract review for the lead commissioner and a safety check
    for the social workers of the people placed there, and schedules a re-audit."""
    audit = _lock(audit)
    today = _today()
    if audit.status == AuditStatus.DRAFT:
        if audit.challenges.filter(answer="").exists():
            raise ValidationError("Answer every challenge before publishing")
        if today <= audit.comments_due and not audit.provider_agreed_on:
            raise ValidationError(f"The provider can challenge the draft until {audit.comments_due:%d %B %Y}")
    audit.published_on = today
    _move(audit, "publish", by)
    service = audit.service
    old = service.council_rag
    service.council_rag = audit.rag
    service.save(update_fields=["council_rag", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=service, note=f"Final report of {audit}",
                 changes={"Council RAG rating": [old, audit.rag]})
    if rating_rules.needs_action_plan(audit.rag):
        ActionPlan.objects.create(audit=audit, due=today + timedelta(days=settings.QUALITY_ACTION_PLAN_DAYS))
        area = service.service_types.values_list("market_area", flat=True).first() or "care_homes"
        ContractReview.objects.create(audit=audit, market_area=area, lead_commissioner=_lead_for(area))
        check = SafetyCheck.objects.create(audit=audit)
        SafetyCheckPerson.objects.bulk_create([
            SafetyCheckPerson(safety_check=check, agreement=a, social_worker=a.request.requested_by)
            for a in Agreement.objects.filter(service=service, status=AgreementStatus.ACCEPTED)
            .select_related("request")])
        Audit.objects.create(service=service, framework=audit.framework, kind=AuditKind.REAUDIT,
                             planned_for=add_months(today, settings.QUALITY_REAUDIT_MONTHS),
                             reason=f"Re-audit after a {audit.get_rag_display()} report")
    return audit


# Action plans ------------------------------------------------------------------------------

def _lock_plan(plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_for_update().select_related("audit__service").get(pk=plan.pk)


@transaction.atomic
def plan_submit(*, plan: ActionPlan, by, items: list[dict]) -> ActionPlan:
    """The provider sends an action per issue: issue, action, owner and due date."""
    plan = _lock_plan(plan)
    if by.provider_id != plan.audit.service.provider_id:
        raise ValidationError("Only the audited provider can send its action plan")
    problems = []
    if not items:
        problems.append("Add at least one action")
    for n, item in enumerate(items, start=1):
        for field, label in (("issue", "issue"), ("action", "action"), ("owner", "owner")):
            if not str(item.get(field, "")).strip():
                problems.append(f"Action {n}: enter the {label}")
        if not item.get("due"):
            problems.append(f"Action {n}: enter the due date")
        elif item["due"] < _today():
            problems.append(f"Action {n}: the due date cannot be in the past")
    if problems:
        raise ValidationError(problems)
    plan.status = next_status(PLAN_TRANSITIONS, "action plan", plan.status, "submit")
    plan.items.all().delete()
    ActionItem.objects.bulk_create([ActionItem(plan=plan, issue=i["issue"], action=i["action"], owner=i["owner"],
                                               due=i["due"]) for i in items])
    plan.submitted_at = timezone.now()
    plan.save()
    audit_record(actor=by, action=Action.UPDATED, obj=plan, note=f"{len(items)} actions submitted")
    return plan


@transaction.atomic
def plan_review(*, plan: ActionPlan, by, accept: bool, note: str = "") -> ActionPlan:
    plan = _lock_plan(plan)
    if not accept and not note.strip():
        raise ValidationError("Say what the provider must change")
    plan.status = next_status(PLAN_TRANSITIONS, "action plan", plan.status, "accept" if accept else "return")
    plan.reviewed_by, plan.review_note = by, note
    if not accept:
        plan.due = max(plan.due, _today() + timedelta(days=7))
    plan.save()
    audit_record(actor=by, action=Action.UPDATED, obj=plan, note=note or "Accepted")
    return plan


@transaction.atomic
def item_progress(*, item: ActionItem, by, progress: str, done_on: date | None) -> ActionItem:
    item = ActionItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    if item.plan.status != PlanStatus.ACCEPTED:
        raise ValidationError("Progress is recorded on an accepted, live plan")
    if done_on and done_on > _today():
        raise ValidationError("The date done cannot be in the future")
    item.progress, item.done_on = progress, done_on
    item.save()
    if not item.plan.items.filter(done_on__isnull=True).exists():
        plan = item.plan
        plan.status = next_status(PLAN_TRANSITIONS, "action plan", plan.status, "complete")
        plan.save(update_fields=["status", "updated_at"])
    return item


def overdue_items(*, today: date | None = None):
    today = today or _today()
    return ActionItem.objects.filter(done_on__isnull=True, due__lt=today, plan__status=PlanStatus.ACCEPTED)


def overdue_plans(*, today: date | None = None):
    return ActionPlan.objects.filter(status=PlanStatus.REQUIRED, due__lt=today or _today())


# Escalation --------------------------------------------------------------------------------

@transaction.atomic
def review_close(*, review: ContractReview, by, outcome: str) -> ContractReview:
    if not outcome.strip():
        raise ValidationError("Record the outcome of the review")
    review = ContractReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.OPEN:
        raise ValidationError("This review is already closed")
    review.status, review.outcome = ReviewStatus.CLOSED, outcome
    review.save()
    audit_record(actor=by, action=Action.UPDATED, obj=review, note=outcome)
    return review


@transaction.atomic
def safety_record(*, row: SafetyCheckPerson, by, outcome: str) -> SafetyCheckPerson:
    if not outcome.strip():
        raise ValidationError("Record what the check found")
    row = SafetyCheckPerson.objects.select_for_update().select_related("safety_check").get(pk=row.pk)
    row.outcome, row.checked_on = outcome, _today()
    row.save()
    check = row.safety_check
    if not check.people.filter(checked_on__isnull=True).exists():
        check.status = ReviewStatus.CLOSED
        check.save(update_fields=["status", "updated_at"])
    return row


# Provider concerns -------------------------------------------------------------------------

def _set_suspension(provider: Provider, by) -> None:
    suspended = ConcernCase.objects.filter(provider=provider, stage__in=SUSPENDING).exists()
    provider_set_placements_suspended(provider=provider, suspended=suspended, by=by, note="Provider concern case")


@transaction.atomic
def concern_open(*, provider: Provider, by, summary: str) -> ConcernCase:
    """Open a concern case at the initial meeting and add a monitoring visit to each of the
    provider's commissioned services."""
    if not summary.strip():
        raise ValidationError("Describe the concerns")
    case = ConcernCase.objects.create(provider=provider, opened_by=by, summary=summary)
    ConcernEvent.objects.create(case=case, by=by, event="opened", to_stage=case.stage, note=summary)
    for service in commissioned_services().filter(provider=provider):
        visit_add(service=service, by=by, planned_for=_today() + timedelta(days=7),
                  reason=f"Monitoring visit: concerns raised ({case})")
    return case


@transaction.atomic
def concern_move(*, case: ConcernCase, by, event: str, note: str) -> ConcernCase:
    if not note.strip():
        raise ValidationError("Record why the case moves")
    case = ConcernCase.objects.select_for_update().select_related("provider").get(pk=case.pk)
    old = case.stage
    case.stage = next_status(CONCERN_TRANSITIONS, "concern case", case.stage, event)
    case.save()
    ConcernEvent.objects.create(case=case, by=by, event=event, from_stage=old, to_stage=case.stage, note=note)
    _set_suspension(case.provider, by)
    return case


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


# Contract management -----------------------------------------------------------------------

@transaction.atomic
def meetings_schedule(*, provider: Provider, by, market_area: str, start: date, months: int = 12) -> int:
    """Schedule the provider's contract meetings at its market's frequency for the months ahead."""
    every = settings.CONTRACT_MEETING_MONTHS[market_area]
    made = 0
    for step in range(0, months, every):
        when = add_months(start, step)
        _, created = ContractMeeting.objects.get_or_create(provider=provider, market_area=market_area,
                                                           scheduled_for=when)
        made += int(created)
    audit_record(actor=by, action=Action.CREATED, obj=provider, note=f"{made} contract meetings scheduled")
    return made


@transaction.atomic
def meeting_record(*, meeting: ContractMeeting, by, **fields) -> ContractMeeting:
    meeting = ContractMeeting.objects.select_for_update().get(pk=meeting.pk)
    held = fields.get("held_on")
    if held is None:
        raise ValidationError("Enter the date the meeting was held")
    if held > _today():
        raise ValidationError("The meeting cannot have been held in the future")
    if not any(str(fields.get(k, "")).strip() for k in ("compliance", "performance", "quality", "improvement")):
        raise ValidationError("Record at least one of the four areas")
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    audit_record(actor=by, action=Action.UPDATED, obj=meeting, note="Meeting record saved")
    return meeting


def period_end(kpi: KpiDefinition, start: date) -> date:
    return add_months(start, 3 if kpi.period == KpiPeriod.QUARTERLY else 1) - timedelta(days=1)


def _period_starts(kpi: KpiDefinition, since: date, today: date):
    step = 3 if kpi.period == KpiPeriod.QUARTERLY else 1
    start = date(since.year, since.month - (since.month - 1) % step, 1)
    while period_end(kpi, start) < today:
        yield start
        start = add_months(start, step)


def _returns_due(kpi: KpiDefinition, start: date) -> date:
    return period_end(kpi, start) + timedelta(days=kpi.days_to_submit)


@transaction.atomic
def kpi_return_submit(*, kpi: KpiDefinition, by, period_start: date, value: Decimal, note: str = "") -> KpiReturn:
    """A provider's figure for one period; a return after its deadline is recorded and marked late."""
    today = _today()
    problems = []
    step = 3 if kpi.period == KpiPeriod.QUARTERLY else 1
    if period_start.day != 1 or (period_start.month - 1) % step:
        problems.append(f"Choose the first day of a {kpi.get_period_display().lower()} period")
    elif period_end(kpi, period_start) >= today:
        problems.append("That period has not ended yet")
    if not Membership.objects.filter(lot__approved_list=kpi.approved_list, provider_id=by.provider_id).exists():
        problems.append(f"Your organisation does not hold {kpi.approved_list}")
    if value is None or value < 0:
        problems.append("Enter the figure as 0 or more")
    if KpiReturn.objects.filter(kpi=kpi, provider_id=by.provider_id, period_start=period_start).exists():
        problems.append("A return for this period has already been sent")
    if problems:
        raise ValidationError(problems)
    return KpiReturn.objects.create(kpi=kpi, provider_id=by.provider_id, period_start=period_start, value=value,
                                    note=note, submitted_at=timezone.now(), submitted_by=by,
                                    late=today > _returns_due(kpi, period_start))


def missing_returns(*, today: date | None = None, provider: Provider | None = None, months_back: int = 12):
    """Returns past their deadline and not sent, per KPI, provider and period."""
    today = today or _today()
    since = add_months(today, -months_back)
    missing = []
    for kpi in KpiDefinition.objects.select_related("approved_list"):
        members = Membership.objects.filter(lot__approved_list=kpi.approved_list, status=MembershipStatus.ACTIVE)
        if provider is not None:
            members = members.filter(provider=provider)
        providers = {m.provider_id: m for m in members.select_related("provider")}
        sent = set(KpiReturn.objects.filter(kpi=kpi).values_list("provider_id", "period_start"))
        for start in _period_starts(kpi, since, today):
            if _returns_due(kpi, start) >= today:
                continue
            for provider_id, membership in providers.items():
                if membership.admitted_on <= period_end(kpi, start) and (provider_id, start) not in sent:
                    missing.append({"kpi": kpi, "provider": membership.provider, "period_start": start,
                                    "due": _returns_due(kpi, start)})
    return missing
