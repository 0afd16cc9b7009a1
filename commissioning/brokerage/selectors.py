"""Reads of brokerage. Every one starts from a model's `for_user` queryset: providers see only what
was sent to them, and never a person's identity; council staff see everything. Eligibility and
ranking of providers for a request are reads too."""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from statistics import median

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from commissioning.accounts.roles import MarketArea
from commissioning.procurement.choices import MembershipStatus
from commissioning.procurement.models import Lot, Membership
from commissioning.procurement.selectors import price_limits, reserve_lots_for
from commissioning.providers.choices import CouncilRag, ProviderStatus, ServiceStatus
from commissioning.providers.models import Provider, Service
from commissioning.quality.standing import Standing, standing_for

from .choices import URGENCY_ORDER, AgreementStatus, CompetitionStatus, OfferStatus, RequestStatus
from .domain.ranking import Candidate, distance_km, quality_score, rank, weekly_cost_pence
from .models import (
    Agreement,
    AllocationLine,
    AllocationRun,
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
from .querysets import is_council, provider_of

LIVE_AGREEMENTS = [AgreementStatus.OFFERED, AgreementStatus.ACCEPTED]
SHOWN_OFFERS = [OfferStatus.SUBMITTED, OfferStatus.AWARDED, OfferStatus.NOT_AWARDED]


def request_scope(*, user) -> QuerySet[CareRequest]:
    """Requests for care: council staff only (they carry the person)."""
    return CareRequest.objects.for_user(user).select_related("person", "lot__approved_list", "service_type",
                                                             "locality", "requested_by")


def competition_scope(*, user) -> QuerySet[Competition]:
    """Competitions: council staff see all, a provider those sent to it."""
    return Competition.objects.for_user(user).select_related("request__service_type", "request__locality", "lot",
                                                             "lot__approved_list")


def offer_scope(*, user) -> QuerySet[Offer]:
    """Offers: council staff see all, a provider its own."""
    return Offer.objects.for_user(user).select_related("competition", "provider")


def agreement_scope(*, user) -> QuerySet[Agreement]:
    """Agreements: council staff see all, a provider its own."""
    return Agreement.objects.for_user(user).select_related("person", "provider", "service", "lot",
                                                           "request__service_type")


def offer_revisions(*, user, offers) -> dict[int, list[OfferRevision]]:
    """Each offer's versions, oldest first: council staff see all, a provider only its own offers'."""
    revisions: dict[int, list[OfferRevision]] = {}
    for revision in OfferRevision.objects.for_user(user).filter(offer__in=offers).select_related("submitted_by"):
        revisions.setdefault(revision.offer_id, []).append(revision)
    return revisions


def competition_offers(*, user, competition: Competition) -> list[Offer]:
    """The offers shown on a competition's page (not the withdrawn), best rank first."""
    return list(offer_scope(user=user).filter(competition=competition, status__in=SHOWN_OFFERS)
                .select_related("provider", "invite"))


def competition_invites(*, user, competition: Competition) -> QuerySet[CompetitionInvite]:
    """The providers a competition went to."""
    return CompetitionInvite.objects.for_user(user).filter(competition=competition).select_related("provider")


def competitions_in_progress(*, user) -> QuerySet[Competition]:
    """Competitions open, being scored, or ranked and waiting for an award, the soonest deadline first."""
    return competition_scope(user=user).filter(
        status__in=[CompetitionStatus.OPEN, CompetitionStatus.CLOSED, CompetitionStatus.RANKED]).order_by("closes_at")


def competition_offer_count(*, competition: Competition) -> int:
    """How many offers (not withdrawn) a closed competition had: shown to the providers invited."""
    return competition.offers.exclude(status=OfferStatus.WITHDRAWN).count()


def allocation_runs(*, user) -> QuerySet[AllocationRun]:
    """Batch allocations: council staff only."""
    return AllocationRun.objects.for_user(user).select_related("lot__approved_list")


def allocation_lines(*, run: AllocationRun) -> list[AllocationLine]:
    """The lines of a batch allocation, in queue order."""
    return list(run.lines.select_related("request__service_type", "request__locality", "provider", "service"))


def options_for(run: AllocationRun) -> dict[int, list[dict]]:
    """The eligible choices of each line, as they were when proposed."""
    return {line.pk: line.options for line in run.lines.all()}


def waiting_on(lot: Lot) -> list[CareRequest]:
    """Requests a broker can source now: new or unmet, with the front door recorded."""
    return list(CareRequest.objects.filter(lot=lot, status__in=[RequestStatus.NEW, RequestStatus.UNMET],
                                           front_door_checks__isnull=False).distinct()
                .select_related("lot__approved_list", "service_type", "locality").order_by("waiting_since"))


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
    standing: Standing | None = None


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
    service of the requested type that has every specialism needed and the capacity left; the
    member has a tendered rate on the lot; the provider is not rated Red by the council on any
    of its services (quality.standing). Each carries its standing (RAG, open concern cases,
    contract reviews) for the broker to see.

    Eight queries whatever the number of members, reading only the columns ranking needs."""
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
    standings = standing_for(best)
    found = []
    for provider_id, (_, (pk, name, lat, lon, rating), left, distance) in best.items():
        standing = standings[provider_id]
        if standing.is_red or standing.placements_suspended:
            continue
        _, membership_id, rate, admission_score, provider_name = members[provider_id]
        cost = weekly_cost_pence(rate, counts_beds=counts_beds, hours_per_week=request.weekly_hours)
        found.append(Eligible(
            provider=Provider(pk=provider_id, name=provider_name),
            service=Service(pk=pk, provider_id=provider_id, name=name, latitude=lat, longitude=lon, cqc_rating=rating),
            membership_id=membership_id, capacity_left=left, distance_km=distance,
            quality=quality_score(admission_score, rating), rate_pence=rate, weekly_cost_pence=cost,
            over_budget=cost > request.budget_pence, standing=standing))
    ranked = {r.key: r for r in rank([Candidate(key=e.provider.pk, price_pence=e.rate_pence, quality=e.quality,
                                                distance_km=e.distance_km) for e in found],
                                     lot.approved_list.quality_weight)}
    for e in found:
        r = ranked[e.provider.pk]
        e.rank, e.quality_points, e.price_points, e.total_points = r.rank, r.quality_points, r.price_points, \
            r.total_points
    return sorted(found, key=lambda e: e.rank)




def queue(*, user, statuses=(RequestStatus.NEW,)) -> QuerySet[CareRequest]:
    """The broker's queue: by urgency (emergency first), then the longest wait (sorted by the database,
    so a page of it reads only its rows)."""
    urgency = Case(*[When(urgency=value, then=Value(rank)) for value, rank in URGENCY_ORDER.items()],
                   default=Value(len(URGENCY_ORDER)), output_field=IntegerField())
    return CareRequest.objects.for_user(user).filter(status__in=statuses).select_related(
        "person", "lot__approved_list", "service_type", "locality").order_by(urgency, "waiting_since", "pk")


def dashboard(*, user) -> dict:
    """Time to source (request to accepted agreement) and unmet need, by market area and locality."""
    rows = CareRequest.objects.for_user(user).values_list("service_type__market_area", "locality__name", "status",
                                                          "created_at", "sourced_at")
    sourced: dict[tuple[str, str], list[timedelta]] = {}
    unmet: dict[tuple[str, str], int] = {}
    waiting: dict[tuple[str, str], int] = {}
    for market, locality, status, created, done in rows:
        key = (market, locality)
        if done:
            sourced.setdefault(key, []).append(done - created)
        if status == RequestStatus.UNMET:
            unmet[key] = unmet.get(key, 0) + 1
        if status in (RequestStatus.NEW, RequestStatus.IN_COMPETITION, RequestStatus.AWARDED,
                      RequestStatus.WAIVER_PENDING):
            waiting[key] = waiting.get(key, 0) + 1
    keys = sorted(set(sourced) | set(unmet) | set(waiting))
    table = []
    for key in keys:
        times = sourced.get(key, [])
        table.append({
            "market": key[0], "market_label": MarketArea(key[0]).label, "locality": key[1], "placed": len(times),
            "median_days": round(median(t.total_seconds() for t in times) / 86400, 1) if times else None,
            "unmet": unmet.get(key, 0), "waiting": waiting.get(key, 0)})
    return {"rows": table, "unmet_total": sum(unmet.values()), "placed_total": sum(len(v) for v in sourced.values()),
            "waiting_total": sum(waiting.values())}


def standings_of(provider_ids) -> dict[int, Standing]:
    """The council's standing of each provider (RAG, open concerns and reviews, suspension)."""
    return standing_for(provider_ids)


def award_shares(*, user, lot: Lot | None = None, today: date | None = None) -> list[dict]:
    """Fairness: each member's share of the awards of its lot over the last 12 months (direct,
    competition and batch), members with none included, the lot's largest share first."""
    today = today or timezone.localdate()
    since = today - timedelta(days=365)
    members = Membership.objects.filter(status__in=[MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED])
    agreements = Agreement.objects.for_user(user).filter(created_at__date__gt=since, lot__isnull=False)
    if lot is not None:
        members, agreements = members.filter(lot=lot), agreements.filter(lot=lot)
    counts = {(lot_id, provider_id): n for lot_id, provider_id, n in agreements.values_list("lot_id", "provider_id")
              .annotate(n=Count("id"))}
    totals: dict[int, int] = {}
    for (lot_id, _), n in counts.items():
        totals[lot_id] = totals.get(lot_id, 0) + n
    rows = []
    for membership in members.select_related("provider", "lot__approved_list"):
        n = counts.get((membership.lot_id, membership.provider_id), 0)
        total = totals.get(membership.lot_id, 0)
        rows.append({"lot": membership.lot, "provider": membership.provider, "membership": membership,
                     "awards": n, "total": total,
                     "share": (Decimal(100) * n / total).quantize(Decimal("0.1")) if total else Decimal(0)})
    return sorted(rows, key=lambda r: (r["lot"].approved_list.reference, r["lot"].number, -r["awards"],
                                       r["provider"].name))


def competitions_to_score(*, user) -> QuerySet[Competition]:
    """Closed competitions whose offers wait for their scores (council staff only)."""
    if not is_council(user):
        return Competition.objects.none()
    return competition_scope(user=user).filter(status=CompetitionStatus.CLOSED).order_by("closed_at")


def offers_to_score(*, user) -> QuerySet[Offer]:
    """Submitted offers of closed competitions this evaluator has not yet scored on every question."""
    if not is_council(user):
        return Offer.objects.none()
    mine = (OfferScore.objects.filter(offer=OuterRef("pk"), evaluator=user).values("offer")
            .annotate(c=Count("id")).values("c"))
    asked = (CompetitionQuestion.objects.filter(competition=OuterRef("competition")).values("competition")
             .annotate(c=Count("id")).values("c"))
    return (Offer.objects.for_user(user).filter(competition__status=CompetitionStatus.CLOSED,
                                                status=OfferStatus.SUBMITTED)
            .annotate(mine=Coalesce(Subquery(mine), 0), asked=Coalesce(Subquery(asked), 0))
            .filter(mine__lt=F("asked")))


def offers_to_moderate(*, user) -> QuerySet[Offer]:
    """Submitted offers of closed, moderated competitions without their agreed scores yet."""
    if not is_council(user):
        return Offer.objects.none()
    return (Offer.objects.for_user(user).filter(competition__status=CompetitionStatus.CLOSED,
                                                competition__moderated=True, status=OfferStatus.SUBMITTED)
            .filter(moderated_scores__isnull=True, scores__isnull=False).distinct())


def scoring_sheet(*, user, competition: Competition) -> list[dict]:
    """For the evaluator: each offer's answers to each question, blind to price, with this
    evaluator's own score, the count of others' scores and the moderated score."""
    offers = list(Offer.objects.for_user(user).filter(competition=competition, status__in=SHOWN_OFFERS)
                  .select_related("provider").order_by("pk"))
    questions = list(competition.questions.all())
    answers = {(a.offer_id, a.question_id): a.text for a in OfferAnswer.objects.for_user(user).filter(offer__in=offers)}
    mine = {(s.offer_id, s.question_id): s for s in OfferScore.objects.for_user(user).filter(offer__in=offers,
                                                                                            evaluator=user)}
    everyone: dict[tuple[int, int], list[OfferScore]] = {}
    for score in OfferScore.objects.for_user(user).filter(offer__in=offers).select_related("evaluator"):
        everyone.setdefault((score.offer_id, score.question_id), []).append(score)
    agreed = {(m.offer_id, m.question_id): m for m in OfferModeratedScore.objects.for_user(user)
              .filter(offer__in=offers)}
    sheet = []
    for number, offer in enumerate(offers, start=1):
        sheet.append({"offer": offer, "label": f"Offer {number}", "rows": [
            {"question": q, "answer": answers.get((offer.pk, q.pk), offer.outcome_answers if len(questions) == 1
                                                  else ""),
             "mine": mine.get((offer.pk, q.pk)), "scored_by": len(everyone.get((offer.pk, q.pk), [])),
             "agreed": agreed.get((offer.pk, q.pk)), "all_scores": everyone.get((offer.pk, q.pk), [])}
            for q in questions]})
    return sheet


def request_rows(*, user, status: str = "", mine: bool = False, lot_id: str = "") -> QuerySet[CareRequest]:
    """The requests list and its CSV, filtered the same way."""
    rows = request_scope(user=user).order_by("-created_at")
    if mine:
        rows = rows.filter(requested_by=user)
    if status in RequestStatus.values:
        rows = rows.filter(status=status)
    if lot_id.isdigit():
        rows = rows.filter(lot_id=int(lot_id))
    return rows


def agreement_rows(*, user, status: str = "") -> QuerySet[Agreement]:
    """The agreements list and its CSV, filtered the same way."""
    rows = agreement_scope(user=user).order_by("-created_at")
    if status in AgreementStatus.values:
        rows = rows.filter(status=status)
    return rows


def work_counts(*, user) -> dict[str, int]:
    """What waits for this person in brokerage, by kind (a few COUNT queries)."""
    role = getattr(user, "role", None)
    counts: dict[str, int] = {}
    if role == "broker":
        counts["to_place"] = CareRequest.objects.for_user(user).filter(status=RequestStatus.NEW).count()
        counts["closing_soon"] = Competition.objects.for_user(user).filter(
            status=CompetitionStatus.OPEN, closes_at__lte=timezone.now() + timedelta(hours=24)).count()
        counts["to_award"] = Competition.objects.for_user(user).filter(status=CompetitionStatus.RANKED).count()
        counts["to_rank"] = Competition.objects.for_user(user).filter(status=CompetitionStatus.CLOSED).count()
    elif role == "social_worker":
        counts["mine_unmet"] = CareRequest.objects.for_user(user).filter(
            requested_by=user, status__in=[RequestStatus.UNMET, RequestStatus.WAIVER_PENDING]).count()
    elif role in ("evaluator", "procurement_officer"):
        counts["to_score"] = offers_to_score(user=user).count()
        if role == "procurement_officer":
            counts["to_moderate"] = offers_to_moderate(user=user).count()
    elif role == "provider_user" and provider_of(user):
        counts["opportunities"] = Competition.objects.for_user(user).filter(
            status=CompetitionStatus.OPEN, closes_at__gt=timezone.now()).exclude(
            invites__provider_id=user.provider_id, invites__declined_at__isnull=False).exclude(
            offers__provider_id=user.provider_id, offers__status=OfferStatus.SUBMITTED).count()
        counts["agreements"] = Agreement.objects.for_user(user).filter(status=AgreementStatus.OFFERED).count()
    return counts


def lots_with_requests(*, user) -> QuerySet[Lot]:
    """Lots some request was made on, for the requests list's filter."""
    return Lot.objects.filter(care_requests__in=CareRequest.objects.for_user(user)).distinct().select_related(
        "approved_list").order_by("approved_list__reference", "number")


def lots_with_members() -> list[Lot]:
    """Lots with members, for the fairness view's filter."""
    return list(Lot.objects.filter(memberships__isnull=False).distinct().select_related("approved_list")
                .order_by("approved_list__reference", "number"))


def reserve_lots(request: CareRequest) -> QuerySet[Lot]:
    """The reserve lots the request's lot sends unplaced requests to (procurement.selectors)."""
    return reserve_lots_for(request.lot).select_related("approved_list")


def own_invites(*, user) -> QuerySet[CompetitionInvite]:
    """A provider's own invitations (council staff: every one)."""
    return CompetitionInvite.objects.for_user(user)


def competition_questions(*, user, competition: Competition) -> QuerySet[CompetitionQuestion]:
    """The outcome questions of a competition the user may see."""
    return CompetitionQuestion.objects.for_user(user).filter(competition=competition)


def offer_answers(*, user, offer: Offer) -> QuerySet[OfferAnswer]:
    """An offer's answers, for council staff or the provider that made it."""
    return OfferAnswer.objects.for_user(user).filter(offer=offer).select_related("question")


def price_limits_shown(competition: Competition) -> dict:
    """The lot's price limits for the request's unit, in pence (None where there is none)."""
    low, high = price_limits(competition.lot)
    return {"low": low, "high": high, "unit": "a week" if competition.request.counts_beds else "an hour"}
