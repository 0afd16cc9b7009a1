"""Reads of brokerage. Every one starts from a model's `for_user` queryset: providers see only what
was sent to them, and never a person's identity; council staff see everything. Eligibility and
ranking of providers for a request are reads too."""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from statistics import median

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from commissioning.accounts.roles import MarketArea
from commissioning.procurement.choices import MembershipStatus
from commissioning.procurement.models import Lot, Membership
from commissioning.providers.choices import CouncilRag, ProviderStatus, ServiceStatus
from commissioning.providers.models import Provider, Service

from .choices import URGENCY_ORDER, AgreementStatus, CompetitionStatus, OfferStatus, RequestStatus
from .domain.ranking import Candidate, distance_km, quality_score, rank, weekly_cost_pence
from .models import (
    Agreement,
    AllocationLine,
    AllocationRun,
    CareRequest,
    Competition,
    CompetitionInvite,
    Offer,
    OfferRevision,
)

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
    """Competitions open or closed and waiting for an award, the soonest deadline first."""
    return competition_scope(user=user).filter(
        status__in=[CompetitionStatus.OPEN, CompetitionStatus.CLOSED]).order_by("closes_at")


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




def queue(*, user, statuses=(RequestStatus.NEW,)) -> list[CareRequest]:
    """The broker's queue: by urgency (emergency first), then the longest wait."""
    requests = list(CareRequest.objects.for_user(user).filter(status__in=statuses).select_related(
        "person", "lot__approved_list", "service_type", "locality"))
    return sorted(requests, key=lambda r: (URGENCY_ORDER[r.urgency], r.waiting_since))


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
