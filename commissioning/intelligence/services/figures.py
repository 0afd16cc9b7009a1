"""The market read model: every figure of demand, supply and vacancies worked out in one refresh.

A refresh reads the other apps through their selectors, as a council reader (the nightly job has no
person behind it; tenancy is still applied by each `for_user`), and replaces every stored figure in
one transaction, so a page never shows half of an old refresh and half of a new one.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Aggregate, Count, F, FloatField, Q
from django.db.models.functions import Extract
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.accounts.selectors import market_names
from commissioning.core.audit import Action, Source, audit_record
from commissioning.core.jobs import JobOutcome, job_enqueue
from commissioning.providers.choices import CouncilRag, CqcRating

from ..domain.forecast import age_band, forecast, read_projection, totals
from ..domain.market import concentration_label, hhi, largest_share
from ..models import Figure, FigureSnapshot, VacancyReturn
from .analysis import analysis_figures

# Figures kept a day at a time, so their trend can be drawn (supply trends, the cycle view).
TRACKED = ("supply.cqc_mix", "supply.rag_mix", "supply.beds", "supply.hours", "supply.exits", "demand.placed",
           "demand.waiting", "demand.unmet", "gaps.out_of_area", "vacancies.vacant")

REGISTER = "The platform's provider register"
BROKERAGE = "The platform's placed packages (accepted agreements)"
RETURNS = "Providers' weekly bed returns in the portal"
ONS = "ONS 2022-based subnational population projections (persons, migration category variant), OGL v3.0"


class CouncilReader:
    """Who a refresh reads as: council staff, so each app's `for_user` gives it the whole market."""

    is_authenticated = True
    is_active = True
    is_council_staff = True
    role = Role.HEAD_OF_COMMISSIONING
    provider_id = None
    provider = None
    pk = None


def population_file() -> Path:
    """The ONS projection the forecast uses: INTELLIGENCE_POPULATION_FILE, else the shared data folder."""
    configured = getattr(settings, "INTELLIGENCE_POPULATION_FILE", "")
    return Path(configured) if configured else (
        settings.BASE_DIR.parent / "shared" / "data" / "ons" / "snpp2022_derby_persons_single_year_of_age.csv")


def _age(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _market_label(code: str) -> str:
    return market_names().get(code, code) or "No market"


def compute_figures(*, today: date | None = None) -> list[dict]:
    """Every figure of the read model as plain data: the key, label, value, unit, date, source and detail."""
    from commissioning.brokerage import selectors as brokerage
    from commissioning.providers import selectors as providers

    today = today or timezone.localdate()
    reader = CouncilReader()
    figures: list[dict] = []

    def add(key, section, label, value, unit, source, detail=None, as_of=today):
        figures.append({"key": key, "section": section, "label": label, "value": value, "unit": unit,
                        "as_of": as_of, "source": source, "detail": detail or {}})

    # Demand: people in placed packages by age band and market, and the brokerage queue. Counted by the
    # database in groups (a city holds tens of thousands of agreements), only the age bands in Python.
    placed = brokerage.agreement_scope(user=reader).filter(status="accepted")
    people_by_band: Counter = Counter()
    by_market: Counter = Counter()
    by_locality: Counter = Counter()
    for born, n in _grouped(placed, "person__date_of_birth"):
        band = age_band(_age(born, today)) if born else None
        if band:
            people_by_band[band] += n
    for market, n in _grouped(placed, "request__service_type__market_area"):
        by_market[market or ""] += n
    for locality, n in _grouped(placed, "service__locality__name"):
        by_locality[locality or "No locality"] += n
    add("demand.placed", "demand", "People in a placed package", sum(by_market.values()), "people", BROKERAGE,
        {"by_market": [{"market": _market_label(k), "people": v} for k, v in sorted(by_market.items())],
         "by_locality": [{"locality": k, "people": v} for k, v in sorted(by_locality.items())],
         "by_band": [{"band": k, "people": v} for k, v in sorted(people_by_band.items())]})
    high_cost = getattr(settings, "INTELLIGENCE_HIGH_COST_WEEKLY_PENCE", 150_000)
    add("demand.high_cost", "demand", "Placed packages costing £1,500 a week or more" if high_cost == 150_000 else
        "High-cost placed packages", placed.filter(weekly_cost_pence__gte=high_cost).count(), "people", BROKERAGE)
    queue = _queue(reader)
    add("demand.unmet", "demand", "Requests waiting as unmet need", queue["unmet_total"], "people",
        "The platform's brokerage queue", {"rows": [
            {"market": r["market_label"], "locality": r["locality"], "unmet": r["unmet"], "waiting": r["waiting"],
             "median_days": r["median_days"]} for r in queue["rows"]]})
    add("demand.waiting", "demand", "Requests being sourced", queue["waiting_total"], "people",
        "The platform's brokerage queue")

    # Forecast: today's rate per age band times the ONS projection.
    path = population_file()
    if path.exists():
        projection = read_projection(path.read_text(encoding="utf-8"))
        points = totals(forecast(dict(people_by_band), projection, years=max(10, today.year + 10 -
                                                                             projection.base_year)))
        ten = next((p for p in points if p.year == today.year + 10), points[-1] if points else None)
        add("demand.forecast", "demand", f"People needing a placed package in {ten.year if ten else ''}",
            ten.central if ten else None, "people", ONS + "; " + BROKERAGE,
            {"points": [{"year": p.year, "central": str(p.central), "low": str(p.low), "high": str(p.high)}
                        for p in points], "area": projection.area_name, "base_year": projection.base_year},
            as_of=date(ten.year, 6, 30) if ten else today)

    # Supply: capacity by market and locality, ratings mix, concentration.
    services = providers.service_list(user=reader).filter(status="active").prefetch_related(None).order_by()
    markets_of: dict[int, set] = defaultdict(set)
    for pk, market in services.values_list("pk", "service_types__market_area"):
        if market is not None:
            markets_of[pk].add(market)
    beds: dict[str, Counter] = defaultdict(Counter)
    hours: dict[str, Counter] = defaultdict(Counter)
    by_provider: dict[str, Counter] = defaultdict(Counter)
    cqc: Counter = Counter()
    rag: Counter = Counter()
    cqc_labels, rag_labels = dict(CqcRating.choices), dict(CouncilRag.choices)
    for pk, provider_name, locality, service_beds, service_hours, cqc_rating, council_rag in services.values_list(
            "pk", "provider__name", "locality__name", "beds", "hours_per_week", "cqc_rating", "council_rag"):
        locality = locality or "No locality"
        capacity = service_beds or service_hours or 0
        for market in markets_of.get(pk) or {""}:
            if service_beds:
                beds[market][locality] += service_beds
            if service_hours:
                hours[market][locality] += service_hours
            by_provider[market][provider_name] += capacity
        cqc[cqc_labels.get(cqc_rating, cqc_rating) or "Not rated"] += 1
        rag[rag_labels.get(council_rag, council_rag) or "Not yet rated by the council"] += 1
    add("supply.beds", "supply", "Beds in the register", sum(sum(c.values()) for c in beds.values()), "beds",
        REGISTER, {"rows": [{"market": _market_label(m), "locality": loc, "beds": n}
                            for m, c in sorted(beds.items()) for loc, n in sorted(c.items())]})
    add("supply.hours", "supply", "Care hours a week in the register", sum(sum(c.values()) for c in hours.values()),
        "hours", REGISTER, {"rows": [{"market": _market_label(m), "locality": loc, "hours": n}
                                     for m, c in sorted(hours.items()) for loc, n in sorted(c.items())]})
    add("supply.cqc_mix", "supply", "Services rated Good or Outstanding by CQC",
        _percent(cqc["Good"] + cqc["Outstanding"], sum(cqc.values())), "percent", REGISTER,
        {"rows": [{"rating": k, "services": v} for k, v in sorted(cqc.items())]})
    add("supply.rag_mix", "supply", "Services the council rates Red", rag["Red"], "count", REGISTER,
        {"rows": [{"rating": k, "services": v} for k, v in sorted(rag.items())]})
    for market, capacity in sorted(by_provider.items()):
        if not market:
            continue
        index = hhi(capacity)
        add(f"supply.hhi.{market}", "supply", f"Provider concentration (HHI), {_market_label(market)}", index,
            "index", REGISTER, {"label": concentration_label(index), "providers": len(capacity),
                                "largest_share": str(largest_share(capacity) or ""),
                                "largest_three_share": str(largest_share(capacity, top=3) or "")})

    # Vacancies: the latest week's returns.
    week = today - timedelta(days=today.weekday())
    returns = VacancyReturn.objects.for_user(reader).filter(week_start=week)
    vacant = sum(r.beds_vacant for r in returns)
    add("vacancies.vacant", "vacancies", "Vacant beds this week", vacant, "beds", RETURNS,
        {"returns": returns.count(), "late": returns.filter(late=True).count(),
         "maximum": sum(r.beds_maximum for r in returns), "occupied": sum(r.beds_occupied for r in returns)},
        as_of=week)

    analysis_figures(reader=reader, today=today, add=add)
    from .direct_payments import direct_payment_figures

    direct_payment_figures(reader=reader, today=today, add=add, market_label=_market_label)
    return figures


def _grouped(queryset, field: str) -> list[tuple]:
    """(value, how many) of a field across a queryset, counted by the database."""
    return list(queryset.order_by().values_list(field).annotate(n=Count("id")).values_list(field, "n"))


class _Median(Aggregate):
    """PostgreSQL's median (percentile_cont 0.5) of seconds."""

    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _queue(reader) -> dict:
    """Brokerage's dashboard figures (unmet need, requests being sourced, median days to source by market and
    locality). On PostgreSQL they are counted in one grouped query, as the dashboard counts them; elsewhere the
    dashboard itself, which reads every request, gives them."""
    from commissioning.brokerage import selectors as brokerage
    from commissioning.brokerage.choices import RequestStatus

    if connection.vendor != "postgresql":
        return brokerage.dashboard(user=reader)
    waiting = [RequestStatus.NEW, RequestStatus.IN_COMPETITION, RequestStatus.AWARDED, RequestStatus.WAIVER_PENDING]
    groups = (brokerage.request_scope(user=reader).order_by()
              .values_list("service_type__market_area", "locality__name")
              .annotate(unmet=Count("id", filter=Q(status=RequestStatus.UNMET)),
                        waiting=Count("id", filter=Q(status__in=waiting)), placed=Count("sourced_at"),
                        seconds=_Median(Extract(F("sourced_at") - F("created_at"), "epoch"),
                                        filter=Q(sourced_at__isnull=False)))
              .values_list("service_type__market_area", "locality__name", "unmet", "waiting", "placed", "seconds"))
    names = market_names()
    rows = [{"market": market, "market_label": names.get(market, ""), "locality": locality, "placed": placed,
             "median_days": round(seconds / 86400, 1) if seconds is not None else None, "unmet": unmet,
             "waiting": waiting_count}
            for market, locality, unmet, waiting_count, placed, seconds in sorted(groups, key=lambda g: g[:2])
            if unmet or waiting_count or placed]
    return {"rows": rows, "unmet_total": sum(r["unmet"] for r in rows),
            "placed_total": sum(r["placed"] for r in rows), "waiting_total": sum(r["waiting"] for r in rows)}


def _percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


def figures_refresh(*, by=None, today: date | None = None) -> int:
    """Work out every figure and replace the stored ones in one transaction, keeping today's snapshot of
    the tracked ones (the day's last refresh wins); returns how many figures."""
    today = today or timezone.localdate()
    computed = compute_figures(today=today)
    now = timezone.now()
    with transaction.atomic():
        Figure.objects.all().delete()
        Figure.objects.bulk_create([Figure(refreshed_at=now, **f) for f in computed])
        FigureSnapshot.objects.filter(taken_on=today, key__in=TRACKED).delete()
        FigureSnapshot.objects.bulk_create([
            FigureSnapshot(taken_on=today, key=f["key"], value=f["value"], detail=f["detail"])
            for f in computed if f["key"] in TRACKED])
    return len(computed)


def figures_refresh_job(job) -> JobOutcome:
    """The job's work: refresh the read model and say how many figures it holds."""
    count = figures_refresh()
    audit_record(actor=job.started_by, action=Action.UPDATED, obj=job, source=Source.JOB,
                 note=f"Market figures refreshed: {count}")
    return JobOutcome(f"Refreshed {count} market figures.", "/intelligence/market/")


def figures_refresh_start(*, by) -> object:
    """Ask for a refresh now, as a job (pages keep showing the last figures until it finishes)."""
    from ..tasks import refresh_figures_job

    with transaction.atomic():
        return job_enqueue(task=refresh_figures_job, kind="market_refresh", title="Refresh of the market figures",
                           by=by, provider=None, result_url="/intelligence/market/")
