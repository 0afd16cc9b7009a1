"""Writes of brokerage, from a request for care to a placed package. Each is atomic, locks the rows
it changes (so two brokers cannot award the same request twice, nor an offer slip in after a
competition closed), checks the transition tables and leaves an append-only history."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from commissioning.core.audit import Action, audit_record
from commissioning.core.domain.working_days import add_working_days
from commissioning.procurement.choices import MembershipStatus
from commissioning.procurement.models import Lot, Membership
from commissioning.providers import geo
from commissioning.providers.choices import CouncilRag, ProviderStatus, ServiceStatus
from commissioning.providers.models import Provider, Service

from . import notifications
from .choices import (
    AgreementStatus,
    AwardRoute,
    CompetitionStatus,
    DirectAwardReason,
    FrontDoorOutcome,
    OfferStatus,
    RequestStatus,
    UnmetReason,
)
from .domain.ranking import Candidate, distance_km, quality_score, rank, weekly_cost_pence
from .models import (
    Agreement,
    AgreementEvent,
    CareRequest,
    Competition,
    CompetitionInvite,
    FrontDoorCheck,
    Offer,
    Person,
    RequestEvent,
)
from .signals import agreement_accepted
from .transitions import (
    AGREEMENT_TRANSITIONS,
    COMPETITION_TRANSITIONS,
    REQUEST_TRANSITIONS,
    TransitionNotAllowed,
    next_status,
)

__all__ = ["TransitionNotAllowed"]
LIVE_AGREEMENTS = [AgreementStatus.OFFERED, AgreementStatus.ACCEPTED]


def _now() -> datetime:
    return timezone.now()


def _lock_request(request: CareRequest) -> CareRequest:
    return CareRequest.objects.select_for_update().get(pk=request.pk)


def _move(request: CareRequest, event: str, by, note: str = "", **fields) -> CareRequest:
    """Apply one transition to a locked request and record it."""
    new = next_status(REQUEST_TRANSITIONS, "request", request.status, event)
    old = request.status
    request.status = new
    for name, value in fields.items():
        setattr(request, name, value)
    request.save()
    RequestEvent.objects.create(request=request, by=by, event=event, from_status=old, to_status=new, note=note)
    return request


# Requests ----------------------------------------------------------------------------------

def _next_person_reference() -> str:
    last = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return f"P-{last + 1:06d}"


def _check_no_identifiers(person: Person, text: str, label: str) -> list[str]:
    """Free text travels to providers: refuse it when it carries the person's identity."""
    problems = []
    lowered = text.lower()
    parts = [p for p in person.name.lower().split() if len(p) > 2]
    if person.name.lower() in lowered or (len(parts) > 1 and parts[-1] in lowered.split()):
        problems.append(f"Remove the person's name from the {label}: providers read this text")
    if person.date_of_birth and (person.date_of_birth.isoformat() in text
                                 or person.date_of_birth.strftime("%d/%m/%Y") in text):
        problems.append(f"Remove the date of birth from the {label}: providers read this text")
    if person.postcode and person.postcode.replace(" ", "").lower() in lowered.replace(" ", ""):
        problems.append(f"Remove the full postcode from the {label}: providers see the postcode district only")
    return problems


@transaction.atomic
def request_create(*, by, person: Person, request: CareRequest, specialisms=()) -> CareRequest:
    """Record a social worker's request and put it in the broker's queue."""
    if person.pk is None:
        person.reference = person.reference or _next_person_reference()
        person.full_clean()
        person.save()
    problems = _check_no_identifiers(person, request.needs, "needs") + _check_no_identifiers(
        person, request.outcomes, "outcomes")
    lot = request.lot
    if not lot.service_types.filter(pk=request.service_type_id).exists():
        problems.append(f"{lot} does not buy {request.service_type}: choose one of its service types")
    if request.hours_per_week is None and None in (request.visits_per_day, request.minutes_per_visit,
                                                   request.days_per_week):
        problems.append("Give the hours per week, or the visits per day, minutes per visit and days per week")
    locality = geo.locality_for(request.postcode)
    if locality is None:
        problems.append("Enter a postcode in one of the council's localities")
    if problems:
        raise ValidationError(problems)
    point = geo.coordinates_for(request.postcode)
    request.person = person
    request.requested_by = by
    request.locality = locality
    request.latitude, request.longitude = point if point else (None, None)
    request.status = RequestStatus.NEW
    request.waiting_since = _now()
    request.full_clean(exclude=["specialisms"])
    request.save()
    request.specialisms.set(specialisms)
    RequestEvent.objects.create(request=request, by=by, event="requested", to_status=request.status)
    audit_record(actor=by, action=Action.CREATED, obj=request)
    return request


@transaction.atomic
def front_door_record(*, request: CareRequest, by, option: str, outcome: str, note: str = "") -> FrontDoorCheck:
    """Record a front-door option considered; one that fully meets the need closes the request."""
    request = _lock_request(request)
    if request.status not in (RequestStatus.NEW, RequestStatus.UNMET):
        raise TransitionNotAllowed("request", request.status, "record a front-door option")
    check, _ = FrontDoorCheck.objects.update_or_create(
        request=request, option=option, defaults={"outcome": outcome, "note": note, "recorded_by": by})
    if outcome == FrontDoorOutcome.MET:
        _move(request, "front_door_met", by, note=f"{check}")
    else:
        RequestEvent.objects.create(request=request, by=by, event="front_door", from_status=request.status,
                                    to_status=request.status, note=str(check))
    return check


def _require_front_door(request: CareRequest) -> None:
    if not request.front_door_checks.exists():
        raise ValidationError("Record the front-door options considered before sourcing a package")


@transaction.atomic
def request_mark_unmet(*, request: CareRequest, by, reason: str, note: str = "") -> CareRequest:
    if reason not in UnmetReason.values:
        raise ValidationError("Choose why the need cannot be met")
    request = _lock_request(request)
    return _move(request, "mark_unmet", by, note=note or UnmetReason(reason).label, unmet_reason=reason)


@transaction.atomic
def request_cancel(*, request: CareRequest, by, reason: str) -> CareRequest:
    if not reason.strip():
        raise ValidationError("Give the reason for cancelling the request")
    return _move(_lock_request(request), "cancel", by, note=reason)


# Eligibility and ranking -------------------------------------------------------------------

@dataclass
class Eligible:
    """A provider able to take the package, with the service that would deliver it and its ranking."""

    provider: Provider
    service: Service
    membership_id: int
    capacity_left: Decimal
    distance_km: Decimal | None
    quality: Decimal
    rate_pence: int
    weekly_cost_pence: int
    over_budget: bool
    rank: int = 0
    quality_points: Decimal = Decimal(0)
    price_points: Decimal = Decimal(0)
    total_points: Decimal = Decimal(0)


def capacity_used(services, *, counts_beds: bool) -> dict[int, Decimal]:
    """Hours (or beds) already committed at each of `services` (ids or a queryset) by live agreements."""
    live = Agreement.objects.filter(service_id__in=services, status__in=LIVE_AGREEMENTS)
    if counts_beds:
        rows = live.values_list("service_id").annotate(used=Count("id"))
    else:
        rows = live.values_list("service_id").annotate(used=Sum("hours_per_week"))
    return {service_id: Decimal(used or 0) for service_id, used in rows}


def eligible_providers(request: CareRequest, *, on: date | None = None) -> list[Eligible]:
    """The members of the request's lot who can take it, ranked by quality, price and distance.

    Eligible: an active (not suspended) member admitted on or before `on`, on a lot covering the
    request's locality, provider active and not barred from new placements, with an active
    service of the requested type that has every specialism needed, is not rated Red by the
    council, and has the capacity left; the member has a tendered rate on the lot.

    Four queries whatever the number of members, reading only the columns ranking needs."""
    on = on or timezone.localdate()
    lot = request.lot
    if not lot.localities.filter(pk=request.locality_id).exists():
        return []
    member_rows = Membership.objects.filter(
        lot=lot, status=MembershipStatus.ACTIVE, admitted_on__lte=on, rate_pence__isnull=False,
        provider__status=ProviderStatus.ACTIVE, provider__new_placements_suspended=False,
    )
    # Plain rows, not model instances: only the eligible become objects (ranking a thousand members
    # is then a few milliseconds of Python, see benchmarks/brokerage_ranking.py).
    members = {row[0]: row for row in member_rows.values_list(
        "provider_id", "id", "rate_pence", "application__weighted_score", "provider__name")}
    if not members:
        return []
    needed = list(request.specialisms.values_list("pk", flat=True))
    services = Service.objects.filter(
        provider_id__in=member_rows.values("provider_id"), status=ServiceStatus.ACTIVE,
        service_types=request.service_type,
    ).exclude(council_rag=CouncilRag.RED)
    if needed:
        services = services.annotate(
            matched=Count("specialisms", filter=Q(specialisms__in=needed), distinct=True)).filter(matched=len(needed))
    counts_beds = request.counts_beds
    used = capacity_used(services.values("pk"), counts_beds=counts_beds)
    need = Decimal(1) if counts_beds else request.weekly_hours
    best: dict[int, tuple] = {}
    for pk, provider_id, name, lat, lon, beds, hours, rating in services.values_list(
            "pk", "provider_id", "name", "latitude", "longitude", "beds", "hours_per_week", "cqc_rating"):
        left = Decimal((beds if counts_beds else hours) or 0) - used.get(pk, Decimal(0))
        if left < need:
            continue
        distance = distance_km(request.latitude, request.longitude, lat, lon)
        current = best.get(provider_id)
        key = (distance if distance is not None else Decimal("1e9"), -left)
        if current is None or key < current[0]:
            best[provider_id] = (key, (pk, name, lat, lon, rating), left, distance)
    found = []
    for provider_id, (_, (pk, name, lat, lon, rating), left, distance) in best.items():
        _, membership_id, rate, admission_score, provider_name = members[provider_id]
        cost = weekly_cost_pence(rate, counts_beds=counts_beds, hours_per_week=request.weekly_hours)
        found.append(Eligible(
            provider=Provider(pk=provider_id, name=provider_name),
            service=Service(pk=pk, provider_id=provider_id, name=name, latitude=lat, longitude=lon, cqc_rating=rating),
            membership_id=membership_id, capacity_left=left, distance_km=distance,
            quality=quality_score(admission_score, rating), rate_pence=rate, weekly_cost_pence=cost,
            over_budget=cost > request.budget_pence))
    ranked = {r.key: r for r in rank([Candidate(key=e.provider.pk, price_pence=e.rate_pence, quality=e.quality,
                                                distance_km=e.distance_km) for e in found],
                                     lot.approved_list.quality_weight)}
    for e in found:
        r = ranked[e.provider.pk]
        e.rank, e.quality_points, e.price_points, e.total_points = r.rank, r.quality_points, r.price_points, \
            r.total_points
    return sorted(found, key=lambda e: e.rank)


# Awards and agreements ---------------------------------------------------------------------

def _agreement_for(request: CareRequest, *, by, provider, service, route, rate_pence: int, start: date,
                   lot: Lot | None, reason: str = "", note: str = "", offer: Offer | None = None) -> Agreement:
    counts_beds = request.counts_beds
    try:
        with transaction.atomic():
            agreement = Agreement.objects.create(
                request=request, person=request.person, provider=provider, service=service, lot=lot, route=route,
                offer=offer, award_reason=reason, award_note=note, awarded_by=by, rate_pence=rate_pence,
                counts_beds=counts_beds, hours_per_week=request.weekly_hours,
                visits_per_day=request.visits_per_day, minutes_per_visit=request.minutes_per_visit,
                days_per_week=request.days_per_week, start_date=start,
                weekly_cost_pence=weekly_cost_pence(rate_pence, counts_beds=counts_beds,
                                                    hours_per_week=request.weekly_hours))
    except IntegrityError:
        raise ValidationError("This request already has a live agreement") from None
    AgreementEvent.objects.create(agreement=agreement, by=by, event="offered", note=note)
    audit_record(actor=by, action=Action.CREATED, obj=agreement,
                 note=f"{AwardRoute(route).label} to {provider} for {request.reference}")
    notifications.agreement_offered(agreement)
    return agreement


@transaction.atomic
def direct_award(*, request: CareRequest, by, provider: Provider, reason: str, note: str = "",
                 start: date | None = None) -> Agreement:
    """Award to one eligible provider with a reason from the list and free text."""
    request = _lock_request(request)
    _require_front_door(request)
    problems = []
    if reason not in DirectAwardReason.values:
        problems.append("Choose the reason for the direct award")
    if not note.strip():
        problems.append("Explain the direct award in a few words")
    eligible = {e.provider.pk: e for e in eligible_providers(request)}
    choice = eligible.get(provider.pk)
    if choice is None:
        problems.append(f"{provider} is not eligible for this request (lot membership, area, specialisms, "
                        "council rating or capacity)")
    if problems:
        raise ValidationError(problems)
    _move(request, "direct_award", by, note=f"{provider}: {DirectAwardReason(reason).label}. {note}")
    return _agreement_for(request, by=by, provider=provider, service=choice.service, route=AwardRoute.DIRECT,
                          rate_pence=choice.rate_pence, start=start or request.start_date, lot=request.lot,
                          reason=reason, note=note)


@transaction.atomic
def agreement_respond(*, agreement: Agreement, by, accept: bool, reason: str = "") -> Agreement:
    """The provider accepts the agreement, or declines it with a reason and the request goes back to
    the broker."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if by.provider_id != agreement.provider_id:
        raise ValidationError("Only the provider offered the agreement can answer it")
    event = "accept" if accept else "decline"
    if not accept and not reason.strip():
        raise ValidationError("Give the reason for declining")
    new = next_status(AGREEMENT_TRANSITIONS, "agreement", agreement.status, event)
    request = _lock_request(agreement.request)
    agreement.status = new
    agreement.responded_at = _now()
    agreement.responded_by = by
    agreement.decline_reason = reason if not accept else ""
    agreement.save()
    AgreementEvent.objects.create(agreement=agreement, by=by, event=event, note=reason)
    if accept:
        _move(request, "accept", by, note=f"{agreement.reference} accepted", sourced_at=agreement.responded_at)
        agreement_accepted.send(sender=Agreement, agreement=agreement)
    else:
        _move(request, "decline", by, note=f"{agreement.reference} declined: {reason}", waiting_since=_now())
    audit_record(actor=by, action=Action.UPDATED, obj=agreement,
                 changes={"Status": [AgreementStatus.OFFERED.label, AgreementStatus(new).label]}, note=reason)
    return agreement


# Further competition -----------------------------------------------------------------------

def response_deadline(opened: datetime, urgency: str) -> datetime:
    """When offers close: hours on the clock, or working days over English bank holidays."""
    window = settings.BROKERAGE_RESPONSE_WINDOWS[urgency]
    if "hours" in window:
        return opened + timedelta(hours=window["hours"])
    local = timezone.localtime(opened)
    day = add_working_days(local.date(), window["working_days"])
    return local.replace(year=day.year, month=day.month, day=day.day)


@transaction.atomic
def competition_open(*, request: CareRequest, by) -> Competition:
    """Send the requirement to every eligible member of the lot, fixed now: a provider admitted later
    is not added."""
    request = _lock_request(request)
    _require_front_door(request)
    eligible = eligible_providers(request)
    if not eligible:
        raise ValidationError("No member of the lot is eligible: record the request as unmet need")
    _move(request, "open_competition", by, note=f"Sent to {len(eligible)} providers")
    opened = _now()
    competition = Competition.objects.create(
        request=request, lot=request.lot, opened_at=opened, closes_at=response_deadline(opened, request.urgency),
        opened_by=by, quality_weight=request.lot.approved_list.quality_weight)
    CompetitionInvite.objects.bulk_create([
        CompetitionInvite(competition=competition, provider=e.provider, service=e.service,
                          distance_km=e.distance_km, quality_score=e.quality) for e in eligible])
    audit_record(actor=by, action=Action.CREATED, obj=competition, note=f"{len(eligible)} providers invited")
    notifications.competition_opened(competition)
    return competition


@transaction.atomic
def offer_submit(*, competition: Competition, by, rate_pence: int, start_date: date, outcome_answers: str) -> Offer:
    """A provider offers (or revises its offer) while the competition is open. The competition row is
    locked so closing and offering are serialised: an offer is either in the ranking or refused."""
    competition = Competition.objects.select_for_update().select_related("request").get(pk=competition.pk)
    invite = CompetitionInvite.objects.filter(competition=competition, provider_id=by.provider_id).first()
    if invite is None:
        raise ValidationError("Your organisation was not invited to this competition")
    if competition.status != CompetitionStatus.OPEN or _now() >= competition.closes_at:
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
    offer, _ = Offer.objects.update_or_create(
        competition=competition, provider_id=by.provider_id,
        defaults={"invite": invite, "rate_pence": rate_pence, "start_date": start_date,
                  "outcome_answers": outcome_answers, "submitted_at": _now(), "submitted_by": by,
                  "status": OfferStatus.SUBMITTED,
                  "weekly_cost_pence": weekly_cost_pence(rate_pence, counts_beds=request.counts_beds,
                                                         hours_per_week=request.weekly_hours)})
    return offer


@transaction.atomic
def offer_withdraw(*, offer: Offer, by) -> Offer:
    competition = Competition.objects.select_for_update().get(pk=offer.competition_id)
    offer = Offer.objects.get(pk=offer.pk, provider_id=by.provider_id)
    if competition.status != CompetitionStatus.OPEN or _now() >= competition.closes_at:
        raise ValidationError("Offers can be withdrawn only while the competition is open")
    offer.status = OfferStatus.WITHDRAWN
    offer.save(update_fields=["status"])
    return offer


@transaction.atomic
def competition_close(*, competition: Competition, by=None, at: datetime | None = None) -> Competition:
    """At the deadline, rank the offers by the list's weighting; with none, the need is unmet."""
    competition = Competition.objects.select_for_update().select_related("request").get(pk=competition.pk)
    now = at or _now()
    if competition.status == CompetitionStatus.OPEN and now < competition.closes_at:
        raise ValidationError(f"Offers are open until {timezone.localtime(competition.closes_at):%H:%M on %d %B %Y}")
    competition.status = next_status(COMPETITION_TRANSITIONS, "competition", competition.status, "close")
    competition.closed_at = now
    offers = list(competition.offers.filter(status=OfferStatus.SUBMITTED).select_related("invite"))
    ranked = {r.key: r for r in rank(
        [Candidate(key=o.pk, price_pence=o.rate_pence, quality=o.invite.quality_score, start_date=o.start_date,
                   distance_km=o.invite.distance_km) for o in offers], competition.quality_weight)}
    for offer in offers:
        r = ranked[offer.pk]
        offer.rank, offer.quality_points, offer.price_points, offer.total_points = (
            r.rank, r.quality_points, r.price_points, r.total_points)
    Offer.objects.bulk_update(offers, ["rank", "quality_points", "price_points", "total_points"])
    if not offers:
        competition.status = next_status(COMPETITION_TRANSITIONS, "competition", competition.status, "no_award")
        request = _lock_request(competition.request)
        _move(request, "no_award", by, note=f"{competition.reference} closed with no offers",
              unmet_reason=UnmetReason.NO_OFFERS, waiting_since=now)
    competition.save()
    return competition


def close_due_competitions(*, at: datetime | None = None) -> int:
    """Close every open competition whose deadline has passed (run every few minutes)."""
    at = at or _now()
    due = list(Competition.objects.filter(status=CompetitionStatus.OPEN, closes_at__lte=at))
    for competition in due:
        competition_close(competition=competition, at=at)
    return len(due)


@transaction.atomic
def competition_award(*, competition: Competition, offer: Offer, by, note: str = "") -> Agreement:
    """Award the top offer, or another with a recorded reason; the others are told their rank."""
    competition = Competition.objects.select_for_update().select_related("request", "lot").get(pk=competition.pk)
    offer = Offer.objects.get(pk=offer.pk, competition=competition)
    if competition.status == CompetitionStatus.OPEN:
        raise ValidationError("Wait for the competition to close before awarding")
    if offer.status != OfferStatus.SUBMITTED:
        raise ValidationError("That offer was withdrawn")
    if offer.rank != 1 and not note.strip():
        raise ValidationError(f"Give the reason for awarding the offer ranked {offer.rank} rather than the top one")
    competition.status = next_status(COMPETITION_TRANSITIONS, "competition", competition.status, "award")
    competition.save(update_fields=["status"])
    request = _lock_request(competition.request)
    _move(request, "award", by, note=f"{competition.reference}: offer from {offer.provider} ranked {offer.rank}")
    agreement = _agreement_for(request, by=by, provider=offer.provider, service=offer.invite.service,
                               route=AwardRoute.COMPETITION, rate_pence=offer.rate_pence, start=offer.start_date,
                               lot=competition.lot, note=note, offer=offer)
    offer.status = OfferStatus.AWARDED
    offer.save(update_fields=["status"])
    others = list(competition.offers.filter(status=OfferStatus.SUBMITTED).exclude(pk=offer.pk))
    for other in others:
        other.status = OfferStatus.NOT_AWARDED
    Offer.objects.bulk_update(others, ["status"])
    notifications.competition_result(competition, awarded=offer, others=others)
    return agreement


# Spot purchase off the list ----------------------------------------------------------------

@transaction.atomic
def waiver_request(*, request: CareRequest, by, provider: Provider, rate_pence: int, reason: str) -> CareRequest:
    """Ask to buy off the list: a waiver reason is required and an approver must agree."""
    request = _lock_request(request)
    _require_front_door(request)
    problems = []
    if len(reason.strip()) < 20:
        problems.append("Explain in at least 20 characters why the list cannot meet this need")
    if not rate_pence or rate_pence <= 0:
        problems.append("Enter the rate agreed with the provider")
    if problems:
        raise ValidationError(problems)
    return _move(request, "request_waiver", by, note=reason, spot_provider=provider, spot_rate_pence=rate_pence,
                 waiver_reason=reason, waiver_requested_by=by)


@transaction.atomic
def waiver_decide(*, request: CareRequest, by, approve: bool, note: str = "") -> CareRequest:
    request = _lock_request(request)
    if request.waiver_requested_by_id == by.pk:
        raise ValidationError("Someone other than the person who asked must approve a waiver")
    if not approve:
        if not note.strip():
            raise ValidationError("Give the reason for refusing the waiver")
        return _move(request, "refuse_waiver", by, note=note, unmet_reason=UnmetReason.NO_CAPACITY)
    _move(request, "approve_waiver", by, note=note or "Waiver approved", waiver_approved_by=by)
    _agreement_for(request, by=by, provider=request.spot_provider, service=None, route=AwardRoute.SPOT,
                   rate_pence=request.spot_rate_pence, start=request.start_date, lot=None,
                   note=request.waiver_reason)
    return request


@transaction.atomic
def agreement_reprice(*, agreement: Agreement, rate_pence: int, weekly_cost_pence: int, by,
                      note: str = "") -> Agreement:
    """Set an agreement's current rate and weekly cost (finance prices agreements; brokerage owns them); audited."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    before = {"Rate (pence)": agreement.rate_pence, "Weekly cost (pence)": agreement.weekly_cost_pence}
    agreement.rate_pence, agreement.weekly_cost_pence = rate_pence, weekly_cost_pence
    agreement.save(update_fields=["rate_pence", "weekly_cost_pence", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=agreement, note=note,
                 changes={k: [v, after] for (k, v), after in zip(before.items(), [rate_pence, weekly_cost_pence],
                                                                  strict=True) if v != after})
    return agreement
