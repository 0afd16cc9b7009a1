"""Reconciliation of home care visits against each contract's payment rules: columnar, in Polars.

Per visit: planned minutes (scheduled end − start), actual minutes (check-out − check-in, whole
minutes, rounded down), and the minutes paid:

1. the basis: planned or actual time;
2. rounding of those minutes: none, up, down or nearest, in steps of 5, 10, 15, 30 or 60 minutes
   (nearest rounds a half step up);
3. a cap at planned time plus a tolerance, when the contract has one;
4. a minimum paid time, when the contract has one;
5. a missed visit (no check-in or no check-out) pays nothing.

The amount is paid minutes × the hourly rate for the visit's time band (day 07:00–19:00, evening
19:00–22:00, night 22:00–07:00, by scheduled start) and day type (weekday, weekend, English bank
holiday) ÷ 60, rounded half up to the penny, per visit, in integer pence.

Flags: missed; late (checked in more than the contract's threshold after the scheduled start);
short (actual under the contract's percentage of planned); manual (logged by hand). A visit is
logged in the home when it took place and was logged by the in-home call or the app.

Per provider and week (Monday to Sunday, by scheduled start): visits, amount, flag counts, the
share of the visits that took place that were logged in the home, whether that meets the
contract's target, and whether the week is an exception (flagged visits above the contract's
exception level, or the in-home share under target) that goes to brokerage before payment. Where
a provider's agreements in one week carry different targets, the strictest applies.
"""
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import polars as pl

ROUNDINGS = ("none", "up", "down", "nearest")
STEPS = (5, 10, 15, 30, 60)
TIME_BANDS = ("day", "evening", "night")
DAY_TYPES = ("weekday", "weekend", "bank_holiday")
METHODS = ("call", "app", "manual")

VISIT_SCHEMA = {
    "visit_id": pl.Int64, "provider_id": pl.Int64, "agreement_id": pl.Int64, "carer": pl.Utf8,
    "scheduled_start": pl.Datetime("us"), "scheduled_end": pl.Datetime("us"),
    "check_in": pl.Datetime("us"), "check_out": pl.Datetime("us"), "method": pl.Utf8,
}


@dataclass(frozen=True)
class PaymentRules:
    """How one contract (agreement) is paid. `rates` maps (time band, day type) to pence an hour."""

    agreement_id: int
    rates: dict[tuple[str, str], int]
    basis: str = "actual"
    rounding: str = "none"
    step: int = 15
    cap_tolerance: int | None = None
    minimum_minutes: int | None = None
    late_after: int = 15
    short_below_percent: int = 75
    in_home_target_percent: int = 85
    exception_percent: int = 10

    def __post_init__(self):
        problems = []
        if self.basis not in ("planned", "actual"):
            problems.append(f"basis must be planned or actual, not {self.basis!r}")
        if self.rounding not in ROUNDINGS:
            problems.append(f"rounding must be one of {', '.join(ROUNDINGS)}, not {self.rounding!r}")
        if self.step not in STEPS:
            problems.append(f"the rounding step must be 5, 10, 15, 30 or 60 minutes, not {self.step}")
        for name in ("cap_tolerance", "minimum_minutes"):
            value = getattr(self, name)
            if value is not None and value < 0:
                problems.append(f"{name.replace('_', ' ')} cannot be negative")
        if self.late_after < 0:
            problems.append("the lateness threshold cannot be negative")
        for name in ("short_below_percent", "in_home_target_percent", "exception_percent"):
            if not 0 <= getattr(self, name) <= 100:
                problems.append(f"{name.replace('_', ' ')} must be from 0 to 100")
        missing = {(b, d) for b in TIME_BANDS for d in DAY_TYPES} - set(self.rates)
        if missing:
            problems.append(f"a rate is needed for every time band and day type; missing {sorted(missing)}")
        if any(not isinstance(v, int) or v < 0 for v in self.rates.values()):
            problems.append("rates are whole pence an hour, 0 or more")
        if problems:
            raise ValueError(f"Agreement {self.agreement_id}: " + "; ".join(problems))


def rules_frame(rules: Iterable[PaymentRules]) -> pl.DataFrame:
    """One row per agreement: its rules and its nine rates as columns `rate_0`..`rate_8` (by rate key),
    so each visit finds its rate in the one join on agreement, not a second join on band and day."""
    rows = []
    for r in rules:
        row = asdict(r)
        del row["rates"]
        row.update({f"rate_{_rate_key(band, day)}": pence for (band, day), pence in r.rates.items()})
        rows.append(row)
    schema = {"agreement_id": pl.Int64, "basis": pl.Utf8, "rounding": pl.Utf8, "step": pl.Int64,
              "cap_tolerance": pl.Int64, "minimum_minutes": pl.Int64, "late_after": pl.Int64,
              "short_below_percent": pl.Int64, "in_home_target_percent": pl.Int64, "exception_percent": pl.Int64,
              **{f"rate_{k}": pl.Int64 for k in range(RATE_KEYS)}}
    return pl.DataFrame(rows, schema=schema)


def rates_long(rules: Iterable[PaymentRules]) -> pl.DataFrame:
    """The rates as rows (agreement, rate key, pence): the shape a SQL join wants."""
    return pl.DataFrame([{"agreement_id": r.agreement_id, "rate_key": _rate_key(band, day), "rate_pence": pence}
                         for r in rules for (band, day), pence in r.rates.items()],
                        schema={"agreement_id": pl.Int64, "rate_key": pl.Int64, "rate_pence": pl.Int64})


BAND_ENUM, DAY_ENUM = pl.Enum(TIME_BANDS), pl.Enum(DAY_TYPES)
RATE_KEYS = len(TIME_BANDS) * len(DAY_TYPES)


def _rate_key(band: str, day: str) -> int:
    """Band and day type as one small integer: joining on it is much cheaper than on two strings."""
    return TIME_BANDS.index(band) * len(DAY_TYPES) + DAY_TYPES.index(day)


def _minutes(later: str, earlier: str) -> pl.Expr:
    return ((pl.col(later) - pl.col(earlier)).dt.total_seconds() // 60).cast(pl.Int64)


def _rounded(minutes: pl.Expr) -> pl.Expr:
    step = pl.col("step")
    return (pl.when(pl.col("rounding") == "up").then((minutes + step - 1) // step * step)
            .when(pl.col("rounding") == "down").then(minutes // step * step)
            .when(pl.col("rounding") == "nearest").then((minutes + step // 2) // step * step)
            .otherwise(minutes))


def per_visit(visits: pl.LazyFrame, rules: pl.LazyFrame, bank_holidays: Sequence[date] = ()) -> pl.LazyFrame:
    """Each visit with its minutes, amount and flags (lazy)."""
    hour = pl.col("scheduled_start").dt.hour()
    day = pl.col("scheduled_start").dt.date()
    missed = pl.col("check_in").is_null() | pl.col("check_out").is_null()
    frame = (
        visits.join(rules, on="agreement_id", how="left")
        .with_columns(
            planned_minutes=_minutes("scheduled_end", "scheduled_start"),
            actual_minutes=pl.when(missed).then(0).otherwise(_minutes("check_out", "check_in")),
            missed=missed,
            band_code=pl.when((hour >= 7) & (hour < 19)).then(0).when((hour >= 19) & (hour < 22)).then(1)
            .otherwise(2).cast(pl.Int8),
            day_code=pl.when(day.is_in(list(bank_holidays))).then(2)
            .when(pl.col("scheduled_start").dt.weekday() >= 6).then(1).otherwise(0).cast(pl.Int8),
            week=pl.col("scheduled_start").dt.truncate("1w").dt.date(),
        )
        .with_columns(rate_key=(pl.col("band_code") * len(DAY_TYPES) + pl.col("day_code")).cast(pl.Int8))
        .with_columns(rate_pence=pl.coalesce(
            [pl.when(pl.col("rate_key") == k).then(pl.col(f"rate_{k}")) for k in range(RATE_KEYS)]))
        .with_columns(base=pl.when(pl.col("basis") == "planned").then(pl.col("planned_minutes"))
                      .otherwise(pl.col("actual_minutes")))
        .with_columns(rounded=_rounded(pl.col("base")))
        .with_columns(capped=pl.when(pl.col("cap_tolerance").is_not_null())
                      .then(pl.min_horizontal("rounded", pl.col("planned_minutes") + pl.col("cap_tolerance")))
                      .otherwise(pl.col("rounded")))
        .with_columns(paid_minutes=pl.when(pl.col("missed")).then(0)
                      .when(pl.col("minimum_minutes").is_not_null())
                      .then(pl.max_horizontal("capped", "minimum_minutes"))
                      .otherwise(pl.col("capped")).cast(pl.Int64))
        .with_columns(
            amount_pence=(pl.col("paid_minutes") * pl.col("rate_pence") * 2 + 60) // 120,
            late=~pl.col("missed") & (_minutes("check_in", "scheduled_start") > pl.col("late_after")),
            short=~pl.col("missed") & (pl.col("actual_minutes") * 100
                                       < pl.col("planned_minutes") * pl.col("short_below_percent")),
            manual=pl.col("method") == "manual",
            in_home=~pl.col("missed") & pl.col("method").is_in(["call", "app"]),
        )
    )
    return frame.select("visit_id", "provider_id", "agreement_id", "week",
                        pl.col("band_code").replace_strict(dict(enumerate(TIME_BANDS)), return_dtype=BAND_ENUM)
                        .alias("time_band"),
                        pl.col("day_code").replace_strict(dict(enumerate(DAY_TYPES)), return_dtype=DAY_ENUM)
                        .alias("day_type"),
                        "planned_minutes", "actual_minutes", "paid_minutes", "rate_pence", "amount_pence",
                        "missed", "late", "short", "manual", "in_home", "in_home_target_percent",
                        "exception_percent")


def per_provider_week(visits: pl.LazyFrame) -> pl.LazyFrame:
    """Totals and KPIs per provider and week, from `per_visit`'s rows (lazy)."""
    flagged = pl.col("missed") | pl.col("late") | pl.col("short")
    took_place = (~pl.col("missed")).sum()
    return (
        visits.group_by("provider_id", "week")
        .agg(
            visits=pl.len().cast(pl.Int64),
            amount_pence=pl.col("amount_pence").sum().cast(pl.Int64),
            missed=pl.col("missed").sum().cast(pl.Int64),
            late=pl.col("late").sum().cast(pl.Int64),
            short=pl.col("short").sum().cast(pl.Int64),
            manual=pl.col("manual").sum().cast(pl.Int64),
            in_home=pl.col("in_home").sum().cast(pl.Int64),
            took_place=took_place.cast(pl.Int64),
            flagged=flagged.sum().cast(pl.Int64),
            in_home_target_percent=pl.col("in_home_target_percent").max(),
            exception_percent=pl.col("exception_percent").min(),
        )
        .with_columns(
            meets_in_home_target=pl.col("in_home") * 100 >= pl.col("in_home_target_percent") * pl.col("took_place"),
        )
        .with_columns(
            exception=(pl.col("flagged") * 100 > pl.col("exception_percent") * pl.col("visits"))
            | ~pl.col("meets_in_home_target"),
            in_home_share=pl.when(pl.col("took_place") > 0)
            .then(pl.col("in_home") / pl.col("took_place")).otherwise(None),
        )
        .sort("provider_id", "week")
    )


def reconcile(visits: pl.LazyFrame | pl.DataFrame, rules: Iterable[PaymentRules],
              bank_holidays: Sequence[date] = ()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per-visit results and per-provider-week totals, materialised. Visits whose agreement has no
    rules, or no rate for the visit's band and day, are refused: nothing is paid on a guess."""
    lazy = visits.lazy() if isinstance(visits, pl.DataFrame) else visits
    visit_rows = per_visit(lazy.cast(VISIT_SCHEMA), rules_frame(rules).lazy(), bank_holidays)
    results = visit_rows.collect()
    unpriced = results.filter(pl.col("rate_pence").is_null())
    if unpriced.height:
        raise ValueError(f"{unpriced.height} visits have no payment rules or rate, e.g. visit "
                         f"{unpriced['visit_id'][0]} of agreement {unpriced['agreement_id'][0]}")
    return results, per_provider_week(results.lazy()).collect()


def reconcile_parquet(paths: Sequence[str | Path], rules: Iterable[PaymentRules],
                      bank_holidays: Sequence[date] = (), out_dir: str | Path | None = None
                      ) -> tuple[pl.DataFrame | None, pl.DataFrame]:
    """The same from Parquet files, scanned lazily. With `out_dir`, per-visit results stream to
    `visits.parquet` there (never all in memory) and only the weekly totals are returned."""
    visits = pl.scan_parquet([str(p) for p in paths]).cast(VISIT_SCHEMA)
    rows = per_visit(visits, rules_frame(rules).lazy(), bank_holidays)
    if out_dir is None:
        results = rows.collect()
        return results, per_provider_week(results.lazy()).collect()
    target = Path(out_dir) / "visits.parquet"
    rows.sink_parquet(target)
    unpriced = pl.scan_parquet(target).filter(pl.col("rate_pence").is_null()).select(pl.len()).collect().item()
    if unpriced:
        target.unlink()
        raise ValueError(f"{unpriced} visits have no payment rules or rate")
    return None, per_provider_week(pl.scan_parquet(target)).collect()
