"""Which brokerage records a user may see. Providers see only what was sent to them, and never a
person's identity; council staff see everything."""
from datetime import timedelta
from statistics import median

from django.db.models import QuerySet

from commissioning.accounts.roles import COUNCIL_ROLES, MarketArea

from .choices import URGENCY_ORDER, RequestStatus
from .models import Agreement, CareRequest, Competition, Offer


def _is_council(user) -> bool:
    return user.role in COUNCIL_ROLES


def request_scope(*, user) -> QuerySet[CareRequest]:
    if not _is_council(user):
        return CareRequest.objects.none()
    return CareRequest.objects.select_related("person", "lot__approved_list", "service_type", "locality",
                                              "requested_by")


def competition_scope(*, user) -> QuerySet[Competition]:
    competitions = Competition.objects.select_related("request__service_type", "request__locality", "lot")
    if _is_council(user):
        return competitions
    return competitions.filter(invites__provider_id=user.provider_id)


def offer_scope(*, user) -> QuerySet[Offer]:
    offers = Offer.objects.select_related("competition", "provider")
    return offers if _is_council(user) else offers.filter(provider_id=user.provider_id)


def agreement_scope(*, user) -> QuerySet[Agreement]:
    agreements = Agreement.objects.select_related("person", "provider", "service", "lot", "request__service_type")
    return agreements if _is_council(user) else agreements.filter(provider_id=user.provider_id)


def queue(statuses=(RequestStatus.NEW,)) -> list[CareRequest]:
    """The broker's queue: by urgency (emergency first), then the longest wait."""
    requests = list(CareRequest.objects.filter(status__in=statuses).select_related(
        "person", "lot__approved_list", "service_type", "locality"))
    return sorted(requests, key=lambda r: (URGENCY_ORDER[r.urgency], r.waiting_since))


def dashboard() -> dict:
    """Time to source (request to accepted agreement) and unmet need, by market area and locality."""
    rows = CareRequest.objects.values_list("service_type__market_area", "locality__name", "status", "created_at",
                                           "sourced_at")
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
