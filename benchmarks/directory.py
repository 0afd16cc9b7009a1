"""The public directory at national scale on PostgreSQL: a postcode-and-need search within 10 km over
30,000 services, against a plain scan of every service's distance, in the same run.

Builds (once; `--fresh` rebuilds) its own PostgreSQL database, `commissioning_bench_directory`, migrated
with the reference data, and fills it with 30,000 published listings in bulk: 6,000 at real postcodes of
the ONS lookup's DE area (Derby and Derbyshire, about ten times England's density of CQC locations,
so the searched area is harder than a real one) and 24,000 spread over England's extent, each with one
or two of the register's service types, client groups and specialisms, a CQC rating and, for some,
vacancies. Then, in one run:

- 200 searches for a real DE postcode (in turn full, outward code only, lower case and run together)
  and a service type, within 10 km, each through the public search page itself (`/directory/`, Django's
  test client in this process, so the time is the server's: URL resolving, middleware, the form, both
  queries (the count and the first page) and the template); median under 30 ms, p95 under 100 ms;
- the same searches' query (the first page with the number of matches as a window count, as the page
  runs it) with the bounding-box prefilter on the indexed latitude and longitude and then the exact
  haversine distance, against the plain scan that works out every
  service's distance (`prefilter=False`), alternating; both must find the same services in the same
  order, and the ratio of their medians is printed;
- with `--gunicorn`, the search page under gunicorn with the production settings (started as
  `benchmarks/web.py` starts it, 2 sync workers) for 50 concurrent connections: requests per second
  (target 100) and p95, printed and not part of the verdict.

Ends with one summary line, `directory: ...; PASS` or MISSED (exit 1).

    .venv/bin/python benchmarks/directory.py [--fresh] [--gunicorn] [--seconds 5]
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import web  # noqa: E402 - the web benchmark's server and load helpers, shared

DATABASE = "commissioning_bench_directory"
web.DATABASE = DATABASE
SERVER = web.SERVER
SERVICES, LOCAL = 30_000, 6_000
ENGLAND = (50.1, 55.7, -5.6, 1.7)  # south, north, west, east
SEARCHES, RADIUS_KM = 200, 10
MEDIAN_MS, P95_MS, TARGET_RPS = 30, 100, 100


def build_database(fresh: bool) -> bool:
    """The benchmark's own database, migrated; True when it was made in this run."""
    made = web.create_database(DATABASE, fresh)
    web.manage("migrate", "--noinput", "-v0")
    web.manage("createcachetable")
    return made


def fill(postcodes: list[tuple[float, float]]) -> float:
    """30,000 published listings, made in bulk (seconds taken; 0 when they were already there)."""
    from commissioning.directory.models import Listing
    from commissioning.providers.choices import CqcRating
    from commissioning.providers.models import ClientGroup, ServiceType, Specialism

    if Listing.objects.count() == SERVICES:
        return 0.0
    started = time.perf_counter()
    Listing.objects.all().delete()
    rng = random.Random(16)
    types = list(ServiceType.objects.values_list("code", flat=True))
    groups = list(ClientGroup.objects.values_list("code", flat=True)) or [""]
    specialisms = list(Specialism.objects.values_list("code", flat=True)) or [""]
    ratings = [CqcRating.GOOD] * 6 + [CqcRating.OUTSTANDING, CqcRating.REQUIRES_IMPROVEMENT, CqcRating.INADEQUATE,
                                      CqcRating.NOT_YET_RATED]
    rows = []
    for i in range(SERVICES):
        if i < LOCAL:
            lat, lon = rng.choice(postcodes)
        else:
            lat, lon = rng.uniform(ENGLAND[0], ENGLAND[1]), rng.uniform(ENGLAND[2], ENGLAND[3])
        care = i % 5 != 0
        rows.append(Listing(
            uuid=uuid.UUID(int=rng.getrandbits(128), version=4), kind="care" if care else "community",
            name=f"Service {i:05d}", organisation_name=f"Organisation {i // 3:05d}", address_line_1=f"{i} High Street",
            town="Derby" if i < LOCAL else "England", postcode="DE1 2FS", latitude=round(lat, 5),
            longitude=round(lon, 5), service_type_codes=Listing.join_codes(rng.sample(types, rng.choice((1, 2)))),
            client_group_codes=Listing.join_codes(rng.sample(groups, 1)),
            specialism_codes=Listing.join_codes(rng.sample(specialisms, 1)) if rng.random() < 0.4 else "",
            cqc_location_id=f"1-{100000000 + i}" if care else "", cqc_rating=rng.choice(ratings) if care else "",
            beds_vacant=rng.randint(0, 5) if care and rng.random() < 0.3 else None,
            council_contracted=rng.random() < 0.4, accepts_council_funded=rng.random() < 0.8))
    Listing.objects.bulk_create(rows, batch_size=2000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_listing")
    return time.perf_counter() - started


def _postcodes() -> list[tuple[str, float, float]]:
    from commissioning.providers import geo

    return [(compact, float(lat), float(lon)) for compact, (lat, lon) in geo._postcode_index().items()]


def _spellings(compact: str, i: int) -> str:
    """The postcode as people type it: full with a space, outward code only, lower case, run together."""
    outward, inward = compact[:-3], compact[-3:]
    return [f"{outward} {inward}", outward, f"{outward} {inward}".lower(), compact][i % 4]


def ms(seconds: list[float]) -> tuple[float, float]:
    return statistics.median(seconds) * 1000, statistics.quantiles(seconds, n=20)[-1] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark's database")
    parser.add_argument("--gunicorn", action="store_true", help="also load the page under gunicorn (50 users)")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of the gunicorn load")
    args = parser.parse_args()

    made = build_database(args.fresh)
    os.environ.update({**web.environment(), "DJANGO_SETTINGS_MODULE": "config.settings.test"})
    import django

    django.setup()
    from django.test import Client

    from commissioning.directory.selectors import CountedRows, Search, place_for, search_listings

    postcodes = _postcodes()
    took = fill([(lat, lon) for _, lat, lon in postcodes])
    print(f"directory: database {DATABASE} {'made' if made else 'kept'}; {SERVICES:,} services "
          + (f"written in {took:.1f} s" if took else "already there"))

    from commissioning.providers.models import ServiceType

    types = list(ServiceType.objects.values_list("code", flat=True))
    rng = random.Random(2026)
    searches = [(_spellings(rng.choice(postcodes)[0], i), rng.choice(types)) for i in range(SEARCHES)]
    client = Client()
    for text, need in searches[:10]:  # warm the postcode lookup, the plans and the templates
        client.get("/directory/", {"postcode": text, "service_type": need, "radius": RADIUS_KM})

    page_times, boxed, scanned, found, same = [], [], [], [], True
    for text, need in searches:
        started = time.perf_counter()
        response = client.get("/directory/", {"postcode": text, "service_type": need, "radius": RADIUS_KM})
        page_times.append(time.perf_counter() - started)
        if response.status_code != 200 or b"result" not in response.content:
            print(f"directory: the search for {text!r} answered {response.status_code}")
            return 1
        wanted = Search(place=place_for(text), radius_km=RADIUS_KM, service_type=need)
        results = {}
        for prefilter, times in ((True, boxed), (False, scanned)):
            started = time.perf_counter()
            rows = CountedRows(search_listings(wanted, prefilter=prefilter), 1, 20)
            count, first = rows.count(), [(r.pk, round(r.distance_km, 9)) for r in rows[0:20]]
            times.append(time.perf_counter() - started)
            results[prefilter] = (count, first)
        same &= results[True] == results[False]
        found.append(results[True][0])

    page_median, page_p95 = ms(page_times)
    box_median, box_p95 = ms(boxed)
    scan_median, scan_p95 = ms(scanned)
    print(f"directory: {SEARCHES} searches by postcode (full, outward code, lower case, run together) and service "
          f"type within {RADIUS_KM} km; services found per search: median {statistics.median(found):.0f}, "
          f"most {max(found)}")
    print(f"directory: search page (server time, in process): median {page_median:.1f} ms, p95 {page_p95:.1f} ms "
          f"(targets {MEDIAN_MS} ms and {P95_MS} ms)")
    print(f"directory: queries with the box prefilter: median {box_median:.1f} ms, p95 {box_p95:.1f} ms")
    print(f"directory: queries scanning every service's distance: median {scan_median:.1f} ms, p95 {scan_p95:.1f} ms"
          f" ({scan_median / box_median:.1f}x the prefiltered median)")
    print(f"directory: the prefiltered and the scanning searches found {'the same' if same else 'DIFFERENT'} "
          "services in the same order")

    load_words = ""
    if args.gunicorn:
        web.manage("collectstatic", "--noinput", "-v0")
        port = web.free_port()
        log = Path(tempfile.gettempdir()) / "directory-benchmark-gunicorn.log"
        server = web.start_server(port, log)
        try:
            text, need = "DE1 2FS".replace(" ", "%20"), types[0]
            path = f"/directory/?postcode={text}&service_type={need}&radius={RADIUS_KM}"
            web.load(port, path, "", 1.0)
            rps, latencies, statuses = web.load(port, path, "", args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)
        load_words = (f"; under gunicorn {rps} requests/s for 50 users (target {TARGET_RPS}), "
                      f"p95 {web.p95(latencies):.0f} ms")
        print(f"directory: under gunicorn (2 sync workers, production settings), 50 concurrent connections for "
              f"{args.seconds:.0f} s: {rps} requests/s, p95 {web.p95(latencies):.0f} ms, statuses {sorted(statuses)}")

    verdict = "PASS" if page_median < MEDIAN_MS and page_p95 < P95_MS and same else "MISSED"
    print(f"directory: {SERVICES:,} services on PostgreSQL, postcode-and-need search within {RADIUS_KM} km: "
          f"median {page_median:.1f} ms, p95 {page_p95:.1f} ms server time; plain scan median {scan_median:.1f} ms "
          f"against {box_median:.1f} ms prefiltered; same results: {'yes' if same else 'no'}{load_words}; {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
