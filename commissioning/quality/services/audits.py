"""An audit from the visit to the final report: ratings per standard, the draft the provider may
challenge for 14 days, and publication, which escalates an Amber or Red report."""
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.brokerage.choices import AgreementStatus
from commissioning.brokerage.models import Agreement
from commissioning.core.audit import Action, audit_record
from commissioning.core.workflow import TransitionNotAllowed, transition
from commissioning.providers.services import service_save

from .. import selectors, transitions
from ..choices import AuditKind, AuditStatus
from ..domain import rating as rating_rules
from ..domain.periods import add_months
from ..models import ActionPlan, Audit, Challenge, ContractReview, SafetyCheck, SafetyCheckPerson, StandardAssessment
from ._common import today


def _lock(audit: Audit) -> Audit:
    return Audit.objects.select_for_update().select_related("framework", "service").get(pk=audit.pk)


@transaction.atomic
def audit_start(*, audit: Audit, by) -> Audit:
    """The officer starts a planned audit and becomes its officer; the visit is today unless already set."""
    audit = _lock(audit)
    return transition(audit, transitions.AUDIT, "start", by=by, officer=by,
                      visited_on=audit.visited_on or today())


@transaction.atomic
def audit_cancel(*, audit: Audit, by, reason: str) -> Audit:
    """Cancel a planned or started audit, with the reason."""
    if not reason.strip():
        raise ValidationError("Give the reason for cancelling")
    audit = _lock(audit)
    return transition(audit, transitions.AUDIT, "cancel", by=by, note=reason)


@transaction.atomic
def audit_rate(*, audit: Audit, by, ratings: dict[int, tuple[str, str]], summary: str = "",
               visited_on: date | None = None) -> Audit:
    """Record evidence and a rating per standard (in progress, or while the draft is open to
    challenge), and recompute the domain, overall and RAG ratings."""
    audit = _lock(audit)
    if audit.status not in (AuditStatus.IN_PROGRESS, AuditStatus.DRAFT):
        raise TransitionNotAllowed("audit", audit.status, "record ratings")
    standards = {s.pk: s for s in selectors.standards_of(audit.framework)}
    problems = []
    for standard_id, (value, evidence) in ratings.items():
        if standard_id not in standards:
            problems.append(f"Standard {standard_id} is not part of {audit.framework}")
        elif value not in rating_rules.POINTS:
            problems.append(f"Choose a rating for {standards[standard_id]}")
        elif not evidence.strip():
            problems.append(f"Record the evidence for {standards[standard_id]}")
    if visited_on and visited_on > today():
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
    missing = set(selectors.standards_of(audit.framework).values_list("pk", flat=True)) - set(
        audit.assessments.values_list("standard_id", flat=True))
    if audit.status == AuditStatus.IN_PROGRESS and missing:
        raise ValidationError(f"Rate every standard before issuing the draft ({len(missing)} not rated)")
    issued = today()
    return transition(audit, transitions.AUDIT, "issue_draft", by=by, draft_issued_on=issued,
                      comments_due=issued + timedelta(days=settings.QUALITY_CHALLENGE_DAYS))


@transaction.atomic
def challenge_raise(*, audit: Audit, by, text: str, standard=None) -> Challenge:
    """The audited provider challenges a fact in the draft, within its 14 days and before agreeing it."""
    audit = _lock(audit)
    if by.provider_id != audit.service.provider_id:
        raise ValidationError("Only the audited provider can challenge the draft")
    if audit.status != AuditStatus.DRAFT:
        raise ValidationError("Only a draft report can be challenged")
    if today() > audit.comments_due:
        raise ValidationError(f"The 14 days to challenge this draft ended on {audit.comments_due:%d %B %Y}")
    if audit.provider_agreed_on:
        raise ValidationError("You have already said you have no more challenges")
    if not text.strip():
        raise ValidationError("Describe the fact you are challenging")
    challenge = Challenge.objects.create(audit=audit, standard=standard, text=text, raised_by=by)
    audit_record(actor=by, action=Action.CREATED, obj=challenge, note=text)
    return challenge


@transaction.atomic
def draft_agree(*, audit: Audit, by) -> Audit:
    """The provider says it has no (more) challenges, so the report can be published before 14 days."""
    audit = _lock(audit)
    if by.provider_id != audit.service.provider_id or audit.status != AuditStatus.DRAFT:
        raise ValidationError("Only the audited provider can agree a draft report")
    audit.provider_agreed_on = today()
    audit.save(update_fields=["provider_agreed_on", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=audit, note="The provider has no more challenges")
    return audit


@transaction.atomic
def challenge_answer(*, challenge: Challenge, by, answer: str) -> Challenge:
    """The officer answers a challenge while the report is a draft."""
    if not answer.strip():
        raise ValidationError("Write the answer to the challenge")
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.audit.status != AuditStatus.DRAFT:
        raise ValidationError("Challenges are answered while the report is a draft")
    challenge.answer, challenge.answered_by, challenge.answered_at = answer, by, timezone.now()
    challenge.save()
    audit_record(actor=by, action=Action.UPDATED, obj=challenge, note=answer)
    return challenge


def _lead_for(market_area: str):
    return User.objects.filter(role=Role.LEAD_COMMISSIONER, market_area=market_area, is_active=True).first()


@transaction.atomic
def audit_publish(*, audit: Audit, by) -> Audit:
    """Publish the final report. Its RAG becomes the service's council rating; Amber or Red requires
    an action plan, opens a focused contract review for the lead commissioner and a safety check
    for the social workers of the people placed there, and schedules a re-audit."""
    audit = _lock(audit)
    day = today()
    if audit.status == AuditStatus.DRAFT:
        if audit.challenges.filter(answer="").exists():
            raise ValidationError("Answer every challenge before publishing")
        if day <= audit.comments_due and not audit.provider_agreed_on:
            raise ValidationError(f"The provider can challenge the draft until {audit.comments_due:%d %B %Y}")
    transition(audit, transitions.AUDIT, "publish", by=by, published_on=day)
    service = audit.service
    service.council_rag = audit.rag
    service_save(service=service, by=by, note=f"Final report of {audit}")
    if rating_rules.needs_action_plan(audit.rag):
        plan = ActionPlan.objects.create(audit=audit, due=day + timedelta(days=settings.QUALITY_ACTION_PLAN_DAYS))
        area = service.service_types.values_list("market_area", flat=True).first() or "care_homes"
        review = ContractReview.objects.create(audit=audit, market_area_id=area, lead_commissioner=_lead_for(area))
        check = SafetyCheck.objects.create(audit=audit)
        SafetyCheckPerson.objects.bulk_create([
            SafetyCheckPerson(safety_check=check, agreement=a, social_worker=a.request.requested_by)
            for a in Agreement.objects.filter(service=service, status=AgreementStatus.ACCEPTED)
            .select_related("request")])
        reaudit = Audit.objects.create(service=service, framework=audit.framework, kind=AuditKind.REAUDIT,
                                       planned_for=add_months(day, settings.QUALITY_REAUDIT_MONTHS),
                                       reason=f"Re-audit after a {audit.get_rag_display()} report")
        for record in (plan, review, check, reaudit):
            audit_record(actor=by, action=Action.CREATED, obj=record, note=f"After the final report of {audit}")
    return audit
