"""Further competition and its offers: the requirement goes to every eligible member, providers
offer and revise (each version kept) until the deadline, the offers are ranked when it closes,
and one is awarded. The competition row is locked so closing and offering are serialised."""
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, Source, audit_record
from commissioning.core.domain.working_days import add_working_days
from commissioning.core.money import pence_to_pounds
from commissioning.core.workflow import TransitionNotAllowed, transition

from .. import notifications
from ..choices import AwardRoute, CompetitionStatus, OfferStatus, UnmetReason
from ..domain.ranking import Candidate, rank, weekly_cost_pence
from ..models import Agreement, CareRequest, Competition, CompetitionInvite, Offer, OfferRevision
from ..selectors import eligible_providers
from ..transitions import COMPETITION, OFFER, REQUEST
from ._base import guard, lock_request, now
from .agreements import agreement_make
from .front_door import require_front_door


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


@transaction.atomic
def competition_open(*, request: CareRequest, by) -> Competition:
    """Send the requirement to every eligible member of the lot, fixed now: a provider admitted later
    is not added."""
    request = lock_request(request)
    guard(request, REQUEST, "open_competition")
    require_front_door(request)
    eligible = eligible_providers(request)
    if not eligible:
        raise ValidationError("No member of the lot is eligible: record the request as unmet need")
    transition(request, REQUEST, "open_competition", by=by, note=f"Sent to {len(eligible)} providers")
    opened = now()
    competition = Competition.objects.create(
        request=request, lot=request.lot, opened_at=opened, closes_at=response_deadline(opened, request.urgency),
        opened_by=by, quality_weight=request.lot.approved_list.quality_weight)
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


@transaction.atomic
def offer_submit(*, competition: Competition, by, rate_pence: int, start_date: date, outcome_answers: str) -> Offer:
    """A provider offers, or revises its offer, while the competition is open; every version is kept
    as a revision and audited, so a revised offer keeps its earlier prices."""
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
    problems = []
    if rate_pence is None or rate_pence <= 0:
        problems.append("Enter a price of more than £0")
    if start_date is None:
        problems.append("Enter the date you can start")
    elif start_date < timezone.localdate():
        problems.append("The start date cannot be in the past")
    if not outcome_answers.strip():
        problems.append("Say how you will meet the outcomes")
    if problems:
        raise ValidationError(problems)
    request = competition.request
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
        return offer
    previous = offer.revisions.order_by("-number").first()
    transition(offer, OFFER, event, by=by, note="Offer revised" if event == "revise" else "Offer made again",
               **version)
    revision = offer.revisions.create(number=(previous.number if previous else 0) + 1, **version)
    audit_record(actor=by, action=Action.UPDATED, obj=offer, note=f"Version {revision.number}",
                 changes=_revision_changes(previous, revision) if previous else {})
    return offer


@transaction.atomic
def offer_withdraw(*, offer: Offer, by) -> Offer:
    """The provider withdraws its offer while the competition is open; it can offer again until it closes."""
    competition = _lock_competition(offer.competition)
    offer = Offer.objects.select_for_update().get(pk=offer.pk, provider_id=by.provider_id)
    guard(offer, OFFER, "withdraw")
    if not _is_open(competition):
        raise ValidationError("Offers can be withdrawn only while the competition is open")
    return transition(offer, OFFER, "withdraw", by=by, note="Offer withdrawn")


@transaction.atomic
def competition_close(*, competition: Competition, by=None, at: datetime | None = None,
                      source: str = Source.WEB) -> Competition:
    """At the deadline, rank the offers by the list's weighting; with none, the need is unmet."""
    competition = _lock_competition(competition)
    guard(competition, COMPETITION, "close")
    closing = at or now()
    if competition.status == CompetitionStatus.OPEN and closing < competition.closes_at:
        raise ValidationError(f"Offers are open until {timezone.localtime(competition.closes_at):%H:%M on %d %B %Y}")
    offers = list(competition.offers.filter(status=OfferStatus.SUBMITTED).select_related("invite"))
    transition(competition, COMPETITION, "close", by=by, source=source, closed_at=closing,
               note=f"{len(offers)} offer{'s' if len(offers) != 1 else ''} ranked")
    ranked = {r.key: r for r in rank(
        [Candidate(key=o.pk, price_pence=o.rate_pence, quality=o.invite.quality_score, start_date=o.start_date,
                   distance_km=o.invite.distance_km) for o in offers], competition.quality_weight)}
    for offer in offers:
        r = ranked[offer.pk]
        offer.rank, offer.quality_points, offer.price_points, offer.total_points = (
            r.rank, r.quality_points, r.price_points, r.total_points)
    Offer.objects.bulk_update(offers, ["rank", "quality_points", "price_points", "total_points"])
    if not offers:
        transition(competition, COMPETITION, "no_award", by=by, source=source, note="No offers")
        transition(lock_request(competition.request), REQUEST, "no_award", by=by, source=source,
                   note=f"{competition.reference} closed with no offers", unmet_reason=UnmetReason.NO_OFFERS,
                   waiting_since=closing)
    return competition


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


@transaction.atomic
def competition_award(*, competition: Competition, offer: Offer, by, note: str = "") -> Agreement:
    """Award the top offer, or another with a recorded reason; the others are told their rank."""
    competition = _lock_competition(competition)
    offer = Offer.objects.select_for_update().get(pk=offer.pk, competition=competition)
    guard(competition, COMPETITION, "award")
    guard(offer, OFFER, "award")
    if offer.rank != 1 and not note.strip():
        raise ValidationError(f"Give the reason for awarding the offer ranked {offer.rank} rather than the top one")
    transition(competition, COMPETITION, "award", by=by, note=f"Offer from {offer.provider} ranked {offer.rank}")
    request = lock_request(competition.request)
    transition(request, REQUEST, "award", by=by,
               note=f"{competition.reference}: offer from {offer.provider} ranked {offer.rank}")
    agreement = agreement_make(request, by=by, provider=offer.provider, service=offer.invite.service,
                               route=AwardRoute.COMPETITION, rate_pence=offer.rate_pence, start=offer.start_date,
                               lot=competition.lot, note=note, offer=offer)
    transition(offer, OFFER, "award", by=by, note=note or f"Ranked {offer.rank}")
    others = list(competition.offers.select_for_update().filter(status=OfferStatus.SUBMITTED).exclude(pk=offer.pk))
    for other in others:
        transition(other, OFFER, "not_award", by=by, note=f"Ranked {other.rank}")
    notifications.competition_result(competition, awarded=offer, others=others)
    return agreement
