"""Writes of the evaluation of an application: evaluators' own scores, moderation (which applies
the conditions and the pass mark) and the decision per lot, which admits members."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Source
from commissioning.core.workflow import transition

from .. import selectors
from ..choices import SYSTEM_CONDITIONS, ApplicationStatus, Condition, LotOutcome, QuestionKind
from ..domain import evaluation
from ..models import Application, LotDecision, ModeratedScore, Question, Score
from ..transitions import APPLICATION
from .applications import _lock
from .memberships import _admit


def _today():
    return timezone.localdate()


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
    row = Score.objects.filter(application=application, question=question, evaluator=evaluator).first()
    row = row or Score(application=application, question=question, evaluator=evaluator)
    row.score, row.reason = score, reason.strip()
    row.save()
    return row


@transaction.atomic
def scores_moderate(*, application: Application, moderator, agreed: dict[int, tuple[int, str]],
                    source: str = Source.WEB) -> Application:
    """The moderator agrees the final score of every evaluator-scored question; the system then
    applies the pass/fail conditions and the pass mark."""
    application = _lock(application)
    APPLICATION.next_status(application.status, "moderate")
    questions = list(selectors.questions_for_evaluators(application.approved_list))
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
    scored = [evaluation.ScoredQuestion(q.pk, q.weight) for q in application.approved_list.questions.all()
              if q.kind == QuestionKind.SCORED]
    scored_ids = {s.question_id for s in scored}
    final = {q.pk: agreed[q.pk][0] for q in questions}
    weighted = evaluation.weighted_percentage({k: v for k, v in final.items() if k in scored_ids}, scored,
                                              application.approved_list.score_scale_max)
    manual_pass = all(final[q.pk] == 1 for q in questions if q.kind == QuestionKind.PASS_FAIL)
    system_pass = all(ok for ok, _ in selectors.system_conditions(application, _today()).values())
    return transition(application, APPLICATION, "moderate", by=moderator, source=source, weighted_score=weighted,
                      passed_conditions=manual_pass and system_pass)


@transaction.atomic
def application_decide(*, application: Application, by, outcomes: dict[int, tuple[str, str]],
                       source: str = Source.WEB) -> Application:
    """Record admit/reject with reasons for every lot applied for. Admission needs the rules'
    pass; lot caps and the lots-per-provider limit are enforced; members join from today."""
    application = _lock(application)
    APPLICATION.next_status(application.status, "decide")
    lots = {lot.pk: lot for lot in application.lots.select_for_update()}
    errors = {}
    if set(outcomes) != set(lots):
        errors["__all__"] = "Decide every lot the provider applied for, and only those"
    may_admit, why_not = selectors.recommended_outcome(application)
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
        current = selectors.live_member_count(lot)
        if lot.member_cap is not None and current >= lot.member_cap:
            errors[f"lot{lot.pk}"] = f"{lot} is full: it has {current} of {lot.member_cap} members"
    limit = application.approved_list.max_lots_per_provider
    if limit:
        held = selectors.lots_held(application.provider, application.approved_list, excluding=admitted)
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
            _admit(application=application, lot=lots[lot_id], on=today, insurance_expires_on=insurance, by=by,
                   note=reasons.strip(), source=source)
    return transition(application, APPLICATION, "decide", by=by, source=source, decided_at=timezone.now())
