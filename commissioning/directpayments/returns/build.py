"""The quarterly file: the rolling 12 months of events to the quarter's end, one row per event, every
column of the release in the release's order, every value as text the way the file carries it. Only
the personal data the specification makes mandatory is filled (NHS number, the council's pseudonymous
person reference, date of birth, postcode); names, GP practice and free-text descriptions stay empty."""
from datetime import date, timedelta

import polars as pl

from .spec import Spec

# The events frame: what `events.collect` reads from the platform and the benchmark generates.
EVENT_SCHEMA = {
    "person_ref": pl.Utf8, "nhs_number": pl.Utf8, "gender": pl.Utf8, "ethnicity": pl.Utf8,
    "date_of_birth": pl.Date, "date_of_death": pl.Date, "client_type": pl.Utf8,
    "primary_support_reason": pl.Utf8, "postcode": pl.Utf8, "accommodation_status": pl.Utf8,
    "employment_status": pl.Utf8, "has_unpaid_carer": pl.Utf8, "client_funding_status": pl.Utf8,
    "event_type": pl.Utf8, "event_ref": pl.Utf8, "event_start": pl.Date, "event_end": pl.Date,
    "event_outcome": pl.Utf8, "route_of_access": pl.Utf8, "service_type": pl.Utf8, "service_component": pl.Utf8,
    "delivery_mechanism": pl.Utf8, "provider_cqc_id": pl.Utf8, "review_reason": pl.Utf8,
    "review_outcomes": pl.Utf8, "review_method": pl.Utf8, "unit_cost_pence": pl.Int64, "cost_frequency": pl.Utf8,
    "planned_units_centi": pl.Int64,
}

# Release field → the events column it is filled from. Fields not named are left empty.
FILLED_FROM = {
    "NHS Number": "nhs_number", "LA Person Unique Identifier": "person_ref", "Gender": "gender",
    "Ethnicity": "ethnicity", "Date of Birth": "date_of_birth", "Date of Death": "date_of_death",
    "Client Type": "client_type", "Primary Support Reason": "primary_support_reason", "Postcode": "postcode",
    "Accommodation Status": "accommodation_status", "Employment Status": "employment_status",
    "Has Unpaid Carer": "has_unpaid_carer", "Client Funding Status": "client_funding_status",
    "Event Type": "event_type", "Event Reference": "event_ref", "Event Start Date": "event_start",
    "Event End Date": "event_end", "Event Outcome": "event_outcome", "Request: Route of Access": "route_of_access",
    "Service Type": "service_type", "Service Component": "service_component",
    "Delivery Mechanism": "delivery_mechanism", "Provider CQC Location ID": "provider_cqc_id",
    "Review Reason": "review_reason", "Review Outcomes Achieved": "review_outcomes",
    "Method of Review": "review_method",
    "Unit Cost": "unit_cost_pence", "Cost Frequency (Unit Type)": "cost_frequency",
    "Planned units per week": "planned_units_centi",
}
HUNDREDTHS = {"unit_cost_pence", "planned_units_centi"}


def rolling_year(quarter_end: date) -> date:
    """The first day of the 12 months that end on `quarter_end` (1 April 2025 for 31 March 2026)."""
    after = quarter_end + timedelta(days=1)
    day = min(after.day, 28) if after.month == 2 else after.day
    return date(after.year - 1, after.month, day)


QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))


def is_quarter_end(day: date) -> bool:
    return (day.month, day.day) in QUARTER_ENDS


def last_quarter_end(today: date) -> date:
    """The latest quarter end on or before `today`."""
    ends = [date(y, m, d) for y in (today.year - 1, today.year) for m, d in QUARTER_ENDS]
    return max(e for e in ends if e <= today)


def empty_events() -> pl.DataFrame:
    return pl.DataFrame(schema=EVENT_SCHEMA)


def in_period(events: pl.DataFrame | pl.LazyFrame, period_start: date, period_end: date):
    """Events of the period as they stood at its end: started by its end and not ended before its start.
    A request, assessment or review not concluded by the period's end waits for the next return; a
    service that ended after the period's end was still open at it, so it is sent with no end date."""
    after = pl.col("event_end") > period_end
    return (events.filter((pl.col("event_start") <= period_end)
                          & (pl.col("event_end").is_null() | (pl.col("event_end") >= period_start))
                          & ~(after.fill_null(False) & (pl.col("event_type") != "Service")))
            .with_columns(pl.when(after).then(None).otherwise(pl.col("event_end")).alias("event_end")))


def _text(name: str, column: str, dtype) -> pl.Expr:
    col = pl.col(column)
    if dtype == pl.Date:
        value = col.dt.strftime("%Y-%m-%d")
    elif column in HUNDREDTHS:
        value = (col // 100).cast(pl.Utf8) + "." + (col % 100).cast(pl.Utf8).str.zfill(2)
    else:
        value = col
    return value.fill_null("").alias(name)


def build_return(events: pl.DataFrame, *, spec: Spec, la_code: str, period_start: date,
                 period_end: date) -> pl.DataFrame:
    """The file's rows, in the release's columns and order, every value text ('' when not given)."""
    rows = (in_period(events.lazy(), period_start, period_end)
            .sort(["person_ref", "event_start", "event_ref"], nulls_last=True))
    columns = []
    for field in spec.fields:
        if field.name == "LA Code":
            columns.append(pl.lit(la_code).alias(field.name))
        elif field.name == "Reporting Period Start Date":
            columns.append(pl.lit(period_start.isoformat()).alias(field.name))
        elif field.name == "Reporting Period End Date":
            columns.append(pl.lit(period_end.isoformat()).alias(field.name))
        elif field.name in FILLED_FROM:
            column = FILLED_FROM[field.name]
            columns.append(_text(field.name, column, EVENT_SCHEMA[column]))
        else:
            columns.append(pl.lit("").alias(field.name))
    return rows.select(columns).collect()


def to_csv(frame: pl.DataFrame) -> bytes:
    """The file as sent: a header of the release's field names, then one line per event."""
    return frame.write_csv(quote_style="necessary", line_terminator="\r\n").encode("utf-8")


def read_csv(content: bytes) -> pl.DataFrame:
    """A built file read back, every value as text, for checking a file as it will be sent."""
    import io

    frame = pl.read_csv(io.BytesIO(content), infer_schema=False)
    return frame.with_columns(pl.all().fill_null(""))
