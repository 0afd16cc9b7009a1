"""A seeded generator of realistic home care visits in the shape of an electronic call monitoring
export, vectorised (numpy into Polars) so a city's year (millions of visits) is made in seconds
and written to Parquet in four-week files without holding Python objects per visit.

People have 1–4 visits a day of 15, 30, 45 or 60 minutes at fixed times, every day. Carers are
mostly on time (a few minutes either way), about 2% late; most stay the planned time, about 3%
leave early; about 1% of visits are missed (no check-in or check-out) and about 7% are logged by hand.
"""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

SLOT_TIMES = {1: [8 * 60], 2: [8 * 60, 17 * 60], 3: [7 * 60 + 30, 12 * 60 + 30, 17 * 60 + 30],
              4: [7 * 60 + 30, 12 * 60, 17 * 60, 21 * 60]}


@dataclass(frozen=True)
class City:
    people: int = 5_000
    providers: int = 300
    weeks: int = 52
    first_monday: date = date(2026, 4, 6)
    seed: int = 20260406


def _slots(city: City, rng: np.random.Generator) -> pl.DataFrame:
    """One row per person and daily visit slot: its agreement, provider, time and length."""
    per_day = rng.choice([1, 2, 3, 4], size=city.people, p=[0.1, 0.3, 0.35, 0.25])
    provider = rng.integers(0, city.providers, size=city.people)
    person = np.repeat(np.arange(city.people), per_day)
    minute = np.concatenate([SLOT_TIMES[k] for k in per_day])
    length = rng.choice([15, 30, 45, 60], size=len(person), p=[0.15, 0.45, 0.25, 0.15])
    return pl.DataFrame({"agreement_id": person + 1, "provider_id": provider[person] + 1,
                         "minute": minute, "length": length})


def visits(city: City = City(), *, weeks_per_chunk: int = 4) -> Iterator[pl.DataFrame]:
    """The year's visits, a chunk of weeks at a time, with visit ids unique across chunks."""
    rng = np.random.default_rng(city.seed)
    slots = _slots(city, rng)
    n_slots = slots.height
    next_id = 1
    for first_week in range(0, city.weeks, weeks_per_chunk):
        days = min(weeks_per_chunk, city.weeks - first_week) * 7
        start_day = datetime.combine(city.first_monday + timedelta(weeks=first_week), datetime.min.time())
        n = n_slots * days
        day = np.repeat(np.arange(days), n_slots)
        slot = np.tile(np.arange(n_slots), days)
        minute = slots["minute"].to_numpy()[slot]
        length = slots["length"].to_numpy()[slot]
        start_us = (day * 1440 + minute).astype(np.int64) * 60_000_000
        late = np.where(rng.random(n) < 0.02, rng.integers(16, 60, n), rng.integers(-5, 10, n))
        stayed = np.rint(length * np.where(rng.random(n) < 0.03, rng.uniform(0.4, 0.75, n),
                                           rng.uniform(0.9, 1.1, n))).astype(np.int64)
        missed = rng.random(n) < 0.01
        method = np.where(rng.random(n) < 0.07, "manual", np.where(rng.random(n) < 0.55, "app", "call"))
        base = pl.Series([start_day]).dt.cast_time_unit("us")[0]
        frame = pl.DataFrame({
            "visit_id": np.arange(next_id, next_id + n, dtype=np.int64),
            "provider_id": slots["provider_id"].to_numpy()[slot],
            "agreement_id": slots["agreement_id"].to_numpy()[slot],
            "carer": pl.Series(np.char.add("C", (slots["provider_id"].to_numpy()[slot] * 10
                                                 + rng.integers(0, 10, n)).astype(str))),
            "start_us": start_us, "length": length, "late": late, "stayed": stayed, "missed": missed,
            "method": method,
        })
        next_id += n
        start = pl.lit(base) + pl.duration(microseconds=pl.col("start_us"))
        check_in = start + pl.duration(minutes=pl.col("late"))
        yield frame.select(
            "visit_id", "provider_id", "agreement_id", "carer",
            start.alias("scheduled_start"),
            (start + pl.duration(minutes=pl.col("length"))).alias("scheduled_end"),
            pl.when(pl.col("missed")).then(None).otherwise(check_in).alias("check_in"),
            pl.when(pl.col("missed")).then(None).otherwise(check_in + pl.duration(minutes=pl.col("stayed")))
            .alias("check_out"),
            "method",
        )


def write_parquet(city: City, directory: Path) -> list[Path]:
    """Write the year as four-weekly Parquet files; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, chunk in enumerate(visits(city)):
        path = directory / f"visits-{i:02d}.parquet"
        chunk.write_parquet(path)
        paths.append(path)
    return paths
