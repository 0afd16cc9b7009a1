"""Writes of a provider's application: start, draft, submit, withdraw, clarification, and the
decision deadline."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, Source, audit_record
from commissioning.core.workflow import transition
from commissioning.providers.models import Provider

from .. import selectors
from ..choices import ApplicationStatus
from ..domain import evaluation
from ..models import Answer, Application, ApprovedList, Clarification, TenderedPrice
from ..transitions import APPLICATION
from .prices import format_pence

AWAITING_DECISION = (ApplicationStatus.SUBMITTED, ApplicationStatus.CLARIFICATION, ApplicationStatus.MODERATED)


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("approved_list", "provider").get(pk=application.pk)


@transaction.atomic
def application_start(*, approved_list: ApprovedList, provider: Provider, by) -> Application:
    """Start (or return) the provider's draft application to an accepting list."""
    if not selectors.list_is_accepting(approved_list, timezone.localdate()):
        raise ValidationError("This list is not taking applications now")
    existing = Application.objects.filter(
        approved_list=approved_list, provider=provider, status__in=[ApplicationStatus.DRAFT, *AWAITING_DECISION],
    ).first()
    if existing:
        return existing
    application = Application.objects.create(approved_list=approved_list, provider=provider)
    audit_record(actor=by, action=Action.CREATED, obj=application)
    return application


@transaction.atomic
def application_save_draft(*, application: Application, by, lots, answers: dict[int, dict],
                           prices: dict[int, int | None] | None = None) -> Application:
    """Save chosen lots, tendered prices and answers while the application is a draft; submitted
    answers are locked.

    `answers` maps question id → {"response", "evidence_expires_on", "attachment"} (attachment
    only when a new file is uploaded). `prices` maps price line id → pence (None to clear): one
    price per line of each lot chosen, each within the line's lowest and highest price; prices of
    lots no longer chosen are dropped.
    """
    application = _lock(application)
    if application.is_locked:
        raise ValidationError("This application has been submitted: its answers are locked")
    lots = list(lots)
    if any(lot.approved_list_id != application.approved_list_id for lot in lots):
        raise ValidationError("Choose lots of this list only")
    application.lots.set(lots)
    _save_prices(application, lots, prices or {})
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


def price_problem(line, pence: int | None) -> str | None:
    """The message for a tendered price outside its line's limits (None when it is within them)."""
    name = f"{line.name[:1].lower()}{line.name[1:]}"
    if pence is None:
        return None
    if pence <= 0:
        return f"Your {name} must be more than £0.00"
    low, high = line.min_pence, line.max_pence
    if low is not None and high is not None and not low <= pence <= high:
        return f"Your {name} must be between {format_pence(low)} and {format_pence(high)}"
    if low is not None and pence < low:
        return f"Your {name} must be {format_pence(low)} or more"
    if high is not None and pence > high:
        return f"Your {name} must be {format_pence(high)} or less"
    return None


def _save_prices(application: Application, lots, prices: dict[int, int | None]) -> None:
    lines = {line.pk: line for lot in lots for line in lot.price_lines.all()}
    errors = {}
    for line_id, pence in prices.items():
        if line_id not in lines:
            continue
        problem = price_problem(lines[line_id], pence)
        if problem:
            errors[f"p{line_id}"] = problem
    if errors:
        raise ValidationError(errors)
    application.tendered_prices.exclude(price_line__in=list(lines)).delete()
    for line_id, pence in prices.items():
        if line_id not in lines:
            continue
        if pence is None:
            application.tendered_prices.filter(price_line_id=line_id).delete()
        else:
            TenderedPrice.objects.update_or_create(application=application, price_line_id=line_id,
                                                   defaults={"pence": pence})


@transaction.atomic
def application_submit(*, application: Application, by, source: str = Source.WEB) -> Application:
    """Submit a complete draft: answers lock and the 10-working-day decision clock starts."""
    application = _lock(application)
    APPLICATION.next_status(application.status, "submit")
    if not selectors.list_is_accepting(application.approved_list, timezone.localdate()):
        raise ValidationError("This list is not taking applications now")
    problems = selectors.application_problems(application)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    return transition(application, APPLICATION, "submit", by=by, source=source, submitted_at=now,
                      decision_due=evaluation.decision_due(timezone.localdate(now)),
                      window=selectors.current_round(application.approved_list, timezone.localdate(now)))


@transaction.atomic
def application_withdraw(*, application: Application, by, reason: str = "", source: str = Source.WEB) -> Application:
    """The provider withdraws an application that is not yet decided, with its reason kept."""
    application = _lock(application)
    return transition(application, APPLICATION, "withdraw", by=by, note=reason.strip(), source=source)


@transaction.atomic
def deadline_extend(*, application: Application, by, reason: str) -> Application:
    """Extend the decision deadline to 15 working days from submission, with a recorded reason."""
    application = _lock(application)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for extending the deadline"})
    if application.status not in AWAITING_DECISION:
        raise ValidationError("Only an application awaiting a decision can have its deadline extended")
    if application.extension_reason:
        raise ValidationError("The deadline has already been extended to 15 working days")
    application.extension_reason = reason.strip()
    application.decision_due = evaluation.decision_due(timezone.localdate(application.submitted_at), extended=True)
    application.save()
    audit_record(actor=by, action=Action.UPDATED, obj=application, note=f"Deadline extended: {reason.strip()}")
    return application


@transaction.atomic
def clarification_ask(*, application: Application, by, question: str, source: str = Source.WEB) -> Clarification:
    """Ask the provider to clarify a submitted application; the question stays on the record."""
    application = _lock(application)
    APPLICATION.next_status(application.status, "ask_clarification")
    if not question.strip():
        raise ValidationError({"question": "Enter the clarification you need"})
    transition(application, APPLICATION, "ask_clarification", by=by, source=source)
    return Clarification.objects.create(application=application, asked_by=by, question=question.strip())


@transaction.atomic
def clarification_answer(*, clarification: Clarification, by, answer: str,
                         source: str = Source.WEB) -> Clarification:
    """The provider answers the open clarification; the application returns to evaluation."""
    application = _lock(clarification.application)
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    APPLICATION.next_status(application.status, "answer_clarification")
    if clarification.answered_at:
        raise ValidationError("This clarification has been answered already")
    if not answer.strip():
        raise ValidationError({"answer": "Enter your answer"})
    transition(application, APPLICATION, "answer_clarification", by=by, source=source)
    clarification.answer, clarification.answered_by, clarification.answered_at = answer.strip(), by, timezone.now()
    clarification.save()
    return clarification
