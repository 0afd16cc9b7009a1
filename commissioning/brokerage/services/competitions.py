"""Further competition and its offers: the requirement goes to every eligible member, providers
offer and revise (each version kept) until the deadline, the offers are ranked when it closes,
and one is awarded. The competition row is locked so closing and offering are serialised."""
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, Source, audit_record
from commissioning.core.domain.scoring import score_problems
from commissioning.core.domain.working_days import add_working_days
from commissioning.core.money import format_pounds, pence_to_pounds
from commissioning.core.workflow import TransitionNotAllowed, transition
from commissioning.procurement.selectors import price_limits

from .. import notifications
from ..choices import AwardRoute, CompetitionStatus, OfferStatus, UnmetReason
from ..domain.ranking import Candidate, rank, weekly_cost_pence
from ..domain.scoring import QuestionScores, offer_quality, price_problem
from ..models import (
    Agreement,
    CareRequest,
    Competition,
    CompetitionInvite,
    CompetitionQuestion,
    Offer,
    OfferAnswer,
    OfferModeratedScore,
    OfferRevision,
    OfferScore,
)
from ..selectors import eligible_providers
from ..transitions import COMPETITION, OFFER, REQUEST
from ._base import guard, lock_request, now
from .agreements import agreement_make
from .front_door import require_front_door
from .standing import require_standing_reason

# Above these a price is a typing slip whatever the lot allows (settings.BROKERAGE_PRICE_CEILING_PENCE).
DEFAULT_CEILINGS = {"hours": 20_000, "beds": 2_000_000}


def response_deadline(opened: datetime, urgency: str) -> datetime:
    """When offers close: hours on the clock, or working days over English bank holidays."""
    window = settings.BROKERAGE_RESPONSE_WINDOWS[urgency]
    if "hours" in window:
        return opened + timedelta(hours=window["hours"])
    local = timezone.localtime(opened)
    day = add_working_days(local.date(), window["working_days"])
    return local.replace(year=day.year, month=day.month, day=day.day)


def _lock_competition(competition: Competition) -> Competition:
    return Competition.objects.select_for_update().select_related("request", "lot").get(pk=competition.pk)


def _is_open(competition: Competition) -> bool:
    return competition.status == CompetitionStatus.OPEN and now() < competition.closes_at


def outcome_questions(request: CareRequest) -> list[str]:
    """The outcome questions a competition asks by default: one per line of the request's outcomes."""
    lines = [line.strip().lstrip("-*•").strip() for line in request.outcomes.replace(";", "\n").splitlines()]
    return [f"How will you help the person to achieve this outcome: {line.rstrip('.')}?" for line in lines if line]


@transaction.atomic
def competition_open(*, request: CareRequest, by, questions: list[str] | None = None,
                     moderated: bool = False) -> Competition:
    """Send the requirement to every eligible member of the lot (not Red, not suspended), fixed now:
    a provider admitted later is not added. It asks outcome questions (by default one per outcome
    of the request) that evaluators score, moderated when the broker says so."""
    request = lock_request(request)
    guard(request, REQUEST, "open_competition")
    require_front_door(request)
    texts = [t.strip() for t in (questions if questions is not None else outcome_questions(request)) if t.strip()]
    if not texts:
        raise ValidationError({"questions": "Give at least one outcome question for the providers to answer"})
    eligible = eligible_providers(request)
    if not eligible:
        raise ValidationError("No member of the lot is eligible: record the request as unmet need")
    transition(request, REQUEST, "open_competition", by=by, note=f"Sent to {len(eligible)} providers")
    opened = now()
    approved_list = request.lot.approved_list
    competition = Competition.objects.create(
        request=request, lot=request.lot, opened_at=opened, closes_at=response_deadline(opened, request.urgency),
        opened_by=by, quality_weight=approved_list.quality_weight, moderated=moderated,
        score_scale_max=approved_list.score_scale_max)
    CompetitionQuestion.objects.bulk_create([CompetitionQuestion(competition=competition, number=n, text=text)
                                             for n, text in enumerate(texts, start=1)])
    competition.status_events.create(by=by, event="open", to_status=competition.status,
                                     note=f"{len(eligible)} providers invited")
    CompetitionInvite.objects.bulk_create([
        CompetitionInvite(competition=competition, provider=e.provider, service=e.service,
                          distance_km=e.distance_km, quality_score=e.quality) for e in eligible])
    audit_record(actor=by, action=Action.CREATED, obj=competition, note=f"{len(eligible)} providers invited")
    notifications.competition_opened(competition)
    return competition


def _revision_changes(before: OfferRevision, after: OfferRevision) -> dict:
    shown = {"Rate": lambda r: f"£{pence_to_pounds(r.rate_pence)}", "Start date": lambda r: f"{r.start_date:%d %B %Y}",
             "How you will meet the outcomes": lambda r: r.outcome_answers}
    return {label: [show(before), show(after)] for label, show in shown.items() if show(before) != show(after)}


def price_unit(request: CareRequest) -> str:
    """How a price of this request is counted, in words: "an hour" or "a week"."""
    return "a week" if request.counts_beds else "an hour"


def price_refusal(*, lot, request: CareRequest, pence: int | None) -> str | None:
    """Why an offered price cannot be accepted for this lot (its limits, then the ceiling), or None."""
    low, high = price_limits(lot)
    ceilings = getattr(settings, "BROKERAGE_PRICE_CEILING_PENCE", DEFAULT_CEILINGS)
    ceiling = ceilings["beds" if request.counts_beds else "hours"]
    return price_problem(pence, low=low, high=high, ceiling=ceiling, unit=price_unit(request), shown=format_pounds)


def _answers_for(competition: Competition, answers: dict | None, outcome_answers: str) -> tuple[dict, str]:
    """The answer to each outcome question and the text that keeps them together for the revision."""
    questions = list(competition.questions.all())
    if not questions:
        return {}, outcome_answers
    if answers is None:
        answers = {questions[0].pk: outcome_answers} if len(questions) == 1 else {}
    given = {q: (answers.get(q.pk) or answers.get(str(q.pk)) or "").strip() for q in questions}
    missing = [q for q, text in given.items() if not text]
    if missing:
        raise ValidationError({f"answer_{q.pk}": f"Answer question {q.number}: {q.text}" for q in missing})
    return given, "\n\n".join(f"{q.number}. {q.text}\n{text}"
                                                                for q, text in given.items())


def _all_answered(competition: Competition) -> bool:
    """Every invited provider has offered or declined."""
    invites = competition.invites.all()
    waiting = invites.filter(declined_at__isnull=True).exclude(offer__status=OfferStatus.SUBMITTED)
    return invites.exists() and not waiting.exists()


@transaction.atomic
def offer_submit(*, competition: Competition, by, rate_pence: int, start_date: date, outcome_answers: str = "",
                 answers: dict | None = None) -> Offer:
    """A provider offers, or revises its offer, while the competition is open: a price within the
    lot's limits, a start date, and an answer to each outcome question. Every version is kept as a
    revision and audited. Once every invited provider has offered or declined, offers close."""
    competition = _lock_competition(competition)
    invite = CompetitionInvite.objects.filter(competition=competition, provider_id=by.provider_id).first()
    if invite is None:
        raise ValidationError("Your organisation was not invited to this competition")
    offer = Offer.objects.select_for_update().filter(competition=competition, provider_id=by.provider_id).first()
    event = None
    if offer is not None:
        event = "revise" if offer.status == OfferStatus.SUBMITTED else "resubmit"
        guard(offer, OFFER, event)
    if not _is_open(competition):
        raise ValidationError(f"Offers closed at {timezone.localtime(competition.closes_at):%H:%M on %d %B %Y}")
    request = competition.request
    problems: dict[str, list[str]] = {}
    refusal = price_refusal(lot=competition.lot, request=request, pence=rate_pence)
    if refusal:
        problems["rate"] = [refusal]
    if start_date is None:
        problems["start_date"] = ["Enter the date you can start"]
    elif start_date < timezone.localdate():
        problems["start_date"] = ["The date you can start must be today or in the future"]
    try:
        given, outcome_answers = _answers_for(competition, answers, outcome_answers)
    except ValidationError as error:
        problems.update(error.message_dict)
        given = {}
    if not given and not (outcome_answers or "").strip() and not competition.questions.exists():
        problems["outcome_answers"] = ["Say how you will meet the outcomes"]
    if problems:
        raise ValidationError(problems)
    submitted = now()
    version = {"rate_pence": rate_pence, "start_date": start_date, "outcome_answers": outcome_answers,
               "submitted_at": submitted, "submitted_by": by,
               "weekly_cost_pence": weekly_cost_pence(rate_pence, counts_beds=request.counts_beds,
                                                      hours_per_week=request.weekly_hours)}
    if offer is None:
        offer = Offer.objects.create(competition=competition, provider_id=by.provider_id, invite=invite, **version)
        offer.status_events.create(by=by, event="submit", to_status=offer.status)
        offer.revisions.create(number=1, **version)
        audit_record(actor=by, action=Action.CREATED, obj=offer, note=f"Version 1: £{pence_to_pounds(rate_pence)}")
    else:
        previous = offer.revisions.order_by("-number").first()
        transition(offer, OFFER, event, by=by, note="Offer revised" if event == "revise" else "Offer made again",
                   **version)
        revision = offer.revisions.create(number=(previous.number if previous else 0) + 1, **version)
        audit_record(actor=by, action=Action.UPDATED, obj=offer, note=f"Version {revision.number}",
                     changes=_revision_changes(previous, revision) if previous else {})
    for question, text in given.items():
        OfferAnswer.objects.update_or_create(offer=offer, question=question, defaults={"text": text})
    if invite.declined_at:
        invite.declined_at, invite.decline_reason = None, ""
        invite.save(update_fields=["declined_at", "decline_reason"])
    if _all_answered(competition):
        _close(competition, by=None, closing=now(), source=Source.SYSTEM,
               why="every invited provider has answered")
    return offer


@transaction.atomic
def invite_decline(*, competition: Competition, by, reason: str) -> CompetitionInvite:
    """A provider invited says it will not offer, with the reason; once every invited provider has
    offered or declined, offers close early."""
    competition = _lock_competition(competition)
    invite = CompetitionInvite.objects.select_for_update().filter(competition=competition,
                                                                  provider_id=by.provider_id).first()
    if invite is None:
        raise ValidationError("Your organisation was not invited to this competition")
    if not _is_open(competition):
        raise ValidationError("This competition is closed")
    if Offer.objects.filter(invite=invite, status=OfferStatus.SUBMITTED).exists():
        raise ValidationError("Withdraw your offer before you decline")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason you are not offering"})
    invite.declined_at, invite.decline_reason = now(), reason.strip()
    invite.save(update_fields=["declined_at", "decline_reason"])
    audit_record(actor=by, action=Action.UPDATED, obj=competition, note=f"{invite.provider} declined: {reason}")
    if _all_answered(competition):
        _close(competition, by=None, closing=now(), source=Source.SYSTEM,
               why="every invited provider has answered")
    return invite


@transaction.atomic
def offer_withdraw(*, offer: Offer, by) -> Offer:
    """The provider withdraws its offer while the competition is open; it can offer again until it closes."""
    competition = _lock_competition(offer.competition)
    offer = Offer.objects.select_for_update().get(pk=offer.pk, provider_id=by.provider_id)
    guard(offer, OFFER, "withdraw")
    if not _is_open(competition):
        raise ValidationError("Offers can be withdrawn only while the competition is open")
    return transition(offer, OFFER, "withdraw", by=by, note="Offer withdrawn")


def _close(competition: Competition, *, by, closing: datetime, source: str, why: str) -> Competition:
    offers = competition.offers.filter(status=OfferStatus.SUBMITTED).count()
    transition(competition, COMPETITION, "close", by=by, source=source, closed_at=closing,
               note=f"Closed ({why}): {offers} offer{'s' if offers != 1 else ''} to score")
    if not offers:
        transition(competition, COMPETITION, "no_award", by=by, source=source, note="No offers")
        transition(lock_request(competition.request), REQUEST, "no_award", by=by, source=source,
                   note=f"{competition.reference} closed with no offers", unmet_reason=UnmetReason.NO_OFFERS,
                   waiting_since=closing)
    return competition


@transaction.atomic
def competition_close(*, competition: Competition, by=None, at: datetime | None = None,
                      source: str = Source.WEB) -> Competition:
    """At the deadline, or earlier once every invited provider has offered or declined, close the
    competition: its offers go to the evaluators; with none, the need is unmet."""
    competition = _lock_competition(competition)
    guard(competition, COMPETITION, "close")
    closing = at or now()
    early = closing < competition.closes_at
    if early and not _all_answered(competition):
        raise ValidationError(f"Offers are open until {timezone.localtime(competition.closes_at):%H:%M on %d %B %Y}")
    return _close(competition, by=by, closing=closing, source=source,
                  why="every invited provider has answered" if early else "deadline passed")


def competitions_close_due(*, now: datetime | None = None, source: str = Source.SCHEDULE) -> list[Competition]:
    """Close every open competition whose deadline has passed, each in its own transaction; the
    scheduler runs this every minute. Returns the competitions closed."""
    at = now or timezone.now()
    closed = []
    for competition in Competition.objects.filter(status=CompetitionStatus.OPEN, closes_at__lte=at).order_by("pk"):
        try:
            closed.append(competition_close(competition=competition, at=at, source=source))
        except (ValidationError, TransitionNotAllowed):
            continue
    return closed


def _check_score(competition: Competition, question: CompetitionQuestion, score, reason: str) -> None:
    errors = score_problems(score, reason, top=competition.score_scale_max)
    if question.competition_id != competition.pk:
        errors["question"] = "This question is not one of this competition's"
    if errors:
        raise ValidationError(errors)


def _scoring_open(competition: Competition) -> None:
    if competition.status != CompetitionStatus.CLOSED:
        raise ValidationError("Offers are scored only after the competition closes and before they are ranked")


@transaction.atomic
def offer_score_record(*, offer: Offer, question: CompetitionQuestion, evaluator, score: int,
                       reason: str) -> OfferScore:
    """An evaluator's own score, with its reason, for one answer of an offer; changeable until the
    offers are ranked."""
    competition = _lock_competition(offer.competition)
    _scoring_open(competition)
    if offer.status != OfferStatus.SUBMITTED:
        raise ValidationError("Only submitted offers are scored")
    _check_score(competition, question, score, reason)
    row, _ = OfferScore.objects.update_or_create(offer=offer, question=question, evaluator=evaluator,
                                                 defaults={"score": score, "reason": reason.strip()})
    audit_record(actor=evaluator, action=Action.UPDATED, obj=offer,
                 note=f"Question {question.number} scored {score} of {competition.score_scale_max}")
    return row


@transaction.atomic
def offer_scores_moderate(*, offer: Offer, moderator, agreed: dict[int, tuple[int, str]]) -> list[OfferModeratedScore]:
    """The moderator agrees the final score of every outcome question of an offer, after at least
    one evaluator has scored it."""
    competition = _lock_competition(offer.competition)
    _scoring_open(competition)
    if not competition.moderated:
        raise ValidationError("This competition is not moderated: the evaluators' scores are final")
    questions = list(competition.questions.all())
    errors = {}
    scored = set(OfferScore.objects.filter(offer=offer).values_list("question_id", flat=True))
    for question in questions:
        if question.pk not in scored:
            errors[f"q{question.pk}"] = f"An evaluator must score question {question.number} before moderation"
        elif question.pk not in agreed:
            errors[f"q{question.pk}"] = f"Agree a score for question {question.number}"
        else:
            try:
                _check_score(competition, question, *agreed[question.pk])
            except ValidationError as error:
                errors[f"q{question.pk}"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)
    rows = []
    for question in questions:
        score, reason = agreed[question.pk]
        row, _ = OfferModeratedScore.objects.update_or_create(
            offer=offer, question=question, defaults={"score": score, "reason": reason.strip(), "moderator": moderator})
        rows.append(row)
    audit_record(actor=moderator, action=Action.UPDATED, obj=offer, note="Scores moderated")
    return rows


def offer_quality_of(competition: Competition, offers: list[Offer]) -> dict[int, Decimal | None]:
    """Each offer's quality from its final scores (None while any question lacks one)."""
    questions = list(competition.questions.all())
    by_offer: dict[int, dict[int, list[int]]] = {}
    for offer_id, question_id, score in OfferScore.objects.filter(offer__in=offers).values_list(
            "offer_id", "question_id", "score"):
        by_offer.setdefault(offer_id, {}).setdefault(question_id, []).append(score)
    agreed = {(o, q): s for o, q, s in OfferModeratedScore.objects.filter(offer__in=offers).values_list(
        "offer_id", "question_id", "score")}
    return {offer.pk: offer_quality(
        [QuestionScores(weight=q.weight, evaluator_scores=tuple(by_offer.get(offer.pk, {}).get(q.pk, ())),
                        moderated_score=agreed.get((offer.pk, q.pk))) for q in questions],
        scale_max=competition.score_scale_max, moderated=competition.moderated) for offer in offers}


@transaction.atomic
def competition_rank(*, competition: Competition, by) -> Competition:
    """Once every offer's answers have their final scores, rank the offers: quality is that score,
    price is the offer's, weighted by the competition's split."""
    competition = _lock_competition(competition)
    guard(competition, COMPETITION, "rank")
    offers = list(competition.offers.filter(status=OfferStatus.SUBMITTED).select_related("invite", "provider"))
    quality = offer_quality_of(competition, offers)
    unscored = [o for o in offers if quality[o.pk] is None]
    if unscored:
        what = "moderated" if competition.moderated else "scored"
        raise ValidationError([f"The offer from {o.provider} is not yet {what} on every question" for o in unscored])
    ranked = {r.key: r for r in rank(
        [Candidate(key=o.pk, price_pence=o.rate_pence, quality=quality[o.pk], start_date=o.start_date,
                   distance_km=o.invite.distance_km) for o in offers], competition.quality_weight)}
    for offer in offers:
        r = ranked[offer.pk]
        offer.rank, offer.quality_points, offer.price_points, offer.total_points = (
            r.rank, r.quality_points, r.price_points, r.total_points)
    Offer.objects.bulk_update(offers, ["rank", "quality_points", "price_points", "total_points"])
    return transition(competition, COMPETITION, "rank", by=by, note=f"{len(offers)} offers ranked")


@transaction.atomic
def competition_award(*, competition: Competition, offer: Offer, by, note: str = "",
                      standing_reason: str = "") -> Agreement:
    """Award the top offer, or another with a recorded reason; a provider rated Amber or under
    concerns or review needs a recorded reason too, a Red or suspended one is refused. The others
    are told their rank."""
    competition = _lock_competition(competition)
    offer = Offer.objects.select_for_update().get(pk=offer.pk, competition=competition)
    guard(competition, COMPETITION, "award")
    guard(offer, OFFER, "award")
    if offer.rank != 1 and not note.strip():
        raise ValidationError({"note": f"Give the reason for awarding the offer ranked {offer.rank} rather than "
                                       "the top one"})
    summary = require_standing_reason(offer.provider_id, standing_reason)
    transition(competition, COMPETITION, "award", by=by, note=f"Offer from {offer.provider} ranked {offer.rank}")
    request = lock_request(competition.request)
    transition(request, REQUEST, "award", by=by,
               note=f"{competition.reference}: offer from {offer.provider} ranked {offer.rank}")
    agreement = agreement_make(request, by=by, provider=offer.provider, service=offer.invite.service,
                               route=AwardRoute.COMPETITION, rate_pence=offer.rate_pence, start=offer.start_date,
                               lot=competition.lot, note=note, offer=offer, standing_summary=summary,
                               standing_reason=standing_reason.strip())
    transition(offer, OFFER, "award", by=by, note=note or f"Ranked {offer.rank}")
    others = list(competition.offers.select_for_update().filter(status=OfferStatus.SUBMITTED).exclude(pk=offer.pk))
    for other in others:
        transition(other, OFFER, "not_award", by=by, note=f"Ranked {other.rank}")
    notifications.competition_result(competition, awarded=offer, others=others)
    return agreement
