"""Writes of the evaluation of an application: evaluators' own scores, moderation (which applies
the conditions and the pass mark) and the decision per lot, which admits members."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, Source, audit_record
from commissioning.core.domain.scoring import score_problems
from commissioning.core.workflow import transition

from .. import notifications, selectors
from ..choices import SYSTEM_CONDITIONS, ApplicationStatus, Condition, LotOutcome, QuestionKind
from ..domain import evaluation
from ..models import Application, LotDecision, LotEvaluation, ModeratedScore, Question, Score
from ..transitions import APPLICATION
from .applications import _lock
from .memberships import _admit


def _today():
    return timezone.localdate()


def _check_score(application: Application, question: Question, score: int, reason: str) -> None:
    top = application.approved_list.score_scale_max if question.kind == QuestionKind.SCORED else 1
    errors = score_problems(score, reason, top=top)
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
    for lot in application.lots.prefetch_related("service_types"):
        ok, why = selectors.lot_conditions(application, lot)
        LotEvaluation.objects.update_or_create(application=application, lot=lot,
                                               defaults={"passed_conditions": ok, "reasons": why})
    return transition(application, APPLICATION, "moderate", by=moderator, source=source, weighted_score=weighted,
                      passed_conditions=manual_pass and system_pass)


def lot_may_admit(application: Application, lot) -> tuple[bool, str]:
    """The rules after moderation for one lot: the list's conditions and pass mark, then the lot's own."""
    ok, why = selectors.recommended_outcome(application)
    if not ok:
        return ok, why
    lot_eval = application.lot_evaluations.filter(lot=lot).first()
    if lot_eval is not None and not lot_eval.passed_conditions:
        return False, f"The lot's own condition was not met: {lot_eval.reasons}"
    return True, why


def _finish_if_decided(application: Application, *, by, source: str) -> Application:
    """Once every lot applied for has a decision, the application is decided and the provider told."""
    if application.lots.exclude(pk__in=application.decisions.values("lot")).exists():
        return application
    application = transition(application, APPLICATION, "decide", by=by, source=source, decided_at=timezone.now())
    notifications.application_decided(application)
    return application


def _insurance(application: Application):
    return application.answers.filter(question__condition=Condition.INSURANCE).values_list(
        "evidence_expires_on", flat=True).first()


@transaction.atomic
def application_decide(*, application: Application, by, outcomes: dict[int, tuple[str, str]],
                       source: str = Source.WEB) -> Application:
    """Record admit/reject with reasons for every uncapped lot applied for. Admission needs the
    rules' pass (the list's conditions and pass mark, and the lot's own conditions); the
    lots-per-provider limit is enforced; members join from today. A capped lot is not decided
    here: it admits by rank once its round's evaluation is complete (`lot_admit_by_rank`); the
    application is decided when its last lot is."""
    application = _lock(application)
    APPLICATION.next_status(application.status, "decide")
    all_lots = {lot.pk: lot for lot in application.lots.select_for_update()}
    lots = {k: lot for k, lot in all_lots.items() if not lot.member_cap}
    errors = {}
    capped = set(outcomes) & (set(all_lots) - set(lots))
    if capped:
        errors["__all__"] = "A lot with a cap admits by rank once its round's evaluation is complete"
    elif set(outcomes) != set(lots):
        errors["__all__"] = "Decide every lot the provider applied for, and only those"
    for lot_id, (outcome, reasons) in outcomes.items():
        key = f"lot{lot_id}"
        if outcome not in LotOutcome.values:
            errors[key] = "Choose admit or reject"
        elif not (reasons or "").strip():
            errors[key] = "Give the reasons for this decision; the provider will see them"
        elif outcome == LotOutcome.ADMIT and lot_id in lots:
            may_admit, why_not = lot_may_admit(application, lots[lot_id])
            if not may_admit:
                errors[key] = f"Cannot admit: {why_not}"
    admitted = [lots[k] for k, (o, _) in outcomes.items() if o == LotOutcome.ADMIT and k in lots]
    limit = application.approved_list.max_lots_per_provider
    if limit:
        held = selectors.lots_held(application.provider, application.approved_list, excluding=admitted)
        if held + len(admitted) > limit:
            errors["__all__"] = (f"A provider may hold at most {limit} lots of this list; "
                                 f"this would make {held + len(admitted)}")
    if errors:
        raise ValidationError(errors)
    today = _today()
    insurance = _insurance(application)
    for lot_id, (outcome, reasons) in outcomes.items():
        LotDecision.objects.create(application=application, lot=lots[lot_id], outcome=outcome,
                                   reasons=reasons.strip(), decided_by=by)
        if outcome == LotOutcome.ADMIT:
            _admit(application=application, lot=lots[lot_id], on=today, insurance_expires_on=insurance, by=by,
                   note=reasons.strip(), source=source)
    return _finish_if_decided(application, by=by, source=source)


@transaction.atomic
def lot_admit_by_rank(*, lot, window, by, source: str = Source.WEB) -> dict:
    """Admit a capped lot's round by rank. Once every application of the round to the lot is
    moderated, those that pass (the list's conditions and pass mark, the lot's own conditions)
    are ranked by weighted score (quality and price by the list's weighting), equal scores
    ordered by the list's tie-break rule; the best are admitted up to the places left under the
    cap, and every other applicant is rejected with its reasons and told, none left waiting."""
    from ..models import Lot

    lot = Lot.objects.select_for_update().select_related("approved_list").get(pk=lot.pk)
    if not lot.member_cap:
        raise ValidationError("Only a lot with a cap admits by rank")
    state = selectors.round_waiting(lot, window)
    if not state["ready"]:
        if state["evaluating"]:
            raise ValidationError(f"{state['evaluating']} applications of this round are still being evaluated")
        if not state["waiting"]:
            raise ValidationError("No application of this round is waiting to be ranked")
        raise ValidationError("The round must close before its applications are ranked")
    waiting = list(Application.objects.select_for_update().filter(
        lots=lot, window=window, status=ApplicationStatus.MODERATED).exclude(decisions__lot=lot)
        .select_related("provider", "approved_list"))
    passed, failed = [], []
    for application in waiting:
        ok, why = lot_may_admit(application, lot)
        (passed if ok else failed).append((application, why))
    scores = selectors.lot_scores(lot, [a for a, _ in passed])
    ranked = evaluation.rank([evaluation.Ranked(a.pk, scores[a.pk][0], a.weighted_score or 0, scores[a.pk][2],
                                                a.submitted_at) for a, _ in passed], lot.approved_list.tie_break)
    places = max(lot.member_cap - selectors.live_member_count(lot), 0)
    by_pk = {a.pk: a for a, _ in passed}
    today = _today()
    admitted, refused = [], []
    limit = lot.approved_list.max_lots_per_provider
    for position, row in enumerate(ranked, start=1):
        application = by_pk[row.key]
        summary = f"Ranked {position} of {len(ranked)} with a weighted score of {row.score}"
        over_limit = limit and selectors.lots_held(application.provider, lot.approved_list) >= limit
        if len(admitted) < places and not over_limit:
            reasons = f"{summary}; admitted within the cap of {lot.member_cap} members"
            LotDecision.objects.create(application=application, lot=lot, outcome=LotOutcome.ADMIT, reasons=reasons,
                                       decided_by=by)
            _admit(application=application, lot=lot, on=today, insurance_expires_on=_insurance(application), by=by,
                   note=reasons, source=source)
            admitted.append(application)
        else:
            why = (f"A provider may hold at most {limit} lots of this list" if over_limit else
                   f"the {places} places left under the cap of {lot.member_cap} went to higher-ranked applicants")
            LotDecision.objects.create(application=application, lot=lot, outcome=LotOutcome.REJECT,
                                       reasons=f"{summary}; not admitted: {why}", decided_by=by)
            refused.append(application)
    for application, why in failed:
        LotDecision.objects.create(application=application, lot=lot, outcome=LotOutcome.REJECT,
                                   reasons=f"Not admitted: {why}", decided_by=by)
        refused.append(application)
    for application in admitted + refused:
        _finish_if_decided(application, by=by, source=source)
    audit_record(actor=by, action=Action.UPDATED, obj=lot.approved_list, source=source,
                 note=f"{lot}, {window or 'first round'}: admitted {len(admitted)} by rank, "
                      f"{len(refused)} not admitted")
    return {"admitted": admitted, "refused": refused}
