"""The Client Level Data return of a large council's year: 200,000 events built into the quarterly file
and checked with the national rules, against a hand-written DuckDB SQL of the same build and checks run
in the same process on the same events.

The events are generated (a fixed seed): about 70,000 people with requests, assessments, services
(commissioned and direct payments) and reviews over two years, a few per cent of them with the faults
councils meet (missing NHS numbers and funding status, a permitted value in the wrong case, a review
ending before it starts). Then, in one run:

- the platform's build (`returns.build.build_return`, Polars) and checks (`returns.checks.check_return`)
  of the rolling 12 months to 31 March 2026: under 10 s together, the fastest of three runs;
- the same build and checks written by hand in DuckDB SQL (one `CREATE TABLE ... AS SELECT` for the
  file, one `UNION ALL` of a query per rule for the report): the platform must take at most 2x it, and
  both must find the same failures and warnings, field by field;
- the process's peak memory (resident set) after the platform's runs, before DuckDB is loaded: under
  1 GiB.

Reads the release's fields from `SHARED_DATA_DIR/cld/`. Prints each figure and ends with one summary
line, `cld: ...; PASS` or MISSED (exit 1).

    .venv/bin/python benchmarks/cld.py [--events 200000]
"""
import argparse
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

from commissioning.directpayments.returns import build, checks  # noqa: E402
from commissioning.directpayments.returns.spec import Rule, load_spec  # noqa: E402

EVENTS = 200_000
SECONDS, RATIO, MEMORY_MIB = 10.0, 2.0, 1024
RUNS = 3
PERIOD_END = date(2026, 3, 31)
PERIOD_START = build.rolling_year(PERIOD_END)
LA_CODE = "507"


def generate(n: int, spec) -> pl.DataFrame:
    """`n` events of about n/3 people, with the faults a council's data has, as the platform collects them."""
    rng = np.random.default_rng(2026)
    people = max(n // 3, 1)
    person = rng.integers(0, people, n)

    def pick(values, size=n, p=None):
        values = np.array(list(values), dtype=object)
        return values[rng.choice(len(values), size=size, p=p)]

    def per_person(values, p=None):
        return pick(values, people, p)[person]

    def blank_some(values, share):
        values = values.copy()
        values[rng.random(n) < share] = ""
        return values

    ethnicity = spec.field("Ethnicity").permitted
    accommodation = spec.field("Accommodation Status").permitted
    employment = spec.field("Employment Status").permitted
    funding = spec.field("Client Funding Status").permitted
    outcomes = spec.field("Event Outcome").permitted
    service_types = spec.field("Service Type").permitted
    kinds = pick(["Request", "Assessment", "Service", "Review"], p=[0.3, 0.1, 0.4, 0.2])
    born = np.datetime64("1935-01-01") + rng.integers(0, 365 * 70, people)[person].astype("timedelta64[D]")
    start = np.datetime64("2024-04-01") + rng.integers(0, 730, n).astype("timedelta64[D]")
    service = kinds == "Service"
    open_service = service & (rng.random(n) < 0.6)
    # faults: a review recorded as ending the day before it started
    backwards = (kinds == "Review") & (rng.random(n) < 0.01)
    end = (start + np.where(backwards, -1, rng.integers(0, 400, n)).astype("timedelta64[D]")).astype("datetime64[D]")
    mechanism = np.where(service, pick(["Direct payment", "CASSR commissioned support",
                                        "CASSR managed personal budget", "direct payment"],
                                       p=[0.3, 0.6, 0.09, 0.01]), "")
    direct = mechanism == "Direct payment"
    frame = pl.DataFrame({
        "person_ref": np.char.add("P-", np.char.zfill(person.astype(str), 6)),
        "nhs_number": blank_some(per_person([f"94347{i:05d}" for i in range(1000)]), 0.02),
        "gender": per_person(["Female", "Male", "Unknown"]),
        "ethnicity": per_person(ethnicity),
        "date_of_birth": born.astype("datetime64[D]"),
        "date_of_death": [None] * n,
        "client_type": ["Service user"] * n,
        "primary_support_reason": per_person(["Learning Disability Support", "Physical Support: Personal care "
                                                                              "support", "Unknown"]),
        "postcode": per_person(["DE22 1GB", "DE1 1BX", "DE23 6AA", "DE24 8ZZ"]),
        "accommodation_status": per_person(accommodation),
        "employment_status": blank_some(per_person(employment), 0.05),
        "has_unpaid_carer": per_person(["Unknown"]),
        "client_funding_status": blank_some(per_person(funding), 0.01),
        "event_type": kinds,
        "event_ref": np.char.add("EV-", np.arange(n).astype(str)),
        "event_start": start.astype("datetime64[D]"),
        "event_end": end,
        "event_outcome": pick(outcomes),
        "route_of_access": np.where(kinds == "Request", blank_some(pick(["Planned entry", "Discharge from "
                                                                                          "hospital"]), 0.02), ""),
        "service_type": np.where(service, pick(service_types), ""),
        "service_component": np.where(service, np.where(direct, "Direct payment",
                                                        pick(["Home support or domiciliary care", "Reablement"])), ""),
        "delivery_mechanism": mechanism,
        "provider_cqc_id": np.where(service & ~direct, "1-101664071", ""),
        "review_reason": np.where(kinds == "Review", pick(["Planned review", "Unplanned review"]), ""),
        "review_outcomes": np.where(kinds == "Review", blank_some(pick(["Outcomes met", "Partially met"]), 0.05), ""),
        "review_method": np.where(kinds == "Review", pick(["Face to face", "Telephone"]), ""),
        "unit_cost_pence": pl.Series(np.where(service, rng.integers(1500, 150000, n), 0), dtype=pl.Int64),
        "cost_frequency": np.where(service, pick(["Weekly", "Hourly"]), ""),
        "planned_units_centi": pl.Series(np.where(service, rng.integers(100, 6000, n), 0), dtype=pl.Int64),
    })
    # An assessment's type and method are not recorded here, so every assessment fails on them, as
    # they would on the platform; and 1% of service costs are missing.
    no_cost = service & (rng.random(n) < 0.01)
    frame = frame.with_columns(pl.when(pl.Series(open_service)).then(None).otherwise(pl.col("event_end"))
                               .alias("event_end"))
    frame = frame.with_columns(
        pl.when(pl.Series(no_cost)).then(None).otherwise(pl.col("unit_cost_pence")).alias("unit_cost_pence"))
    frame = frame.with_columns(
        *[pl.when(pl.col("event_type") == "Service").then(pl.col(c)).otherwise(None).alias(c)
          for c in ("unit_cost_pence", "planned_units_centi")])
    return frame.select([pl.col(c).cast(t) for c, t in build.EVENT_SCHEMA.items()])


def platform(events, spec):
    frame = build.build_return(events, spec=spec, la_code=LA_CODE, period_start=PERIOD_START, period_end=PERIOD_END)
    report = checks.check_return(frame, spec=spec, period_end=PERIOD_END)
    return frame, report


# ---- the hand-written DuckDB SQL of the same build and checks ----

def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


BUILD_SQL = """
CREATE OR REPLACE TABLE built AS
SELECT {columns}
FROM (
  SELECT * REPLACE (CASE WHEN event_end > DATE '{end}' THEN NULL ELSE event_end END AS event_end)
  FROM events
  WHERE event_start <= DATE '{end}'
    AND (event_end IS NULL OR event_end >= DATE '{start}')
    AND NOT (event_end IS NOT NULL AND event_end > DATE '{end}' AND event_type <> 'Service')
) e
ORDER BY person_ref NULLS LAST, event_start NULLS LAST, event_ref NULLS LAST
"""


def build_sql(spec) -> str:
    columns = []
    for field in spec.fields:
        name = field.name
        source = build.FILLED_FROM.get(name)
        if name == "LA Code":
            expr = _lit(LA_CODE)
        elif name == "Reporting Period Start Date":
            expr = _lit(PERIOD_START.isoformat())
        elif name == "Reporting Period End Date":
            expr = _lit(PERIOD_END.isoformat())
        elif source is None:
            expr = "''"
        elif build.EVENT_SCHEMA[source] == pl.Date:
            expr = f"coalesce(strftime({source}, '%Y-%m-%d'), '')"
        elif source in build.HUNDREDTHS:
            expr = (f"coalesce(CAST({source} // 100 AS VARCHAR) || '.' "
                    f"|| lpad(CAST({source} % 100 AS VARCHAR), 2, '0'), '')")
        else:
            expr = f"coalesce({source}, '')"
        columns.append(f"{expr} AS {_q(name)}")
    return BUILD_SQL.format(columns=",\n       ".join(columns), start=PERIOD_START, end=PERIOD_END)


def _applies(rule: str) -> str:
    not_kba = "\"Client Type\" NOT IN ('Unpaid carer known by association', 'Carer known by association')"
    user = "lower(\"Client Type\") = 'service user'"
    event = '"Event Type"'
    born = "try_strptime(\"Date of Birth\", '%Y-%m-%d')"
    return {
        Rule.ALWAYS: "TRUE",
        Rule.NOT_REQUEST: f"{event} NOT IN ('Request', 'Referral')",
        Rule.EVENT: not_kba,
        Rule.NOT_SERVICE: f"(({not_kba}) AND {event} <> 'Service') OR \"Date of Death\" <> ''",
        Rule.REQUEST: f"{not_kba} AND {event} IN ('Request', 'Referral')",
        Rule.ASSESSMENT: f"{not_kba} AND {event} = 'Assessment'",
        Rule.SERVICE: f"{not_kba} AND {event} = 'Service'",
        Rule.REVIEW: f"{not_kba} AND {event} = 'Review'",
        Rule.PLANNED_REVIEW: f"{not_kba} AND {event} = 'Review' AND starts_with(lower(\"Review Reason\"), 'planned')",
        Rule.FUNDING: f"{user} AND {event} IN ('Service', 'Review')",
        Rule.EMPLOYMENT: (f"{user} AND \"Primary Support Reason\" = 'Learning Disability Support' "
                          f"AND {born} <= DATE '{PERIOD_END.replace(year=PERIOD_END.year - 18)}' "
                          f"AND {born} > DATE '{PERIOD_END.replace(year=PERIOD_END.year - 65)}'"),
        Rule.COST: (f"{not_kba} AND {event} = 'Service' AND lower(\"Delivery Mechanism\") <> "
                    "'cassr commissioned support' AND (starts_with(lower(\"Service Type\"), 'long term') "
                    "OR starts_with(lower(\"Service Type\"), 'unpaid carer support') "
                    "OR starts_with(lower(\"Service Type\"), 'carer support') "
                    "OR lower(\"Service Component\") IN ('short term residential care', 'short term nursing care', "
                    "'carer respite'))"),
    }[rule]


def checks_sql(spec) -> str:
    parts = []

    def add(field, severity, condition):
        parts.append(f"SELECT row, {_q('LA Person Unique Identifier')} AS person, "  # noqa: S608 - the release's names
                     f"{_q('Event Reference')} AS event, "
                     f"{_lit(field)} AS field, {_lit(severity)} AS severity FROM numbered WHERE {condition}")

    for f in spec.fields:
        col = _q(f.name)
        if f.rule:
            add(f.name, "failure", f"{col} = '' AND ({_applies(f.rule)})")
        if f.kind == "date":
            add(f.name, "failure", f"{col} <> '' AND (NOT regexp_full_match({col}, '\\d{{4}}-\\d{{2}}-\\d{{2}}') "
                                   f"OR try_strptime({col}, '%Y-%m-%d') IS NULL)")
        elif f.kind == "numeric":
            add(f.name, "failure", f"{col} <> '' AND NOT regexp_full_match({col}, '\\d{{1,16}}(\\.\\d{{1,2}})?')")
        elif f.strength == "full":
            add(f.name, "failure", f"{col} <> '' AND {col} NOT IN ({', '.join(_lit(v) for v in f.permitted)})")
        elif f.strength == "partial":
            known = [f"{col} IN ({', '.join(_lit(v) for v in f.permitted)})"] if f.permitted else ["FALSE"]
            known += [f"starts_with(lower({col}), {_lit(p)})" for p in f.prefixes]
            add(f.name, "warning", f"{col} <> '' AND NOT ({' OR '.join(known)})")
    add("Event End Date", "failure", "try_strptime(\"Event End Date\", '%Y-%m-%d') < "
                                     "try_strptime(\"Event Start Date\", '%Y-%m-%d')")
    add("Event Start Date", "failure", f"try_strptime(\"Event Start Date\", '%Y-%m-%d') > DATE '{PERIOD_END}'")
    return ("WITH numbered AS (SELECT row_number() OVER () + 1 AS row, * FROM built)\n"  # noqa: S608
            + "\nUNION ALL\n".join(parts))


def by_sql(con, events, spec):
    con.register("events", events.to_arrow())
    con.execute(build_sql(spec))
    report = con.sql(checks_sql(spec)).to_arrow_table()
    rows = con.execute("SELECT count(*) FROM built").fetchall()[0][0]
    con.unregister("events")
    return rows, report


def fastest(run, runs=RUNS):
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=EVENTS)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    spec = load_spec()
    started = time.perf_counter()
    events = generate(args.events, spec)
    print(f"generated {events.height:,} events of {events['person_ref'].n_unique():,} people in "
          f"{time.perf_counter() - started:.1f} s (peak {peak_mib():.0f} MiB so far)")

    ours, (frame, report) = fastest(lambda: platform(events, spec))
    memory = peak_mib()
    failures = report.filter(pl.col("severity") == "failure").height
    print(f"platform (Polars): build and check {ours * 1000:7.0f} ms  {frame.height:,} rows in the period, "
          f"{failures:,} failures, {report.height - failures:,} warnings; peak memory {memory:.0f} MiB")

    import duckdb

    con = duckdb.connect()
    theirs, (sql_rows, sql_report) = fastest(lambda: by_sql(con, events, spec))
    print(f"hand-written DuckDB SQL ({duckdb.__version__}): {theirs * 1000:7.0f} ms  {sql_rows:,} rows")

    ours_counts = {(f, s): c for f, s, c in report.group_by(["field", "severity"]).len().iter_rows()}
    sql_frame = pl.from_arrow(sql_report)
    theirs_counts = {(f, s): c for f, s, c in sql_frame.group_by(["field", "severity"]).len().iter_rows()}
    agree = ours_counts == theirs_counts and sql_rows == frame.height
    if not agree:
        wrong = sorted(k for k in set(ours_counts) | set(theirs_counts) if ours_counts.get(k) != theirs_counts.get(k))
        print(f"error: the platform and the SQL disagree on {wrong[:10]} (rows {frame.height} and {sql_rows})")
    ratio = ours / theirs if theirs else float("inf")
    met = ours < SECONDS and ratio <= RATIO and memory < MEMORY_MIB and agree
    print(f"cld: {args.events:,} events built and checked in {ours:.2f} s (target < {SECONDS:.0f} s), "
          f"{ratio:.2f}x the hand-written DuckDB SQL ({theirs:.2f} s, target <= {RATIO:.0f}x), peak memory "
          f"{memory:.0f} MiB (target < {MEMORY_MIB} MiB), {failures:,} failures found by both"
          f"{'' if agree else ' (DISAGREE)'}; {'PASS' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
