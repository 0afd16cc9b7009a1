"""Reads of brokerage. Every one starts from a model's `for_user` queryset: providers see only what
was sent to them, and never a person's identity; council staff see everything. Eligibility and
ranking of providers for a request are reads too."""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from statistics import median

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Case, Count, F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from commissioning.accounts.selectors import market_names
from commissioning.procurement.choices import MembershipStatus
from commissioning.procurement.models import Lot, Membership
from commissioning.procurement.selectors import price_limits, reserve_lots_for
from commissioning.providers.choices import CouncilRag, ProviderStatus, ServiceStatus
from commissioning.providers.models import Provider, Service
from commissioning.quality.standing import Standing, add_concern_stages, standing_for, standing_from, standing_sql

from .choices import URGENCY_ORDER, AgreementStatus, CompetitionStatus, OfferStatus, RequestStatus
from .domain.ranking import Candidate, distances_from, quality_score, rank, weekly_cost_pence
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
FAR = Decimal("1e9")  # a service without a location sorts after every located one


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
    """A provider able to take the package, with the service that would deliver it and its ranking.

    Built from plain rows: `provider` and `service` become model instances (holding only the columns
    read) the first time something asks for them, so ranking a thousand members builds no objects."""

    provider_id: int
    provider_name: str
    service_row: tuple  # (pk, name, latitude, longitude, cqc_rating)
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

    @cached_property
    def provider(self) -> Provider:
        return Provider.from_db(DEFAULT_DB_ALIAS, ["id", "name"], [self.provider_id, self.provider_name])

    @cached_property
    def service(self) -> Service:
        pk, name, latitude, longitude, rating = self.service_row
        return Service.from_db(DEFAULT_DB_ALIAS, ["id", "provider_id", "name", "latitude", "longitude", "cqc_rating"],
                               [pk, self.provider_id, name, latitude, longitude, rating])


def capacity_used(services, *, counts_beds: bool) -> dict[int, Decimal]:
    """Hours (or beds) already committed at each of `services` (ids or a queryset) by live agreements."""
    live = Agreement.objects.filter(service_id__in=services, status__in=LIVE_AGREEMENTS)
    if counts_beds:
        rows = live.values_list("service_id").annotate(used=Count("id"))
    else:
        rows = live.values_list("service_id").annotate(used=Sum("hours_per_week"))
    return {service_id: Decimal(used or 0) for service_id, used in rows}


def _eligible_sql(*, counts_beds: bool) -> str:
    """The candidate services of one request, joined to their membership of its lot, with the
    capacity committed at each and the provider's standing; parameters in `_eligible_params` order."""
    room, committed = ("s.beds", "COUNT(*)") if counts_beds else ("s.hours_per_week", "SUM(g.hours_per_week)")
    standing, _ = standing_sql("s.provider_id")
    return f"""
    SELECT s.id, s.provider_id, s.name, s.latitude, s.longitude, {room}, s.cqc_rating, COALESCE(used.total, 0),
           m.id, m.rate_pence, a.weighted_score, p.name, {standing}
    FROM providers_service s
    JOIN providers_provider p ON p.id = s.provider_id
    JOIN procurement_membership m ON m.provider_id = s.provider_id
    LEFT JOIN procurement_application a ON a.id = m.application_id
    LEFT JOIN (SELECT g.service_id, {committed} AS total FROM brokerage_agreement g
               WHERE g.status IN (%s, %s) GROUP BY g.service_id) used ON used.service_id = s.id
    WHERE m.lot_id = %s AND m.status = %s AND m.admitted_on <= %s AND m.rate_pence IS NOT NULL
      AND p.status = %s AND p.new_placements_suspended = %s AND s.status = %s AND s.council_rag <> %s
      AND EXISTS (SELECT 1 FROM procurement_lot_localities ll WHERE ll.lot_id = m.lot_id AND ll.locality_id = %s)
      AND EXISTS (SELECT 1 FROM providers_service_service_types st
                  WHERE st.service_id = s.id AND st.servicetype_id = %s)
      AND NOT EXISTS (SELECT 1 FROM brokerage_carerequest_specialisms needed WHERE needed.carerequest_id = %s
                      AND NOT EXISTS (SELECT 1 FROM providers_service_specialisms has
                                      WHERE has.service_id = s.id AND has.specialism_id = needed.specialism_id))
    """  # noqa: S608 - only constants are joined; every value is a parameter


ELIGIBLE_SQL = {counts_beds: _eligible_sql(counts_beds=counts_beds) for counts_beds in (False, True)}


def _eligible_params(request: CareRequest, on: date) -> list:
    _, standing = standing_sql("s.provider_id")
    return [*standing, *LIVE_AGREEMENTS, request.lot_id, MembershipStatus.ACTIVE,
            connection.ops.adapt_datefield_value(on), ProviderStatus.ACTIVE, False, ServiceStatus.ACTIVE,
            CouncilRag.RED, request.locality_id, request.service_type_id, request.pk]


def _decimal(value) -> Decimal:
    """A numeric column as Decimal: PostgreSQL gives Decimal already, SQLite an int or a float."""
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def eligible_providers(request: CareRequest, *, on: date | None = None) -> list[Eligible]:
    """The members of the request's lot who can take it, ranked by quality, price and distance.

    Eligible: an active (not suspended) member admitted on or before `on`, on a lot covering the
    request's locality, provider active and not barred from new placements, with an active
    service of the requested type that has every specialism needed and the capacity left; the
    member has a tendered rate on the lot; the provider is not rated Red by the council on any
    of its services (quality.standing). Each carries its standing (RAG, open concern cases,
    contract reviews) for the broker to see.

    One query whatever the number of members (a second when some eligible provider has open
    concern cases), in portable SQL: the candidate services joined to their membership, with the
    capacity committed at each and their provider's standing. Python keeps each provider's nearest
    service with room and ranks plain rows (benchmarks/brokerage_ranking.py, ADR 0024)."""
    on = on or timezone.localdate()
    counts_beds = request.counts_beds
    hours = request.weekly_hours
    need = Decimal(1) if counts_beds else hours
    with connection.cursor() as cursor:
        cursor.execute(ELIGIBLE_SQL[counts_beds], _eligible_params(request, on))
        rows = cursor.fetchall()
    distance_to = distances_from(request.latitude, request.longitude)
    best: dict[int, tuple] = {}
    for row in rows:
        if row[12]:  # a service of the provider is rated Red: no new placements
            continue
        left = Decimal(row[5] or 0) - _decimal(row[7])
        if left < need:
            continue
        distance = distance_to(row[3], row[4])
        key = (FAR if distance is None else distance, -left)
        current = best.get(row[1])
        if current is None or key < current[0]:
            best[row[1]] = (key, row, left, distance)
    found = []
    for _, row, left, distance in best.values():
        pk, provider_id, name, lat, lon, _, rating, _, membership_id, rate, admission_score, provider_name = row[:12]
        cost = weekly_cost_pence(rate, counts_beds=counts_beds, hours_per_week=hours)
        found.append(Eligible(
            provider_id=provider_id, provider_name=provider_name,
            service_row=(pk, name, _decimal(lat) if lat is not None else None,
                         _decimal(lon) if lon is not None else None, rating),
            membership_id=membership_id, capacity_left=left, distance_km=distance,
            quality=quality_score(None if admission_score is None else _decimal(admission_score), rating),
            rate_pence=rate, weekly_cost_pence=cost, over_budget=cost > request.budget_pence,
            standing=standing_from(provider_id, *row[12:])))
    add_concern_stages({e.provider_id: e.standing for e in found})
    ranked = {r.key: r for r in rank([Candidate(key=e.provider_id, price_pence=e.rate_pence, quality=e.quality,
                                                distance_km=e.distance_km) for e in found],
                                     request.lot.approved_list.quality_weight)}
    for e in found:
        r = ranked[e.provider_id]
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
    keys = sorted(set(sourced) | set(unmet) | set(waiting), key=lambda k: (k[0] or "", k[1] or ""))
    names = market_names()
    table = []
    for key in keys:
        times = sourced.get(key, [])
        table.append({
            "market": key[0], "market_label": names.get(key[0], ""), "locality": key[1], "placed": len(times),
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
