"""Writes of the Approved Provider Lists workflow. Each is atomic, takes the acting user, checks
the transition table, and leaves an append-only trail (status rows, membership events, audit)."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commissioning.core.audit import Action, audit_record, diff, snapshot
from commissioning.providers.models import Provider, Service

from .choices import (
    AdmissionMode,
    ApplicationStatus,
    Condition,
    ListStatus,
    LotOutcome,
    MembershipStatus,
    QuestionKind,
)
from .domain import evaluation
from .models import (
    Answer,
    Application,
    ApprovedList,
    Clarification,
    Lot,
    LotDecision,
    Membership,
    MembershipEvent,
    ModeratedScore,
    Question,
    ReopeningWindow,
    Score,
    StatusChange,
)
from .transitions import (
    APPLICATION_TRANSITIONS,
    LIST_TRANSITIONS,
    MEMBERSHIP_TRANSITIONS,
    TransitionNotAllowed,
    next_status,
)

SYSTEM_CONDITIONS = {Condition.CQC_GOOD, Condition.INSURANCE}

__all__ = ["TransitionNotAllowed"]


def _today() -> date:
    return timezone.localdate()


# Lists -------------------------------------------------------------------------------------

@transaction.atomic
def list_transition(*, approved_list: ApprovedList, event: str, by) -> ApprovedList:
    """Move a list along draft → open ⇄ paused → closed; opening needs lots and questions."""
    approved_list = ApprovedList.objects.select_for_update().get(pk=approved_list.pk)
    new = next_status(LIST_TRANSITIONS, "list", approved_list.status, event)
    if event == "open":
        problems = []
        if not approved_list.lots.exists():
            problems.append("Add at least one lot before opening the list")
        if not approved_list.questions.exists():
            problems.append("Add at least one question before opening the list")
        if approved_list.admission_mode == AdmissionMode.WINDOWS and not approved_list.windows.exists():
            problems.append("Add a reopening window before opening a list that reopens in windows")
        if problems:
            raise ValidationError(problems)
    old = approved_list.status
    approved_list.status = new
    approved_list.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=approved_list,
                 changes={"Status": [ListStatus(old).label, ListStatus(new).label]})
    return approved_list


@transaction.atomic
def list_save(*, approved_list: ApprovedList, by) -> ApprovedList:
    """Create or change a list's particulars (not its status); a closed list is final."""
    creating = approved_list.pk is None
    if not creating and ApprovedList.objects.get(pk=approved_list.pk).status == ListStatus.CLOSED:
        raise ValidationError("A closed list cannot be changed")
    if creating:
        approved_list.created_by = by
        approved_list.status = ListStatus.DRAFT
    fields = ["name", "reference", "kind", "market_area", "lead_commissioner", "description", "start_date",
              "term_months", "estimated_value_pence", "admission_mode", "max_lots_per_provider", "pass_mark",
              "score_scale_max"]
    before = dict.fromkeys(fields, "") if creating else snapshot(ApprovedList.objects.get(pk=approved_list.pk), fields)
    approved_list.full_clean()
    approved_list.save()
    changes = diff(approved_list, before, snapshot(approved_list, fields))
    if creating or changes:
        audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=approved_list,
                     changes=changes)
    return approved_list


@transaction.atomic
def window_add(*, approved_list: ApprovedList, by, opens_on: date, closes_on: date) -> ReopeningWindow:
    """Add a reopening window to a list that is not closed."""
    if approved_list.status == ListStatus.CLOSED:
        raise ValidationError("A closed list cannot reopen")
    window = ReopeningWindow(approved_list=approved_list, opens_on=opens_on, closes_on=closes_on)
    window.full_clean()
    window.save()
    audit_record(actor=by, action=Action.UPDATED, obj=approved_list, note=f"Reopening window {window} added")
    return window


def _require_draft(approved_list: ApprovedList) -> None:
    if approved_list.status != ListStatus.DRAFT:
        raise ValidationError("Lots and questions can only change while the list is a draft")


@transaction.atomic
def lot_save(*, lot: Lot, by, service_types, localities) -> Lot:
    """Add or change a lot of a draft list."""
    _require_draft(lot.approved_list)
    creating = lot.pk is None
    lot.full_clean(exclude=["service_types", "localities"])
    lot.save()
    lot.service_types.set(service_types)
    lot.localities.set(localities)
    audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=lot.approved_list,
                 note=f"{'Added' if creating else 'Changed'} {lot}")
    return lot


@transaction.atomic
def question_save(*, question: Question, by) -> Question:
    """Add or change a question of a draft list: pass/fail needs a condition, scored needs a weight."""
    _require_draft(question.approved_list)
    errors = {}
    if question.kind == QuestionKind.PASS_FAIL and not question.condition:
        errors["condition"] = "Choose the condition this pass or fail question checks"
    if question.kind == QuestionKind.SCORED and not question.weight:
        errors["weight"] = "Give a scored question a weight of at least 1"
    if question.kind == QuestionKind.SCORED and question.condition:
        errors["condition"] = "Only pass or fail questions check a condition"
    if errors:
        raise ValidationError(errors)
    creating = question.pk is None
    question.full_clean()
    question.save()
    audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=question.approved_list,
                 note=f"{'Added' if creating else 'Changed'} question {question.number}")
    return question


def list_is_accepting(approved_list: ApprovedList, on: date) -> bool:
    """Open, and (for a list that reopens in windows) inside a window."""
    if approved_list.status != ListStatus.OPEN:
        return False
    if approved_list.admission_mode == AdmissionMode.CONTINUOUS:
        return True
    return approved_list.windows.filter(opens_on__lte=on, closes_on__gte=on).exists()


# Applications ------------------------------------------------------------------------------

def _move(application: Application, event: str, by, note: str = "") -> None:
    new = next_status(APPLICATION_TRANSITIONS, "application", application.status, event)
    StatusChange.objects.create(application=application, by=by, from_status=application.status, to_status=new,
                                note=note)
    application.status = new


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("approved_list").get(pk=application.pk)


@transaction.atomic
def application_start(*, approved_list: ApprovedList, provider: Provider, by) -> Application:
    """Start (or return) the provider's draft application to an accepting list."""
    if not list_is_accepting(approved_list, _today()):
        raise ValidationError("This list is not taking applications now")
    existing = Application.objects.filter(
        approved_list=approved_list, provider=provider,
        status__in=[ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.CLARIFICATION,
                    ApplicationStatus.MODERATED],
    ).first()
    if existing:
        return existing
    application = Application.objects.create(approved_list=approved_list, provider=provider)
    audit_record(actor=by, action=Action.CREATED, obj=application)
    return application


@transaction.atomic
def application_save_draft(*, application: Application, by, lots, answers: dict[int, dict]) -> Application:
    """Save chosen lots and answers while the application is a draft; submitted answers are locked.

    `answers` maps question id → {"response", "evidence_expires_on", "attachment"} (attachment
    only when a new file is uploaded).
    """
    application = _lock(application)
    if application.is_locked:
        raise ValidationError("This application has been submitted: its answers are locked")
    lots = list(lots)
    foreign = [lot for lot in lots if lot.approved_list_id != application.approved_list_id]
    if foreign:
        raise ValidationError("Choose lots of this list only")
    application.lots.set(lots)
    questions = {q.pk: q for q in application.approved_list.questions.all()}
    for question_id, values in answers.items():
        if question_id not in questions:
            raise ValidationError("An answer was given to a question of another list")
        answer, _ = Answer.objects.get_or_create(application=application, question_id=question_id)
        answer.response = values.get("response", answer.response) or ""
        answer.evidence_expires_on = values.get("evidence_expires_on", answer.evidence_expires_on)
        if values.get("attachment"):
            answer.attachment = values["attachment"]
        answer.save()
    application.save(update_fields=["updated_at"])
    return application


def application_problems(application: Application) -> dict[str, str]:
    """What stops a draft being submitted, keyed by form field name."""
    problems = {}
    approved_list = application.approved_list
    lots = list(application.lots.all())
    if not lots:
        problems["lots"] = "Choose at least one lot"
    limit = approved_list.max_lots_per_provider
    if limit:
        held = Membership.objects.filter(
            provider=application.provider, lot__approved_list=approved_list,
            status__in=[MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED],
        ).exclude(lot__in=lots).count()
        if held + len(lots) > limit:
            problems["lots"] = f"A provider may hold at most {limit} lots of this list; you hold {held} already"
    answers = {a.question_id: a for a in application.answers.all()}
    for question in approved_list.questions.all():
        answer = answers.get(question.pk)
        key = f"q{question.pk}"
        if answer is None or not answer.response.strip():
            problems[key] = f"Answer question {question.number}"
        elif question.requires_attachment and not answer.attachment:
            problems[key] = f"Attach the evidence for question {question.number}"
        elif question.condition == Condition.INSURANCE and not answer.evidence_expires_on:
            problems[key] = f"Give the insurance expiry date for question {question.number}"
    return problems


@transaction.atomic
def application_submit(*, application: Application, by) -> Application:
    """Submit a complete draft: answers lock and the 10-working-day decision clock starts."""
    application = _lock(application)
    if not list_is_accepting(application.approved_list, _today()):
        raise ValidationError("This list is not taking applications now")
    if application.status == ApplicationStatus.DRAFT:
        problems = application_problems(application)
        if problems:
            raise ValidationError(problems)
    _move(application, "submit", by)
    now = timezone.now()
    application.submitted_at = now
    application.decision_due = evaluation.decision_due(timezone.localdate(now))
    application.save()
    audit_record(actor=by, action=Action.UPDATED, obj=application, note="Submitted")
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by, reason: str = "") -> Application:
    application = _lock(application)
    _move(application, "withdraw", by, reason)
    application.save()
    return application


@transaction.atomic
def deadline_extend(*, application: Application, by, reason: str) -> Application:
    """Extend the decision deadline to 15 working days from submission, with a recorded reason."""
    application = _lock(application)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for extending the deadline"})
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.CLARIFICATION,
                                  ApplicationStatus.MODERATED):
        raise ValidationError("Only an application awaiting a decision can have its deadline extended")
    if application.extension_reason:
        raise ValidationError("The deadline has already been extended to 15 working days")
    application.extension_reason = reason.strip()
    application.decision_due = evaluation.decision_due(timezone.localdate(application.submitted_at), extended=True)
    application.save()
    audit_record(actor=by, action=Action.UPDATED, obj=application, note=f"Deadline extended: {reason.strip()}")
    return application


@transaction.atomic
def clarification_ask(*, application: Application, by, question: str) -> Clarification:
    """Ask the provider to clarify a submitted application; the question stays on the record."""
    application = _lock(application)
    if not question.strip():
        raise ValidationError({"question": "Enter the clarification you need"})
    _move(application, "ask_clarification", by)
    application.save()
    return Clarification.objects.create(application=application, asked_by=by, question=question.strip())


@transaction.atomic
def clarification_answer(*, clarification: Clarification, by, answer: str) -> Clarification:
    """The provider answers the open clarification; the application returns to evaluation."""
    application = _lock(clarification.application)
    if clarification.answered_at:
        raise ValidationError("This clarification has been answered already")
    if not answer.strip():
        raise ValidationError({"answer": "Enter your answer"})
    _move(application, "answer_clarification", by)
    application.save()
    clarification.answer, clarification.answered_by, clarification.answered_at = answer.strip(), by, timezone.now()
    clarification.save()
    return clarification


# Evaluation --------------------------------------------------------------------------------

def questions_for_evaluators(approved_list: ApprovedList):
    """The questions people score: scored ones and pass/fail ones the system cannot check."""
    return approved_list.questions.exclude(condition__in=SYSTEM_CONDITIONS)


def _check_score(application: Application, question: Question, score: int, reason: str) -> None:
    errors = {}
    top = application.approved_list.score_scale_max if question.kind == QuestionKind.SCORED else 1
    if score is None or not 0 <= score <= top:
        errors["score"] = f"Enter a score from 0 to {top}" + (" (0 fail, 1 pass)" if top == 1 else "")
    if not (reason or "").strip():
        errors["reason"] = "Give the reason for this score"
    if question.approved_list_id != application.approved_list_id or question.condition in SYSTEM_CONDITIONS:
        errors["question"] = "This question is not scored by evaluators"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def score_record(*, application: Application, question: Question, evaluator, score: int, reason: str) -> Score:
    """An evaluator's own score for a question of a submitted application, alone and changeable
    until moderation."""
    application = _lock(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError("Scores can be recorded only while the application is submitted and unmoderated")
    _check_score(application, question, score, reason)
    row, _ = Score.objects.update_or_create(application=application, question=question, evaluator=evaluator,
                                            defaults={"score": score, "reason": reason.strip()})
    return row


def system_conditions(application: Application, on: date) -> dict[int, tuple[bool, str]]:
    """Pass/fail conditions checked by the system from the register and the answers, per question."""
    results = {}
    answers = {a.question_id: a for a in application.answers.all()}
    lots = list(application.lots.prefetch_related("service_types"))
    for question in application.approved_list.questions.filter(condition__in=SYSTEM_CONDITIONS):
        if question.condition == Condition.INSURANCE:
            answer = answers.get(question.pk)
            results[question.pk] = evaluation.insurance_condition(answer and answer.evidence_expires_on, on)
        else:
            outcome, reasons = True, []
            for lot in lots:
                types = [t for t in lot.service_types.all() if t.regulated]
                ratings = list(Service.objects.filter(
                    provider=application.provider, status="active", service_types__in=types,
                ).exclude(Q(cqc_location_id__isnull=True) | Q(cqc_location_id="")).distinct()
                    .values_list("cqc_rating", flat=True))
                ok, why = evaluation.cqc_condition(ratings, regulated=bool(types))
                outcome = outcome and ok
                reasons.append(f"Lot {lot.number}: {why}")
            results[question.pk] = (outcome, "; ".join(reasons))
    return results


@transaction.atomic
def scores_moderate(*, application: Application, moderator, agreed: dict[int, tuple[int, str]]) -> Application:
    """The moderator agrees the final score of every evaluator-scored question; the system then
    applies the pass/fail conditions and the pass mark."""
    application = _lock(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError("Only a submitted application with no open clarification can be moderated")
    questions = list(questions_for_evaluators(application.approved_list))
    missing = [q for q in questions if q.pk not in agreed]
    if missing:
        raise ValidationError({f"q{q.pk}": f"Agree a score for question {q.number}" for q in missing})
    for question in questions:
        score, reason = agreed[question.pk]
        _check_score(application, question, score, reason)
    for question in questions:
        score, reason = agreed[question.pk]
        ModeratedScore.objects.create(application=application, question=question, score=score,
                                      reason=reason.strip(), moderator=moderator)
    all_questions = list(application.approved_list.questions.all())
    scored = [evaluation.ScoredQuestion(q.pk, q.weight) for q in all_questions if q.kind == QuestionKind.SCORED]
    final = {q.pk: agreed[q.pk][0] for q in questions}
    application.weighted_score = evaluation.weighted_percentage(
        {k: v for k, v in final.items() if k in {s.question_id for s in scored}}, scored,
        application.approved_list.score_scale_max)
    manual_pass = all(final[q.pk] == 1 for q in questions if q.kind == QuestionKind.PASS_FAIL)
    system_pass = all(ok for ok, _ in system_conditions(application, _today()).values())
    application.passed_conditions = manual_pass and system_pass
    _move(application, "moderate", moderator)
    application.save()
    return application


def recommended_outcome(application: Application) -> tuple[bool, str]:
    """What the rules say after moderation: admit only if every condition passed and the score
    reaches the pass mark."""
    if application.passed_conditions is None or application.weighted_score is None:
        return False, "Not moderated yet"
    mark = application.approved_list.pass_mark
    if not application.passed_conditions:
        return False, "A pass or fail condition was not met"
    if not evaluation.meets_pass_mark(application.weighted_score, mark):
        return False, f"Weighted score {application.weighted_score}% is below the pass mark of {mark}%"
    return True, f"All conditions met; weighted score {application.weighted_score}% reaches the pass mark of {mark}%"


@transaction.atomic
def application_decide(*, application: Application, by, outcomes: dict[int, tuple[str, str]]) -> Application:
    """Record admit/reject with reasons for every lot applied for. Admission needs the rules'
    pass; lot caps and the lots-per-provider limit are enforced; members join from today."""
    application = _lock(application)
    if application.status != ApplicationStatus.MODERATED:
        raise ValidationError("Decide only after the scores are moderated")
    lots = {lot.pk: lot for lot in application.lots.select_for_update()}
    errors = {}
    if set(outcomes) != set(lots):
        errors["__all__"] = "Decide every lot the provider applied for, and only those"
    may_admit, why_not = recommended_outcome(application)
    for lot_id, (outcome, reasons) in outcomes.items():
        key = f"lot{lot_id}"
        if outcome not in LotOutcome.values:
            errors[key] = "Choose admit or reject"
        elif not (reasons or "").strip():
            errors[key] = "Give the reasons for this decision; the provider will see them"
        elif outcome == LotOutcome.ADMIT and not may_admit:
            errors[key] = f"Cannot admit: {why_not}"
    admitted = [lots[k] for k, (o, _) in outcomes.items() if o == LotOutcome.ADMIT and k in lots]
    for lot in admitted:
        if lot.member_cap is not None:
            current = lot.memberships.filter(status__in=[MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED]).count()
            if current >= lot.member_cap:
                errors[f"lot{lot.pk}"] = f"{lot} is full: it has {current} of {lot.member_cap} members"
    limit = application.approved_list.max_lots_per_provider
    if limit:
        held = Membership.objects.filter(
            provider=application.provider, lot__approved_list=application.approved_list,
            status__in=[MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED],
        ).exclude(lot__in=admitted).count()
        if held + len(admitted) > limit:
            errors["__all__"] = (f"A provider may hold at most {limit} lots of this list; "
                                 f"this would make {held + len(admitted)}")
    if errors:
        raise ValidationError(errors)
    today = _today()
    insurance = application.answers.filter(question__condition=Condition.INSURANCE).values_list(
        "evidence_expires_on", flat=True).first()
    for lot_id, (outcome, reasons) in outcomes.items():
        LotDecision.objects.create(application=application, lot=lots[lot_id], outcome=outcome,
                                   reasons=reasons.strip(), decided_by=by)
        if outcome == LotOutcome.ADMIT:
            membership = Membership.objects.create(
                lot=lots[lot_id], provider=application.provider, application=application, admitted_on=today,
                insurance_expires_on=insurance,
            )
            MembershipEvent.objects.create(membership=membership, by=by, event="admit",
                                           to_status=MembershipStatus.ACTIVE, note=reasons.strip())
    application.decided_at = timezone.now()
    _move(application, "decide", by)
    application.save()
    audit_record(actor=by, action=Action.UPDATED, obj=application, note="Decision recorded")
    return application


# Membership --------------------------------------------------------------------------------

@transaction.atomic
def membership_transition(*, membership: Membership, event: str, by, reason: str,
                          until: date | None = None) -> Membership:
    """Suspend (with a reason and end date), reinstate or remove a member, with the reason kept."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    errors = {}
    if not reason.strip():
        errors["reason"] = "Give the reason"
    if event == "suspend":
        if until is None:
            errors["until"] = "Give the date the suspension ends"
        elif until <= _today():
            errors["until"] = "The suspension must end after today"
    if errors:
        raise ValidationError(errors)
    new = next_status(MEMBERSHIP_TRANSITIONS, "membership", membership.status, event)
    MembershipEvent.objects.create(membership=membership, by=by, event=event, from_status=membership.status,
                                   to_status=new, note=reason.strip())
    membership.status = new
    membership.status_reason = reason.strip()
    membership.suspended_until = until if event == "suspend" else None
    membership.save()
    return membership


@transaction.atomic
def memberships_flag_lapsed(*, on: date | None = None, by=None) -> int:
    """Flag members whose evidence has lapsed for re-verification: insurance expired, or a CQC
    rating below Good on a regulated service of the lot (run daily and after each CQC import)."""
    on = on or _today()
    flagged = 0
    live = Membership.objects.filter(
        status__in=[MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED], needs_reverification=False,
    ).select_related("lot__approved_list", "provider").prefetch_related("lot__service_types")
    for membership in live:
        reasons = []
        if membership.insurance_expires_on and membership.insurance_expires_on < on:
            reasons.append(f"Insurance expired on {membership.insurance_expires_on:%d %B %Y}")
        condition = membership.lot.approved_list.questions.filter(condition=Condition.CQC_GOOD).exists()
        types = [t for t in membership.lot.service_types.all() if t.regulated]
        if condition and types:
            ratings = list(Service.objects.filter(
                provider=membership.provider, status="active", service_types__in=types,
            ).exclude(Q(cqc_location_id__isnull=True) | Q(cqc_location_id="")).distinct()
                .values_list("cqc_rating", flat=True))
            ok, why = evaluation.cqc_condition(ratings, regulated=True)
            if not ok:
                reasons.append(f"CQC condition no longer met: {why}")
        if reasons:
            membership.needs_reverification = True
            membership.reverification_reason = "; ".join(reasons)[:300]
            membership.save(update_fields=["needs_reverification", "reverification_reason", "updated_at"])
            MembershipEvent.objects.create(membership=membership, by=by, event="flag_reverification",
                                           from_status=membership.status, to_status=membership.status,
                                           note=membership.reverification_reason)
            flagged += 1
    return flagged


@transaction.atomic
def memberships_end_suspensions(*, on: date | None = None) -> int:
    """Reinstate members whose suspension has reached its end date (run daily)."""
    on = on or _today()
    ended = 0
    for membership in Membership.objects.select_for_update().filter(status=MembershipStatus.SUSPENDED,
                                                                    suspended_until__lte=on):
        MembershipEvent.objects.create(membership=membership, by=None, event="suspension_ended",
                                       from_status=membership.status, to_status=MembershipStatus.ACTIVE,
                                       note=f"Suspension ended on {membership.suspended_until:%d %B %Y}")
        membership.status = next_status(MEMBERSHIP_TRANSITIONS, "membership", membership.status, "reinstate")
        membership.suspended_until = None
        membership.save(update_fields=["status", "suspended_until", "updated_at"])
        ended += 1
    return ended


@transaction.atomic
def membership_reverify(*, membership: Membership, by, note: str) -> Membership:
    """Clear a re-verification flag once fresh evidence is seen, recording what was seen."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.needs_reverification:
        raise ValidationError("This membership is not waiting for re-verification")
    if not note.strip():
        raise ValidationError({"note": "Record the evidence you have seen"})
    membership.needs_reverification = False
    membership.reverification_reason = ""
    membership.save(update_fields=["needs_reverification", "reverification_reason", "updated_at"])
    MembershipEvent.objects.create(membership=membership, by=by, event="reverified", from_status=membership.status,
                                   to_status=membership.status, note=note.strip())
    return membership


def members_on(lot: Lot, on: date):
    """Providers who were members of the lot on a date: admitted on or before it and not removed."""
    return lot.memberships.filter(admitted_on__lte=on).exclude(status=MembershipStatus.REMOVED)

