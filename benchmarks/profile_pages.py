"""Where a page's time goes: each page of `benchmarks/web.py` rendered in this process against the
benchmark's PostgreSQL database (build it first with `benchmarks/web.py`), with the production
settings, timed and profiled with cProfile. Prints milliseconds per request, queries per request,
the response size and the functions with the most time of their own.

    .venv/bin/python benchmarks/profile_pages.py [--only SUBSTRING] [--requests 20] [--top 15]

With `--rounds N` it measures instead each target's CPU and its ceiling's in N alternating rounds
and prints the medians, their ratio and the queries of one request (no profile): on a loaded
machine the ratio carries less of the load than either figure.
"""
import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import web  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--sort", default="tottime", help="a pstats order: tottime, cumulative")
    parser.add_argument("--sql", action="store_true", help="print each query of one request")
    parser.add_argument("--ceilings", action="store_true", help="time each target's ceiling too")
    parser.add_argument("--rounds", type=int, default=0, help="alternate target and ceiling; print medians")
    args = parser.parse_args()
    os.environ.update(web.environment())
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    chosen = [t for t in web.targets() if args.only in t.name]
    cookies = web.session_cookies({t.login for t in chosen})
    for target in chosen:
        client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", HTTP_ACCEPT_ENCODING="gzip")
        client.cookies["sessionid"] = cookies[target.login]
        if args.rounds:
            print(_rounds(client, target, args.rounds, args.requests), flush=True)
            continue
        paths = [target.path, target.ceiling] if args.ceilings else [target.path]
        for path in paths:
            response = client.get(path)  # warm up
            assert response.status_code == 200, (path, response.status_code)
            queries: list[str] = []

            def count(execute, sql, *rest, queries=queries):
                queries.append(sql)
                return execute(sql, *rest)
            with connection.execute_wrapper(count):
                client.get(path)
            cpu = time.process_time()
            for _ in range(args.requests):
                client.get(path)
            cpu = (time.process_time() - cpu) / args.requests * 1000
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            for _ in range(args.requests):
                client.get(path)
            profiler.disable()
            took = (time.perf_counter() - started) / args.requests * 1000
            print(f"\n=== {target.name}: {path}  {cpu:.1f} ms CPU/request, {took:.1f} ms profiled  "
                  f"{len(queries)} queries  {len(response.content)} bytes")
            if args.sql:
                print("\n".join(f"  {sql[:160]}" for sql in queries))
            if path == target.path and args.top:
                pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
    return 0


def _cpu_ms(client, path: str, requests: int) -> float:
    cpu = time.process_time()
    for _ in range(requests):
        client.get(path)
    return (time.process_time() - cpu) / requests * 1000


def _rounds(client, target, rounds: int, requests: int) -> str:
    from django.db import connection

    for path in (target.path, target.ceiling):
        assert client.get(path).status_code == 200, path  # warm up
    queries: list[str] = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        client.get(target.path)
    page, ceiling = [], []
    for _ in range(rounds):
        page.append(_cpu_ms(client, target.path, requests))
        ceiling.append(_cpu_ms(client, target.ceiling, requests))
    page_ms, ceiling_ms = statistics.median(page), statistics.median(ceiling)
    return (f"| {target.name} | {page_ms:.1f} | {ceiling_ms:.1f} | {page_ms / ceiling_ms:.1f} | "
            f"{len(queries)} |")


if __name__ == "__main__":
    sys.exit(main())
