"""The same payment rules, one visit at a time in plain Python: the reference the columnar
reconciliation is tested against, and the row-by-row baseline of the benchmark."""
from collections import defaultdict
from datetime import date, datetime, timedelta

from .reconciliation import PaymentRules


def _minutes(later: datetime, earlier: datetime) -> int:
    return int((later - earlier).total_seconds() // 60)


def _round(minutes: int, rounding: str, step: int) -> int:
    if rounding == "up":
        return -(-minutes // step) * step
    if rounding == "down":
        return minutes // step * step
    if rounding == "nearest":
        return (minutes + step // 2) // step * step
    return minutes


def band_of(start: datetime) -> str:
    return "day" if 7 <= start.hour < 19 else "evening" if 19 <= start.hour < 22 else "night"


def day_type_of(start: datetime, bank_holidays: set[date]) -> str:
    if start.date() in bank_holidays:
        return "bank_holiday"
    return "weekend" if start.weekday() >= 5 else "weekday"


def visit_result(visit: dict, rules: PaymentRules, bank_holidays: set[date]) -> dict:
    start, end = visit["scheduled_start"], visit["scheduled_end"]
    check_in, check_out = visit["check_in"], visit["check_out"]
    missed = check_in is None or check_out is None
    planned = _minutes(end, start)
    actual = 0 if missed else _minutes(check_out, check_in)
    base = planned if rules.basis == "planned" else actual
    paid = _round(base, rules.rounding, rules.step)
    if rules.cap_tolerance is not None:
        paid = min(paid, planned + rules.cap_tolerance)
    if rules.minimum_minutes is not None:
        paid = max(paid, rules.minimum_minutes)
    if missed:
        paid = 0
    rate = rules.rates[(band_of(start), day_type_of(start, bank_holidays))]
    return {
        "visit_id": visit["visit_id"], "provider_id": visit["provider_id"],
        "week": (start - timedelta(days=start.weekday())).date(),
        "paid_minutes": paid, "amount_pence": (paid * rate * 2 + 60) // 120,
        "missed": missed,
        "late": not missed and _minutes(check_in, start) > rules.late_after,
        "short": not missed and actual * 100 < planned * rules.short_below_percent,
        "manual": visit["method"] == "manual",
        "in_home": not missed and visit["method"] in ("call", "app"),
        "target": rules.in_home_target_percent, "exception_level": rules.exception_percent,
    }


def weekly_totals(results: list[dict]) -> dict[tuple[int, date], dict]:
    weeks: dict[tuple[int, date], dict] = defaultdict(lambda: {
        "visits": 0, "amount_pence": 0, "missed": 0, "late": 0, "short": 0, "manual": 0, "in_home": 0,
        "took_place": 0, "flagged": 0, "target": 0, "exception_level": 100})
    for r in results:
        w = weeks[(r["provider_id"], r["week"])]
        w["visits"] += 1
        w["amount_pence"] += r["amount_pence"]
        for flag in ("missed", "late", "short", "manual", "in_home"):
            w[flag] += int(r[flag])
        w["took_place"] += int(not r["missed"])
        w["flagged"] += int(r["missed"] or r["late"] or r["short"])
        w["target"] = max(w["target"], r["target"])
        w["exception_level"] = min(w["exception_level"], r["exception_level"])
    for w in weeks.values():
        w["meets_in_home_target"] = w["in_home"] * 100 >= w["target"] * w["took_place"]
        w["exception"] = w["flagged"] * 100 > w["exception_level"] * w["visits"] or not w["meets_in_home_target"]
    return dict(weeks)
