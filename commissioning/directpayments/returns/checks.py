"""The national checks, run on the file as built (every value text, as it will be sent): mandatory by
event type, permitted values compared exactly (capitals included), dates and numbers in their form,
and an event's end not before its start. Every failure names its row, the person and event to fix,
the field, the value and the rule. A value outside a list the release file gives only in part is a
warning (the file says the list is incomplete), never a failure."""
from datetime import date

import polars as pl

from .spec import Rule, Spec

FAILURE = "failure"
WARNING = "warning"
REPORT_SCHEMA = {"row": pl.Int64, "person": pl.Utf8, "event": pl.Utf8, "field": pl.Utf8, "value": pl.Utf8,
                 "severity": pl.Utf8, "message": pl.Utf8}
DATE_FORM = r"^\d{4}-\d{2}-\d{2}$"
NUMBER_FORM = r"^\d{1,16}(\.\d{1,2})?$"
CARER_BY_ASSOCIATION = ["Unpaid carer known by association", "Carer known by association"]
SHORT_TERM_BEDS = ["short term residential care", "short term nursing care", "carer respite"]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def applies(rule: str, period_end: date) -> pl.Expr:
    """Where a field is mandatory, as an expression over the file's columns."""
    event = pl.col("Event Type")
    client = pl.col("Client Type")
    not_kba = ~client.is_in(CARER_BY_ASSOCIATION)
    service_user = client.str.to_lowercase() == "service user"
    if rule == Rule.ALWAYS:
        return pl.lit(True)
    if rule == Rule.NOT_REQUEST:
        return ~event.is_in(["Request", "Referral"])
    if rule == Rule.EVENT:
        return not_kba
    if rule == Rule.NOT_SERVICE:
        return (not_kba & (event != "Service")) | (pl.col("Date of Death") != "")
    if rule == Rule.REQUEST:
        return not_kba & event.is_in(["Request", "Referral"])
    if rule == Rule.ASSESSMENT:
        return not_kba & (event == "Assessment")
    if rule == Rule.SERVICE:
        return not_kba & (event == "Service")
    if rule == Rule.REVIEW:
        return not_kba & (event == "Review")
    if rule == Rule.PLANNED_REVIEW:
        return not_kba & (event == "Review") & pl.col("Review Reason").str.to_lowercase().str.starts_with("planned")
    if rule == Rule.FUNDING:
        return service_user & event.is_in(["Service", "Review"])
    if rule == Rule.EMPLOYMENT:
        born = pl.col("Date of Birth").str.to_date("%Y-%m-%d", strict=False)
        return (service_user & (pl.col("Primary Support Reason") == "Learning Disability Support")
                & (born <= _years_before(period_end, 18)) & (born > _years_before(period_end, 65)))
    if rule == Rule.COST:
        service_type = pl.col("Service Type").str.to_lowercase()
        return (not_kba & (event == "Service")
                & (pl.col("Delivery Mechanism").str.to_lowercase() != "cassr commissioned support")
                & (service_type.str.starts_with("long term") | service_type.str.starts_with("unpaid carer support")
                   | service_type.str.starts_with("carer support")
                   | pl.col("Service Component").str.to_lowercase().is_in(SHORT_TERM_BEDS)))
    return pl.lit(False)


def _checks(spec: Spec, period_end: date, columns: set[str]):
    """(field, severity, failing expression, message expression) for every rule of every field."""
    for field in spec.fields:
        if field.name not in columns:
            yield field.name, FAILURE, pl.lit(True), pl.lit(f"{field.name} is not a column of the file")
            continue
        value = pl.col(field.name)
        given = value != ""
        if field.rule:
            yield (field.name, FAILURE, ~given & applies(field.rule, period_end),
                   pl.lit(f"{field.name} is missing: it must be given on {field.rule}"))
        quoted = pl.lit(f"{field.name} “") + value + pl.lit("” ")
        if field.kind == "date":
            bad = given & (~value.str.contains(DATE_FORM) | value.str.to_date("%Y-%m-%d", strict=False).is_null())
            yield field.name, FAILURE, bad, quoted + pl.lit("is not a real date written year-month-day")
        elif field.kind == "numeric":
            yield (field.name, FAILURE, given & ~value.str.contains(NUMBER_FORM),
                   quoted + pl.lit("must be a number of 0 or more with at most 2 decimal places"))
        elif field.strength == "full":
            yield (field.name, FAILURE, given & ~value.is_in(list(field.permitted)),
                   quoted + pl.lit("is not one of the release's values for it (compared exactly, capitals "
                                   "included)"))
        elif field.strength == "partial":
            known = value.is_in(list(field.permitted))
            for prefix in field.prefixes:
                known = known | value.str.to_lowercase().str.starts_with(prefix)
            yield (field.name, WARNING, given & ~known,
                   quoted + pl.lit("is not among the values the release file lists, which it says are only "
                                   "part of the list: check it against the specification"))
    if {"Event Start Date", "Event End Date"} <= columns:
        start = pl.col("Event Start Date").str.to_date("%Y-%m-%d", strict=False)
        end = pl.col("Event End Date").str.to_date("%Y-%m-%d", strict=False)
        yield ("Event End Date", FAILURE, end < start,
               pl.lit("Event End Date is before the Event Start Date"))
        yield ("Event Start Date", FAILURE, start > period_end,
               pl.lit("Event Start Date is after the end of the reporting period"))


def check_return(frame: pl.DataFrame, *, spec: Spec, period_end: date) -> pl.DataFrame:
    """Every failure and warning of the file, one row each, in row order (row 2 is the first event:
    row 1 is the header)."""
    columns = set(frame.columns)
    person = pl.col("LA Person Unique Identifier") if "LA Person Unique Identifier" in columns else pl.lit("")
    event = pl.col("Event Reference") if "Event Reference" in columns else pl.lit("")
    numbered = frame.lazy().with_row_index("row", offset=2)
    parts = []
    for name, severity, failing, message in _checks(spec, period_end, columns):
        value = pl.col(name) if name in columns else pl.lit("")
        parts.append(numbered.filter(failing).select(
            pl.col("row").cast(pl.Int64), person.alias("person"), event.alias("event"), pl.lit(name).alias("field"),
            value.alias("value"), pl.lit(severity).alias("severity"), message.alias("message")))
    if not parts:
        return pl.DataFrame(schema=REPORT_SCHEMA)
    return pl.concat(pl.collect_all(parts)).sort(["row", "field"])
