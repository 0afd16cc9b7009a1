"""Pages and API lists under the production server, against what the same server can do.

Builds (once; `--fresh` rebuilds) a PostgreSQL database with ten times the demo
(`seed_demo --scale 10`: the market, list members, about 50,000 agreements, audits and a year of
visits; about five minutes), starts gunicorn itself with the production settings (2 sync workers,
persistent database connections), and loads each page with 50 concurrent connections on loopback.
In the same run, alternating with each page, it loads two ceilings served by the same server:

- a plain `JsonResponse` of 50 rows of the same model (`values()`), for the API lists;
- a plain template of the same rows in the GOV.UK base layout, for the HTML pages.

Targets: every API list at least 0.5x the JSON ceiling with p95 under 150 ms; the provider list, the
brokerage queue, the quality programme, the spend page and each role's home page at least 0.5x the
template ceiling with p95 under 300 ms. A page's rate and its ceiling's are measured in turns, so a
busy machine slows both; the ratio decides. Prints each figure and ends with one summary line.

    .venv/bin/python benchmarks/web.py [--fresh] [--only SUBSTRING] [--seconds 2]
"""
import argparse
import asyncio
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
SCALE = int(os.environ.get("BENCH_WEB_SCALE", "10"))
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_WEB_DATABASE", f"commissioning_bench_web_x{SCALE}")
CONNECTIONS = 50
ROUNDS = 2
API_RATIO, API_P95_MS = 0.5, 150
PAGE_RATIO, PAGE_P95_MS = 0.5, 300
SECRET = secrets.token_urlsafe(50)


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    login: str
    ceiling: str  # the ceiling URL it is compared with
    ratio: float
    p95_ms: float


def targets() -> list[Target]:
    api = [("services", "providers.service"), ("providers", "providers.provider"),
           ("lists", "procurement.approvedlist"), ("applications", "procurement.application"),
           ("memberships", "procurement.membership"), ("care-requests", "brokerage.carerequest"),
           ("competitions", "brokerage.competition"), ("offers", "brokerage.offer"),
           ("agreements", "brokerage.agreement")]
    found = [Target(f"API {name}", f"/api/v1/{name}/", "head", f"/_ceiling/json/{model}/", API_RATIO, API_P95_MS)
             for name, model in api]
    # The HTML ceilings: the page's rows with about as many columns as the page shows.
    table = "/_ceiling/html/providers.provider/?fields=name,legal_name,status,cqc_provider_id,contact_name"
    pages = [("provider list", "/providers/", "head", table),
             ("brokerage queue", "/brokerage/", "broker",
              "/_ceiling/html/brokerage.carerequest/?fields=id,status,hours_per_week,postcode,start_date"),
             ("quality programme", "/quality/", "quality",
              "/_ceiling/html/quality.audit/?fields=id,status,kind,planned_for,rag"),
             ("spend", "/finance/spend/", "finance",
              "/_ceiling/html/finance.invoice/?fields=id,status,kind,period_end,total_pence")]
    found += [Target(name, path, login, ceiling, PAGE_RATIO, PAGE_P95_MS) for name, path, login, ceiling in pages]
    homes = ["head", "lead.care-homes", "procurement", "evaluator", "broker", "social.worker", "quality", "finance",
             "admin"]
    found += [Target(f"home: {login}", "/", login, table, PAGE_RATIO, PAGE_P95_MS) for login in homes]
    found.append(Target("home: provider.a", "/portal/", "provider.a", table, PAGE_RATIO, PAGE_P95_MS))
    return found


def environment() -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"{SERVER}/{DATABASE}",
            "DJANGO_SETTINGS_MODULE": "benchmarks.support.settings", "DJANGO_SECRET_KEY": SECRET,
            "SITE_URL": "https://bench.invalid", "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "PYTHONPATH": str(ROOT),
            "WEB_CONCURRENCY": "2", "LOG_LEVEL": "WARNING",
            # One login sends every API request here, far past a person's limit of 1,200 a minute: the
            # limit is still checked on every request (its cost counts), but it does not answer 429.
            "API_RATE_USER": "10000000/minute"}


def manage(*args: str, settings: str = "benchmarks.support.settings") -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True,  # noqa: S603 - our own commands
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**environment(), "DJANGO_SETTINGS_MODULE": settings})


def create_database(name: str, fresh: bool) -> bool:
    """Make a benchmark's own PostgreSQL database (dropped first when `fresh`); True when made in this call."""
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    return not exists


def build_database(fresh: bool) -> float:
    """The 10x database, built once and kept (seconds spent building it, 0 when it was kept)."""
    exists = not create_database(DATABASE, fresh)
    started = time.perf_counter()
    manage("migrate", "--noinput", "-v0")
    manage("createcachetable")
    manage("seed_demo", f"--scale={SCALE}")  # does nothing when the demo is already there
    manage("collectstatic", "--noinput", "-v0")
    return 0.0 if exists else time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 - our own server
        [str(Path(PYTHON).parent / "gunicorn"), "--config", "config/gunicorn.conf.py"], cwd=ROOT,
        env={**environment(), "GUNICORN_BIND": f"127.0.0.1:{port}"}, stdout=log.open("w"), stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"web: the server did not start; see {log}")


def session_cookies(logins: set[str]) -> dict[str, str]:
    """A signed-in session (password and second factor passed) for each demo login, in the database."""
    os.environ.update(environment())
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from commissioning.accounts.models import User
    from commissioning.core.second_factor import SECOND_FACTOR_SESSION_KEY

    cookies = {}
    for user in User.objects.filter(username__in=logins):
        session = SessionStore()
        session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                        HASH_SESSION_KEY: user.get_session_auth_hash(), SECOND_FACTOR_SESSION_KEY: True})
        session.create()
        cookies[user.username] = session.session_key
    missing = logins - set(cookies)
    if missing:
        raise SystemExit(f"web: the demo logins {sorted(missing)} are missing; run with --fresh")
    return cookies


async def _get(port: int, request: bytes) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    head = await reader.readline()
    await reader.read()  # to the end: sync workers close the connection after each response
    writer.close()
    return int(head.split()[1]), time.perf_counter() - started


async def _load(port: int, path: str, cookie: str, seconds: float) -> tuple[int, list[float], set[int]]:
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\nAccept-Encoding: gzip\r\n"
               f"Cookie: sessionid={cookie}\r\nConnection: close\r\n\r\n").encode()
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    statuses: set[int] = set()

    async def client():
        while time.perf_counter() < deadline:
            status, took = await _get(port, request)
            statuses.add(status)
            latencies.append(took)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CONNECTIONS)))
    return round(len(latencies) / (time.perf_counter() - started)), latencies, statuses


def load(port: int, path: str, cookie: str, seconds: float):
    return asyncio.run(_load(port, path, cookie, seconds))


def p95(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=20)[-1] * 1000 if len(latencies) > 1 else float("inf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild the 10x database")
    parser.add_argument("--only", default="", help="measure only the targets whose name contains this")
    parser.add_argument("--seconds", type=float, default=2.0, help="length of each burst of load")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: the server below is stopped too
    built = build_database(args.fresh)
    sys.stdout.reconfigure(line_buffering=True)
    if built:
        print(f"built the {SCALE}x demo database in {built:.0f} s")
    chosen = [t for t in targets() if args.only in t.name]
    cookies = session_cookies({t.login for t in chosen})
    port, log = free_port(), ROOT / "benchmarks" / "web-server.log"
    server = start_server(port, log)
    results, errors = [], []
    try:
        for target in chosen:
            cookie = cookies[target.login]
            load(port, target.path, cookie, 0.5)  # warm up: the workers' first render of each template
            load(port, target.ceiling, cookie, 0.5)
            page_rates, ceiling_rates, latencies = [], [], []
            for _ in range(ROUNDS):
                rate, _, statuses = load(port, target.ceiling, cookie, args.seconds)
                ceiling_rates.append(rate)
                rate, took, page_statuses = load(port, target.path, cookie, args.seconds)
                page_rates.append(rate)
                latencies += took
                if page_statuses | statuses != {200}:
                    errors.append(f"{target.name}: answered {sorted(page_statuses | statuses)}")
            rate, ceiling = statistics.median(page_rates), statistics.median(ceiling_rates)
            ratio, slowest = rate / ceiling if ceiling else 0.0, p95(latencies)
            met = ratio >= target.ratio and slowest < target.p95_ms
            results.append((target, ratio, slowest, met))
            print(f"{target.name:<26} {rate:6.0f}/s  p95 {slowest:6.0f} ms  ceiling {ceiling:6.0f}/s  "
                  f"ratio {ratio:4.2f} (target {target.ratio}, p95 < {target.p95_ms:.0f} ms)  "
                  f"{'met' if met else 'MISSED'}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    for error in errors:
        print(f"error: {error}")
    if not results:
        print("web: no targets measured; MISSED")
        return 1
    worst = min(results, key=lambda r: r[1])
    slowest = max(results, key=lambda r: r[2])
    missed = [r for r in results if not r[3]]
    verdict = "PASS" if not missed and not errors else "MISSED"
    print(f"web: {len(results)} pages and API lists at {SCALE}x the demo under gunicorn on PostgreSQL; "
          f"{len(results) - len(missed)} met; lowest ratio {worst[1]:.2f} ({worst[0].name}); "
          f"highest p95 {slowest[2]:.0f} ms ({slowest[0].name}); {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
