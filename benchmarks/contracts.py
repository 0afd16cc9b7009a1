"""The contracts register at a large council's scale on PostgreSQL: 20,000 contracts with 200,000
call-offs, the register list with its filters and the one council view of a provider.

Builds (once; `--fresh` rebuilds) its own PostgreSQL database, `commissioning_bench_contracts`, migrated with
the reference data, and fills it in bulk: 600 providers; 2,000 approved lists (one lot each) whose
register entries are frameworks, and 18,000 contracts and grants held by one supplier each, spread
over the four directorates; 200,000 individual service agreements called off the lists (100 a list,
each for a person and a care request of its own), with a paid invoice line for every fourth. Then,
in one run, through the pages themselves (Django's test client in this process, so the time is the
server's: URL resolving, middleware, the filters, the queries and the template), signed in as a lead
commissioner:

- 200 register pages (`/contracts/`) with filters in turn: none, a department, a supplier, a status,
  ends within 12 months, a search, a department and a status, and a later page;
- 200 one council views of a provider (`/contracts/providers/<id>/`), of providers in turn;
- 200 pages of the register's open data (`/api/v1/ocds/contracts/`, OCDS): 100 pages of entries and
  100 pages of call-offs from cursors, chosen at random;

and the queries each page makes, which must be the same for every page of a kind (constant, however
many contracts or call-offs match). Each page is opened once before it is timed, so the filter form's
cached HTML (core.fragments) is warm: a filter value seen for the first time costs three queries more,
to render the lists of departments, suppliers and lead commissioners. The session's write of its
last-seen time (at most once a minute, three statements) is counted apart: it follows the clock, not
the data. The database's planner statistics are refreshed (`ANALYZE`) before measuring, as autovacuum
keeps them in service: straight after the bulk load they are missing, and PostgreSQL then plans the
open data pages' joins as if the tables were nearly empty (a page of list entries took 720 ms, 120 ms
with statistics). Targets: p95 under 300 ms for each page.

Ends with one summary line, `contracts: ...; PASS` or MISSED (exit 1).

    .venv/bin/python benchmarks/contracts.py [--fresh]
"""
import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import web  # noqa: E402 - the web benchmark's server helpers, shared

DATABASE = "commissioning_bench_contracts"
web.DATABASE = DATABASE
SERVER = web.SERVER
CONTRACTS, LISTS, CALL_OFFS_PER_LIST, PROVIDERS = 20_000, 2_000, 100, 600
PAGES, P95_MS = 200, 300


def build_database(fresh: bool) -> bool:
    """The benchmark's own database, migrated; True when it was made in this run."""
    made = web.create_database(DATABASE, fresh)
    web.manage("migrate", "--noinput", "-v0")
    web.manage("createcachetable")
    return made


def fill() -> float:
    """The register, its lists and their call-offs, made in bulk (seconds taken; 0 when already there)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from commissioning.brokerage.models import Agreement, CareRequest, Person
    from commissioning.contracts.models import Contract
    from commissioning.finance.models import Invoice, InvoiceLine, PaymentRun
    from commissioning.planning.models import Directorate
    from commissioning.procurement.models import ApprovedList, Lot
    from commissioning.providers.models import Locality, Provider, ServiceType

    if Contract.objects.count() == CONTRACTS:
        return 0.0
    started = time.perf_counter()
    rng = random.Random(15)
    users = get_user_model()
    lead = users.objects.filter(username="bench-lead").first() or users.objects.create_user(
        username="bench-lead", role="lead_commissioner", market_area_id="home_care", email="lead@bench.invalid")
    keeper = users.objects.filter(username="bench-admin").first() or users.objects.create_user(
        username="bench-admin", role="administrator", email="admin@bench.invalid")
    directorates = list(Directorate.objects.all()) or [Directorate.objects.create(name="Adult Social Care")]
    for name in ("Children's Services", "Public Health", "Housing"):
        if not any(d.name == name for d in directorates):
            directorates.append(Directorate.objects.create(name=name))
    Provider.objects.bulk_create([Provider(name=f"Bench Provider {n:04d}", legal_name=f"Bench Provider {n:04d} Ltd",
                                           companies_house_number=f"{20000000 + n:08d}") for n in range(PROVIDERS)])
    providers = list(Provider.objects.filter(name__startswith="Bench Provider").values_list("pk", flat=True))
    today = timezone.localdate()
    lists = ApprovedList.objects.bulk_create([ApprovedList(
        name=f"Bench list {n:04d}", reference=f"BENCH-L-{n:05d}", kind="dps", market_area_id="home_care",
        lead_commissioner=lead, start_date=today - timedelta(days=rng.randint(0, 1500)), term_months=60,
        estimated_value_pence=rng.randint(10**8, 10**10), status="open", created_by=keeper) for n in range(LISTS)])
    lots = Lot.objects.bulk_create([Lot(approved_list=lst, number=1, title="Lot 1") for lst in lists])
    rows = []
    for n, lst in enumerate(lists):
        rows.append(Contract(
            reference=lst.reference, title=lst.name, directorate=directorates[n % len(directorates)],
            value_pence=lst.estimated_value_pence, annual_value_pence=lst.estimated_value_pence // 5,
            start_date=lst.start_date, end_date=lst.end_date, procedure="invitation_to_tender",
            lead_commissioner=lead, status="live", approved_list=lst))
    for n in range(CONTRACTS - LISTS):
        start = today - timedelta(days=rng.randint(0, 1500))
        value = rng.randint(5_000_00, 5_000_000_00)
        rows.append(Contract(
            reference=f"BENCH-C-{n:06d}", title=f"Bench contract {n:06d}", directorate=rng.choice(directorates),
            supplier_id=rng.choice(providers), kind=rng.choice(["contract", "contract", "grant"]), value_pence=value,
            annual_value_pence=value // 3, start_date=start, end_date=start + timedelta(days=rng.randint(365, 2000)),
            procedure=rng.choice(["invitation_to_quote", "invitation_to_tender", "other"]),
            supplier_is_sme=rng.random() < 0.4, lead_commissioner=lead,
            status=rng.choice(["live", "live", "live", "ended", "planned"])))
    Contract.objects.bulk_create(rows, batch_size=5000)
    service_type, locality = ServiceType.objects.first(), Locality.objects.first()
    run = PaymentRun.objects.create(kind="weekly", period_end=today, key=f"bench:{today}", created_by=keeper)
    invoices = {pk: Invoice(provider_id=pk, kind="actuals", period_start=today - timedelta(days=6), period_end=today,
                            status="paid", payment_run=run) for pk in providers}
    Invoice.objects.bulk_create(invoices.values())
    count = 0
    for lot_chunk in (lots[i:i + 100] for i in range(0, len(lots), 100)):
        people = Person.objects.bulk_create([Person(
            reference=f"BP-{count + i:07d}", name="Bench Person", date_of_birth=date(1940, 1, 1), address="1 Road",
            postcode="DE1 1BX") for i in range(len(lot_chunk) * CALL_OFFS_PER_LIST)])
        pairs = [(lot, people[j * CALL_OFFS_PER_LIST + k]) for j, lot in enumerate(lot_chunk)
                 for k in range(CALL_OFFS_PER_LIST)]
        requests = CareRequest.objects.bulk_create([CareRequest(
            person=person, requested_by=keeper, needs="Bench", outcomes="Bench", lot=lot, service_type=service_type,
            hours_per_week=10, postcode="DE1 1BX", locality=locality, start_date=lot.approved_list.start_date,
            budget_pence=50_000, status="placed", waiting_since=timezone.now()) for lot, person in pairs])
        agreements = Agreement.objects.bulk_create([Agreement(
            request=care, person=care.person, provider_id=rng.choice(providers), lot=care.lot, route="direct",
            awarded_by=keeper, rate_pence=2200, hours_per_week=10,
            start_date=care.start_date + timedelta(days=rng.randint(0, 300)),
            weekly_cost_pence=rng.randint(100_00, 2_000_00), status=rng.choice(["accepted", "accepted", "ended"]))
            for care in requests])
        InvoiceLine.objects.bulk_create([InvoiceLine(
            invoice=invoices[a.provider_id], agreement=a, description="Bench visits",
            amount_pence=rng.randint(100_00, 900_00)) for a in agreements[::4]])
        count += len(people)
    return time.perf_counter() - started


def ms(seconds: list[float]) -> tuple[float, float]:
    return statistics.median(seconds) * 1000, statistics.quantiles(seconds, n=20)[-1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark's database")
    args = parser.parse_args()

    made = build_database(args.fresh)
    # The open data pages are anonymous: lift their limit as web.environment() lifts a user's.
    os.environ.update({**web.environment(), "DJANGO_SETTINGS_MODULE": "config.settings.test",
                       "API_RATE_ANON": "10000000/minute"})
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from commissioning.contracts.models import Contract
    from commissioning.core.second_factor import mark_second_factor_passed
    from commissioning.planning.models import Directorate

    took = fill()
    with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum keeps them in service
        cursor.execute("ANALYZE")
    calls = Contract.objects.filter(approved_list__isnull=False).count() * CALL_OFFS_PER_LIST
    print(f"contracts: database {DATABASE} {'made' if made else 'kept'}; {Contract.objects.count():,} contracts, "
          f"about {calls:,} call-offs " + (f"written in {took:.1f} s" if took else "already there"))

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-lead"))
    session = client.session
    mark_second_factor_passed(session)
    session.save()
    rng = random.Random(2026)
    directorates = list(Directorate.objects.values_list("pk", flat=True))
    suppliers = list(Contract.objects.filter(supplier__isnull=False).values_list("supplier_id", flat=True)
                     .distinct()[:200])
    filters = [{}, {"directorate": None}, {"supplier": None}, {"status": "live"}, {"ends_within": "12"},
               {"q": "Bench contract 01"}, {"directorate": None, "status": "live"}, {"page": "37"}]

    def query(i: int) -> dict:
        chosen = dict(filters[i % len(filters)])
        for key in ("directorate", "supplier"):
            if key in chosen:
                chosen[key] = rng.choice(directorates if key == "directorate" else suppliers)
        return chosen

    kinds: dict[str, list[float]] = {}
    seen: dict[tuple[str, int], list[str]] = {}
    session_writes = 0

    def page_queries(captured) -> list[str]:
        """The page's own queries: not the session's write of its last-seen time, which the idle timeout
        makes at most once a minute whatever the page (core.sessions), in a transaction of its own."""
        nonlocal session_writes
        sql = [q["sql"] for q in captured]
        for n, statement in enumerate(sql):
            if statement.startswith('UPDATE "django_session"'):
                session_writes += 1
                around = {n} | {m for m in (n - 1, n + 1) if 0 <= m < len(sql) and sql[m] in ("BEGIN", "COMMIT")}
                return [statement for m, statement in enumerate(sql) if m not in around]
        return sql

    def measure(paths) -> tuple[list[float], dict[str, set[int]]]:
        times, counts = [], {}
        # Warm the plans, the templates and the filter form's rendered HTML (core.fragments caches it by
        # the values chosen: a value first seen renders the three lists of choices, three queries more).
        for _label, path, params in paths:
            client.get(path, params)
        for label, path, params in paths:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path, params)
                times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"contracts: {path} {params} answered {response.status_code}")
            asked = page_queries(queries.captured_queries)
            counts.setdefault(label, set()).add(len(asked))
            seen.setdefault((label, len(asked)), asked)
            kinds.setdefault(label, []).append(times[-1])
        return times, counts

    chosen = [query(i) for i in range(PAGES)]
    register_times, register_counts = measure([(" and ".join(sorted(q)) or "no filter", "/contracts/", q)
                                               for q in chosen])
    provider_times, provider_counts = measure(
        [("provider", f"/contracts/providers/{suppliers[i % len(suppliers)]}/", {}) for i in range(PAGES)])

    from commissioning.brokerage.models import Agreement
    from commissioning.contracts import ocds
    from commissioning.contracts.selectors import published_call_offs, published_list_ids, published_register

    entry_pages = -(-published_register().count() // ocds.PER_PAGE)
    # A page of call-offs starts after a call-off named by its public id (the list's reference and its number).
    published = list(Agreement.objects.filter(status__in=["accepted", "ended"]).values_list("pk", flat=True))
    cursors = [ocds.call_off_id(a) for a in published_call_offs(published_list_ids(published_register())).filter(
        pk__in=rng.sample(published, PAGES))]
    ocds_pages = []
    for i in range(PAGES):
        if i % 2:
            ocds_pages.append(("call-offs", "/api/v1/ocds/contracts/", {"after": rng.choice(cursors)}))
        else:
            number = rng.randint(1, entry_pages)
            ocds_pages.append(("last entries" if number == entry_pages else "entries", "/api/v1/ocds/contracts/",
                               {"page": number}))
    ocds_times, ocds_counts = measure(ocds_pages)

    register_median, register_p95 = ms(register_times)
    ocds_median, ocds_p95 = ms(ocds_times)
    provider_median, provider_p95 = ms(provider_times)
    register_constant = all(len(c) == 1 for c in register_counts.values())
    provider_constant = all(len(c) == 1 for c in provider_counts.values()) and all(
        len(c) == 1 for c in ocds_counts.values())
    print(f"contracts: register list with filters ({PAGES} pages): median {register_median:.1f} ms, "
          f"p95 {register_p95:.1f} ms (target {P95_MS} ms); queries per filter "
          f"{ {k: sorted(v) for k, v in register_counts.items()} }")
    print(f"contracts: one council view of a provider ({PAGES} pages): median {provider_median:.1f} ms, "
          f"p95 {provider_p95:.1f} ms (target {P95_MS} ms); queries {sorted(provider_counts['provider'])}")
    print(f"contracts: open data (OCDS) pages ({PAGES} pages): median {ocds_median:.1f} ms, "
          f"p95 {ocds_p95:.1f} ms (target {P95_MS} ms); queries per kind "
          f"{ {k: sorted(v) for k, v in ocds_counts.items()} }; p95 per kind "
          f"{ {k: round(ms(kinds[k])[1]) for k in ocds_counts if len(kinds[k]) > 1} }")
    print(f"contracts: {session_writes} of {3 * PAGES} requests also wrote the session's last-seen time "
          "(3 statements, at most once a minute; not counted as the page's)")
    for label, found in {**register_counts, **provider_counts, **ocds_counts}.items():
        if len(found) > 1:  # show what the longer page asked that the shorter did not, to find the cause
            fewest, most = min(found), max(found)
            shorter = {sql.split(" WHERE ")[0] for sql in seen[(label, fewest)]}
            extra = [sql[:200] for sql in seen[(label, most)] if sql.split(" WHERE ")[0] not in shorter]
            print(f"contracts: {label}: {most} queries against {fewest}; the extra: {extra or 'the same tables'}")
    verdict = ("PASS" if max(register_p95, provider_p95, ocds_p95) < P95_MS and register_constant
               and provider_constant else "MISSED")
    print(f"contracts: {Contract.objects.count():,} contracts and about {calls:,} call-offs on PostgreSQL: register "
          f"p95 {register_p95:.1f} ms, provider view p95 {provider_p95:.1f} ms, OCDS p95 {ocds_p95:.1f} ms; "
          f"query counts "
          f"{'constant' if register_constant and provider_constant else 'NOT constant'}; {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
