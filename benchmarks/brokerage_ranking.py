"""Ranking the eligible providers for one request, through the service layer on PostgreSQL.

Builds a market of 1,000 providers on a list with 5 lots (every provider on the lot of the request,
and on some others), each with a home care branch, specialisms, a council RAG mark and 5,000 live
agreements using capacity; then times `services.eligible_providers` for one request. The baseline,
timed in the same run, is the same rules written the obvious way: a query per member. Targets:
median under 50 ms on a quiet 2-core machine, and at least 50x faster than the baseline measured in
the same run; the ratio decides, so a busy machine, which slows both, cannot turn a PASS into a
MISSED or the reverse (the absolute median is printed beside it). It also prints where one ranking's
time goes: each SQL query's time and the rest (Python). Ends with one summary line; exit 1 on MISSED.
Run by `make bench`; needs PostgreSQL (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/commissioning_bench, created and dropped here).
"""
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/commissioning_bench")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

PROVIDERS, LOTS, AGREEMENTS, RUNS, TARGET_MS, TARGET_RATIO = 1_000, 5, 5_000, 30, 50.0, 50.0


def recreate_database() -> None:
    import psycopg

    name = URL.rsplit("/", 1)[1]
    with psycopg.connect(URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def build_market():
    from django.core.management import call_command
    from django.utils import timezone

    from commissioning.accounts.models import User
    from commissioning.brokerage.models import Agreement, CareRequest, Person
    from commissioning.procurement.models import Application, ApprovedList, Lot, Membership
    from commissioning.providers.models import Locality, Provider, Service, ServiceType, Specialism

    call_command("migrate", verbosity=0)
    rng = random.Random(20261123)
    officer = User.objects.create(username="officer", role="procurement_officer")
    lead = User.objects.create(username="lead", role="lead_commissioner", market_area_id="home_care")
    broker = User.objects.create(username="broker", role="broker")
    approved_list = ApprovedList.objects.create(
        name="Home care", reference="BENCH", kind="dps", market_area="home_care", lead_commissioner=lead,
        start_date=date(2026, 4, 1), term_months=120, estimated_value_pence=1, status="open", created_by=officer)
    home_care = ServiceType.objects.get(code="home-care-standard")
    localities = list(Locality.objects.all())
    lots = []
    for number in range(1, LOTS + 1):
        lot = Lot.objects.create(approved_list=approved_list, number=number, title=f"Lot {number}")
        lot.service_types.set([home_care])
        lot.localities.set(localities)
        lots.append(lot)
    providers = Provider.objects.bulk_create([
        Provider(name=f"Provider {i}", legal_name=f"Provider {i} Ltd") for i in range(PROVIDERS)])
    services = Service.objects.bulk_create([
        Service(provider=p, name=f"{p.name} branch", address_line_1="1 High Street", town="Derby", postcode="DE1 1BX",
                latitude=Decimal("52.9") + Decimal(rng.randint(-400, 400)) / 10_000,
                longitude=Decimal("-1.48") + Decimal(rng.randint(-600, 600)) / 10_000,
                locality=rng.choice(localities), hours_per_week=rng.randint(150, 900),
                cqc_rating=rng.choice(["good", "good", "outstanding", "requires_improvement"]),
                council_rag=rng.choice(["green", "green", "green", "amber", "red", ""]))
        for p in providers])
    Service.service_types.through.objects.bulk_create([
        Service.service_types.through(service_id=s.pk, servicetype_id=home_care.pk) for s in services])
    dementia = Specialism.objects.get(code="dementia")
    Service.specialisms.through.objects.bulk_create([
        Service.specialisms.through(service_id=s.pk, specialism_id=dementia.pk) for s in services
        if rng.random() < 0.7])
    applications = Application.objects.bulk_create([
        Application(approved_list=approved_list, provider=p, status="decided", decision_due=date(2026, 5, 1),
                    weighted_score=Decimal(rng.randint(55, 100))) for p in providers])
    admitted = timezone.localdate() - timedelta(days=100)
    memberships = []
    for provider, application in zip(providers, applications, strict=True):
        for lot in [lots[0], *rng.sample(lots[1:], 2)]:
            memberships.append(Membership(
                lot=lot, provider=provider, application=application, admitted_on=admitted,
                rate_pence=rng.randint(1950, 2650),
                status="suspended" if rng.random() < 0.03 else "active"))
    Membership.objects.bulk_create(memberships)
    person = Person.objects.create(reference="P-1", name="Bench Person", date_of_birth=date(1940, 1, 1),
                                   address="1 Friar Gate", postcode="DE1 1BX")
    request = CareRequest.objects.create(
        person=person, requested_by=broker, needs="Help each morning", outcomes="Stay at home", lot=lots[0],
        service_type=home_care, hours_per_week=Decimal(10), postcode="DE22 1GB", locality=localities[0],
        latitude=Decimal("52.93"), longitude=Decimal("-1.49"), start_date=date(2027, 1, 4), budget_pence=40_000,
        waiting_since=timezone.now())
    request.specialisms.set([dementia])
    people = Person.objects.bulk_create([
        Person(reference=f"P-{i + 2}", name="Placed Person", date_of_birth=date(1940, 1, 1), address="1 Friar Gate",
               postcode="DE1 1BX") for i in range(AGREEMENTS)], batch_size=1000)
    placed = CareRequest.objects.bulk_create([
        CareRequest(person=p, requested_by=broker, needs="Care", outcomes="Home", lot=lots[0], service_type=home_care,
                    hours_per_week=Decimal(rng.choice([5, 7, 10])), postcode="DE1 1BX", locality=localities[0],
                    start_date=date(2026, 6, 1), budget_pence=40_000, status="placed", waiting_since=timezone.now())
        for p in people], batch_size=1000)
    Agreement.objects.bulk_create([
        Agreement(request=r, person=r.person, provider_id=s.provider_id, service=s, lot=lots[0], route="direct",
                  awarded_by=broker, rate_pence=2200, hours_per_week=r.hours_per_week, start_date=date(2026, 6, 1),
                  weekly_cost_pence=22_000, status="accepted")
        for r, s in zip(placed, rng.choices(services, k=AGREEMENTS), strict=True)], batch_size=1000)
    return request


def row_by_row(request):
    """The same eligibility and ranking, written the obvious way: queries per member."""
    from django.db.models import Sum
    from django.utils import timezone

    from commissioning.brokerage.domain.ranking import Candidate, distance_km, quality_score, rank
    from commissioning.brokerage.models import Agreement
    from commissioning.procurement.models import Membership

    needed = set(request.specialisms.values_list("pk", flat=True))
    found = []
    for membership in Membership.objects.filter(lot=request.lot):
        if (membership.status != "active" or membership.admitted_on > timezone.localdate()
                or membership.rate_pence is None or membership.provider.status != "active"
                or membership.provider.new_placements_suspended):
            continue
        best = None
        for service in membership.provider.services.all():
            if service.status != "active" or service.council_rag == "red":
                continue
            if not service.service_types.filter(pk=request.service_type_id).exists():
                continue
            if not needed <= set(service.specialisms.values_list("pk", flat=True)):
                continue
            used = Agreement.objects.filter(service=service, status__in=["offered", "accepted"]).aggregate(
                total=Sum("hours_per_week"))["total"] or 0
            if service.hours_per_week - used < request.weekly_hours:
                continue
            d = distance_km(request.latitude, request.longitude, service.latitude, service.longitude)
            if best is None or d < best[1]:
                best = (service, d)
        if best:
            found.append(Candidate(key=membership.provider_id, price_pence=membership.rate_pence,
                                   quality=quality_score(membership.application.weighted_score, best[0].cqc_rating),
                                   distance_km=best[1]))
    return rank(found, request.lot.approved_list.quality_weight)


def timed(fn, runs):
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def where_the_time_goes(request) -> None:
    """One ranking under a query recorder: each query's time, then what is left (Python)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commissioning.brokerage import services

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        services.eligible_providers(request)
        total_ms = (time.perf_counter() - started) * 1000
    sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    print(f"one ranking: {total_ms:.1f} ms, of which {len(captured.captured_queries)} queries {sql_ms:.1f} ms "
          f"and Python {total_ms - sql_ms:.1f} ms")
    for q in captured.captured_queries:
        print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:110]}")


def main() -> int:
    try:
        recreate_database()
    except Exception as error:  # noqa: BLE001 - say why, then fail the benchmark
        print(f"brokerage_ranking: PostgreSQL not reachable at {URL} ({error}); MISSED")
        return 1
    import django

    django.setup()
    from django.db import connection

    from commissioning.brokerage import services

    started = time.perf_counter()
    request = build_market()
    with connection.cursor() as cursor:
        # A live database has statistics (autovacuum analyses tables as they grow); a table filled a
        # moment ago by bulk inserts has none, and the planner would pick plans for empty tables.
        cursor.execute("ANALYZE")
    print(f"market: {PROVIDERS:,} providers, {LOTS} lots, {AGREEMENTS:,} live agreements, "
          f"built in {time.perf_counter() - started:.1f} s on {connection.vendor}")
    services.eligible_providers(request)  # warm the connection and caches
    median_ms, ranked = timed(lambda: services.eligible_providers(request), RUNS)
    baseline_ms, baseline = timed(lambda: row_by_row(request), 3)
    same = [(e.provider.pk, e.rank) for e in ranked] == [(r.key, r.rank) for r in baseline]
    print(f"service layer: {len(ranked)} eligible of {PROVIDERS:,}, median {median_ms:.1f} ms over {RUNS} runs")
    print(f"query per member baseline: median {baseline_ms:.0f} ms over 3 runs; same ranking: {same}")
    where_the_time_goes(request)
    connection.close()
    ratio = baseline_ms / median_ms
    print(f"ratio: the service layer is {ratio:.0f}x faster than the query-per-member baseline in this run "
          f"(must be at least {TARGET_RATIO:.0f}x); median {median_ms:.1f} ms (under {TARGET_MS:.0f} ms on a quiet "
          f"2-core machine: {'met' if median_ms < TARGET_MS else 'not met'} in this run)")
    passed = same and ratio >= TARGET_RATIO
    print(f"brokerage_ranking: {len(ranked)} eligible of {PROVIDERS:,} providers, 5 lots, in {median_ms:.1f} ms median "
          f"(target {TARGET_MS:.0f} ms on a quiet machine); {ratio:.0f}x the query-per-member baseline "
          f"(target {TARGET_RATIO:.0f}x); same ranking: {'yes' if same else 'no'}; {'PASS' if passed else 'MISSED'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
