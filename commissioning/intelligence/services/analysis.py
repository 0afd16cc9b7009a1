"""The analysis figures of the read model: gaps, out-of-area placements, exits and failures, the
platform's own unit costs, Oflog ranks, and what the head's cycle view shows (spend against budget,
what falls due, open reviews and late timetable tasks).

Worked out in the same refresh as demand and supply (`figures.compute_figures`), as the same council
reader, and stored as `Figure` rows; tracked figures are also kept a day at a time as `FigureSnapshot`s
so their trend can be drawn.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import BooleanField, Case, Count, DurationField, ExpressionWrapper, F, Q, Value, When
from django.utils import timezone

from commissioning.accounts.selectors import market_names

from ..domain.gaps import PLACED, UNMET, WAITING, cost_rows, distance_km, gap_rows, is_out_of_area, median_days
from ..domain.oflog import read_oflog
from ..models import ComparatorGroup, UnitCost, financial_year_label

REGISTER = "The platform's provider register"
BROKERAGE = "The platform's care requests and placed packages"
REQUESTS = "The platform's care requests, the provider register and the ONS postcode lookup (May 2025)"
AGREEMENTS = "The platform's placed packages (accepted agreements)"
HISTORY = "The provider register's status history"
OFLOG = "Office for Local Government adult social care measures, 2015-16 to 2022-23 (OGL v3.0)"
INVOICES = "Approved and paid invoices, and each market's budget (finance)"
CALENDAR = "The commissioning calendar (planning timetables, committee dates, list ends, contract meetings)"
QUALITY = "Quality assurance: contract reviews and action plans"
TIMETABLES = "Procurement timetables (planning)"

WAITING_STATUSES = {"new", "in_competition", "awarded", "waiver_pending"}
DUE_DAYS = 90


def _market(code: str) -> str:
    return market_names().get(code) or "No market"


def oflog_file() -> Path:
    """Oflog's measures: INTELLIGENCE_OFLOG_FILE, else the shared data folder."""
    configured = getattr(settings, "INTELLIGENCE_OFLOG_FILE", "")
    return Path(configured) if configured else (
        Path(settings.SHARED_DATA_DIR) / "oflog" / "oflog_adult_social_care_measures_by_la_2015_16_to_2022_23.csv")


def financial_year_of(day: date) -> int:
    """The year the financial year holding `day` starts (1 April)."""
    return day.year if day.month >= 4 else day.year - 1


def analysis_figures(*, reader, today: date, add) -> None:
    """Add every analysis figure through `add(key, section, label, value, unit, source, detail, as_of)`."""
    _gaps(reader, today, add)
    _out_of_area(reader, today, add)
    _exits(reader, today, add)
    _own_costs(reader, today, add)
    _oflog(today, add)
    _cycle(reader, today, add)


def _gaps(reader, today, add):
    from commissioning.brokerage import selectors as brokerage
    from commissioning.providers import selectors as providers

    # The database counts each cell's requests by status and works out each placed request's time to
    # source (a duration: no timestamps to read into Python); only the durations come back one by one.
    requests = brokerage.request_scope(user=reader).order_by()
    demand = []
    for locality, group, status, n in requests.exclude(status="placed").values_list(
            "locality__name", "client_group__name", "status").annotate(n=Count("id")):
        kind = UNMET if status == "unmet" else WAITING if status in WAITING_STATUSES else None
        if kind:
            demand.extend([(locality or "No locality", group or "", kind, None)] * n)
    for locality, group, took in requests.filter(status="placed").annotate(
            took=ExpressionWrapper(F("sourced_at") - F("created_at"), output_field=DurationField())
    ).values_list("locality__name", "client_group__name", "took"):
        demand.append((locality or "No locality", group or "", PLACED,
                       Decimal(took.total_seconds()) / 86400 if took is not None else None))
    supply = []
    services = providers.service_list(user=reader).filter(status="active").order_by()
    groups: dict[int, list[str]] = defaultdict(list)
    for service_id, group in services.filter(client_groups__isnull=False).values_list("pk", "client_groups__name"):
        groups[service_id].append(group)
    for service_id, locality, beds, hours in services.values_list("pk", "locality__name", "beds", "hours_per_week"):
        for group in groups.get(service_id) or [""]:
            supply.append((locality or "Outside the council's localities", group, beds or 0, hours or 0))
    rows = gap_rows(demand, supply)
    add("gaps.cells", "gaps", "Localities and client groups with unmet need or no service",
        sum(1 for r in rows if r["gap"]), "count", f"{BROKERAGE}; {REGISTER}", {"rows": rows})


def _out_of_area(reader, today, add):
    from commissioning.brokerage import selectors as brokerage
    from commissioning.providers import selectors as providers

    districts = [d for locality in providers.localities() for d in locality.districts]
    accepted = brokerage.agreement_scope(user=reader).filter(status="accepted").order_by()
    total = accepted.count()
    # Which services are outside the area is worked out once per service; only their packages are read.
    away = [pk for pk, postcode in providers.service_list(user=reader).order_by().values_list("pk", "postcode")
            if is_out_of_area((postcode or "").split(" ")[0], districts)]
    placed = accepted.filter(service_id__in=away).values_list(
        "service__name", "service__postcode", "service__latitude", "service__longitude", "provider__name",
        "request__latitude", "request__longitude", "request__service_type__market_area")
    cells: dict[tuple, list] = defaultdict(list)
    for name, postcode, lat, lon, provider, req_lat, req_lon, market in placed:
        district = (postcode or "").split(" ")[0]
        cells[(provider, name or "No service named", district, _market(market or ""))].append(
            distance_km((req_lat, req_lon), (lat, lon)))
    rows = [{"provider": p, "service": s, "district": d, "market": m, "people": len(km),
             "median_km": str(median_days([k for k in km if k is not None]) or "")}
            for (p, s, d, m), km in sorted(cells.items())]
    people = sum(r["people"] for r in rows)
    add("gaps.out_of_area", "gaps", "People placed with services outside the council's area", people, "people",
        REQUESTS, {"rows": rows, "placed": total,
                   "share": str((Decimal(people) * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP)) if total
                   else ""})


def _exits(reader, today, add):
    from commissioning.providers import selectors as providers
    from commissioning.providers.models import ProviderStatusEvent, ServiceStatusEvent

    since = today - timedelta(days=365)
    rows = []
    services = providers.service_list(user=reader)
    for event in (ServiceStatusEvent.objects.filter(service__in=services, to_status="closed", at__date__gte=since)
                  .select_related("service__provider")):
        rows.append({"on": timezone.localtime(event.at).date().isoformat(), "provider": event.service.provider.name,
                     "service": event.service.name, "what": "Service closed" if event.by_id else
                     "Service closed by the CQC import (deregistered)", "note": event.note})
    words = {"ceased": "Provider ceased trading (failed)", "inactive": "Provider made inactive"}
    for event in (ProviderStatusEvent.objects.filter(provider__in=providers.provider_list(user=reader),
                                                     to_status__in=list(words), at__date__gte=since)
                  .select_related("provider")):
        rows.append({"on": timezone.localtime(event.at).date().isoformat(), "provider": event.provider.name,
                     "service": "", "what": words[event.to_status], "note": event.note})
    rows.sort(key=lambda r: (r["on"], r["provider"]), reverse=True)
    kinds = Counter(r["what"] for r in rows)
    add("supply.exits", "supply", "Exits and failures in the last 12 months", len(rows), "count", HISTORY,
        {"rows": rows, "kinds": [{"what": k, "count": v} for k, v in sorted(kinds.items())],
         "since": since.isoformat()})


def _own_costs(reader, today, add):
    from commissioning.brokerage import selectors as brokerage

    # Packages of the same cost, support type, client group and market are counted together by the
    # database (with whether the person is 18 or over by year of birth, or not known), then expanded.
    adult = Q(person__date_of_birth__isnull=True) | Q(person__date_of_birth__lt=date(today.year - 17, 1, 1))
    grouped = brokerage.agreement_scope(user=reader).filter(status="accepted").order_by().annotate(
        adult=Case(When(adult, then=Value(True)), default=Value(False), output_field=BooleanField())
    ).values_list("request__service_type__name", "request__client_group__name", "weekly_cost_pence",
                  "request__service_type__market_area", "adult").annotate(n=Count("id"))
    placed = [(support, group, pence, market, is_adult) for support, group, pence, market, is_adult, n in grouped
              for _ in range(n)]
    rows = cost_rows((support, group, pence) for support, group, pence, _, _ in placed)
    care_homes = sorted(p for _, _, p, market, is_adult in placed if market == "care_homes" and is_adult)
    published = {}
    group = ComparatorGroup.objects.for_user(reader).first()
    year = UnitCost.objects.for_user(reader).order_by("-financial_year").values_list("financial_year", flat=True) \
        .first()
    if year is not None:
        found = dict(UnitCost.objects.for_user(reader).filter(
            financial_year=year, measure="Unit costs", provision="All", support_type="Long term",
            age_category="Age 18 and over", primary_support_reason="",
            delivery_mechanism="Residential and nursing care",
            area_code__in=[*([group.own_code] if group else []), "england"]).values_list("area_code", "value"))
        own = found.get(group.own_code) if group else None
        published = {"year": financial_year_label(year), "council": "" if own is None else str(own),
                     "england": str(found.get("england") or "")}
    care_homes_row = cost_rows(("care homes", "", p) for p in care_homes)
    overall = cost_rows(("all", "", pence) for _, _, pence, _, _ in placed)
    add("benchmarks.own_costs", "benchmarks", "Median weekly cost of a placed package",
        Decimal(overall[0]["median_pence"]) / 100 if overall else None, "pounds", AGREEMENTS,
        {"rows": rows, "published": published, "care_homes": care_homes_row[0] if care_homes_row else {}})


def _oflog(today, add):
    path = oflog_file()
    if not path.exists():
        return
    area = getattr(settings, "INTELLIGENCE_COUNCIL_AREA_CODE", "E06000015")
    histories = read_oflog(path.read_text(encoding="utf-8"), area_code=area)
    measures = [{"code": h.code, "measure": h.measure, "better": h.better, "years": [
        {"year": y.year, "value": str(y.value), "median": str(y.median), "rank": y.rank, "of": y.of,
         "against": y.against_median} for y in h.years]} for h in histories]
    above = sum(1 for h in histories if h.better == "higher" and h.latest.against_median == "above")
    add("benchmarks.oflog", "benchmarks", "Oflog measures where the council is better than the median", above,
        "count", OFLOG, {"measures": measures, "area_code": area,
                         "ranked": sum(1 for h in histories if h.better == "higher")})


def _cycle(reader, today, add):
    from commissioning.finance import selectors as finance
    from commissioning.planning import calendar
    from commissioning.planning import selectors as planning
    from commissioning.quality import selectors as quality

    year = financial_year_of(today)
    spend = finance.spend(year=year)
    markets = sorted(set(spend["by"]["market"]) | set(spend["budgets"]))
    rows = [{"market": _market(m), "spend_pence": spend["by"]["market"].get(m, 0),
             "budget_pence": spend["budgets"].get(m, 0)} for m in markets]
    start = date(year, 4, 1)
    elapsed = (Decimal((today - start).days + 1) * 100 / ((date(year + 1, 4, 1) - start).days)).quantize(
        Decimal("0.1"), ROUND_HALF_UP)
    add("cycle.spend", "cycle", f"Spend on purchased care, {financial_year_label(year)}",
        Decimal(spend["total"]) / 100, "pounds", INVOICES,
        {"rows": rows, "spend_pence": spend["total"], "budget_pence": sum(spend["budgets"].values()),
         "year": financial_year_label(year), "elapsed_percent": str(elapsed)})

    items = calendar.items(user=reader, start=today, end=today + timedelta(days=DUE_DAYS))
    kinds = Counter(str(i.kind.label) for i in items)
    add("cycle.due", "cycle", f"Dates falling due in the next {DUE_DAYS} days", len(items), "count", CALENDAR,
        {"rows": [{"on": i.on.isoformat(), "title": i.title, "kind": str(i.kind.label), "url": i.url,
                   "market": i.market_label} for i in items[:40]],
         "kinds": [{"kind": k, "count": v} for k, v in sorted(kinds.items())], "days": DUE_DAYS})

    reviews = quality.review_scope(user=reader).filter(status="open")
    by_market = Counter(_market(m) for m in reviews.values_list("market_area", flat=True))
    add("cycle.reviews", "cycle", "Contract reviews open", sum(by_market.values()), "count", QUALITY,
        {"rows": [{"market": k, "count": v} for k, v in sorted(by_market.items())],
         "overdue_plans": quality.overdue_plans(today=today, user=reader).count()})

    late = planning.tasks(user=reader).filter(actual_date__isnull=True, target_date__lt=today)
    add("cycle.late_tasks", "cycle", "Procurement timetable tasks past their target date", late.count(), "count",
        TIMETABLES, {"projects": sorted(set(late.values_list("project__name", flat=True)))[:20]})
