"""The national checks at their edges, on files built in the test (no database): mandatory by event type,
permitted values compared exactly, numbers and dates in their form, lists the release gives in part."""
import csv
from datetime import date

import polars as pl
import pytest
from django.conf import settings

from commissioning.directpayments.returns.build import build_return, empty_events, rolling_year
from commissioning.directpayments.returns.checks import check_return
from commissioning.directpayments.returns.spec import load_spec

SPEC = load_spec()
END = date(2026, 3, 31)

# A Service row that passes every check: a direct payment to a service user.
GOOD = {
    "LA Code": "507", "Reporting Period Start Date": "2025-04-01", "Reporting Period End Date": "2026-03-31",
    "NHS Number": "9434765919", "LA Person Unique Identifier": "P-000001", "Gender": "Female",
    "Ethnicity": "White: Irish", "Date of Birth": "1950-01-01", "Client Type": "Service user",
    "Primary Support Reason": "Learning Disability Support", "Postcode": "DE22 1GB",
    "Accommodation Status": "Owner occupier or shared ownership scheme", "Has Unpaid Carer": "Unknown",
    "Client Funding Status": "Fully social care funded", "Event Type": "Service", "Event Reference": "DP-00001",
    "Event Start Date": "2025-06-01", "Event Outcome": "Continuation of support or services",
    "Service Type": "Long term support: Community", "Service Component": "Direct payment",
    "Delivery Mechanism": "Direct payment", "Unit Cost": "200.00", "Cost Frequency (Unit Type)": "Weekly",
    "Planned units per week": "1.00",
}


def frame(*rows):
    return pl.DataFrame([{name: {**GOOD, **row}.get(name, "") for name in SPEC.names} for row in rows],
                        schema=dict.fromkeys(SPEC.names, pl.Utf8))


def found(*rows, severity="failure"):
    report = check_return(frame(*rows), spec=SPEC, period_end=END)
    return sorted({(r["field"], r["row"]) for r in report.iter_rows(named=True) if r["severity"] == severity})


def test_a_good_row_passes_every_check():
    assert found({}) == [] and found({}, severity="warning") == []


def test_the_columns_are_the_release_files_in_its_order():
    with open(settings.SHARED_DATA_DIR / "cld" / "cld_release2_fields.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_position = sorted(rows, key=lambda r: int(r["position"]) if r["position"] else -1)
    assert SPEC.names == [r["field"] for r in by_position]
    assert SPEC.names[0] == "LA Code" and SPEC.names[-1] == "Planned units per week" and len(SPEC.names) == 50


@pytest.mark.parametrize(("row", "failing"), [
    ({"NHS Number": ""}, [("NHS Number", 2)]),
    ({"Primary Support Reason": "", "Event Type": "Request", "Request: Route of Access": "Planned entry",
      "Event End Date": "2025-06-02"}, []),
    ({"Primary Support Reason": ""}, [("Primary Support Reason", 2)]),
    ({"Event End Date": ""}, []),
    ({"Event Type": "Review", "Review Reason": "Unplanned review", "Method of Review": "Face to face"},
     [("Event End Date", 2)]),
    ({"Date of Death": "2026-01-01"}, [("Event End Date", 2)]),
    ({"Event Type": "Request", "Event End Date": "2025-06-02"}, [("Request: Route of Access", 2)]),
    ({"Service Type": ""}, [("Service Type", 2)]),
    ({"Event Type": "Review", "Event End Date": "2025-06-01", "Review Reason": "Planned review",
      "Method of Review": "Face to face"}, [("Review Outcomes Achieved", 2)]),
    ({"Event Type": "Assessment", "Event End Date": "2025-06-01"},
     [("Assessment Type", 2), ("Method of Assessment", 2)]),
    ({"Client Funding Status": ""}, [("Client Funding Status", 2)]),
    ({"Client Funding Status": "", "Event Type": "Request", "Event End Date": "2025-06-02",
      "Request: Route of Access": "Planned entry"}, []),
    ({"Client Type": "Unpaid carer known by association", "Event Type": "", "Event Start Date": "",
      "Event Outcome": "", "Client Funding Status": "", "Service Type": ""}, []),
    ({"Unit Cost": ""}, [("Unit Cost", 2)]),
    ({"Unit Cost": "", "Cost Frequency (Unit Type)": "", "Planned units per week": "",
      "Delivery Mechanism": "CASSR commissioned support"}, []),
    ({"Unit Cost": "", "Service Type": "Short term support: ST-Max", "Service Component": "Reablement"}, []),
])
def test_mandatory_by_event_type(row, failing):
    assert found(row) == failing


def test_employment_is_mandatory_for_learning_disability_support_from_18_to_64():
    # 18 on the period's last day: mandatory; a day younger: not; 64: mandatory; 65 on the last day: not
    assert found({"Date of Birth": "2008-03-31"}) == [("Employment Status", 2)]
    assert found({"Date of Birth": "2008-04-01"}) == []
    assert found({"Date of Birth": "1961-04-01"}) == [("Employment Status", 2)]
    assert found({"Date of Birth": "1961-03-31"}) == []
    assert found({"Date of Birth": "2000-01-01", "Primary Support Reason": "Unknown"}) == []
    assert found({"Date of Birth": "2000-01-01",
                  "Employment Status": "Paid: Less than 16 hours a week"}) == []


@pytest.mark.parametrize(("value", "fails"), [("Direct payment", False), ("direct payment", True),
                                              ("Direct Payment", True), ("Direct payment ", True)])
def test_permitted_values_are_compared_exactly(value, fails):
    assert found({"Delivery Mechanism": value}) == ([("Delivery Mechanism", 2)] if fails else [])


@pytest.mark.parametrize(("value", "fails"), [("200", False), ("200.5", False), ("200.50", False), ("0", False),
                                              ("200.505", True), ("-1", True), ("£200", True), ("2e2", True),
                                              ("1,200.00", True)])
def test_numbers_have_at_most_two_decimal_places(value, fails):
    assert found({"Unit Cost": value}) == ([("Unit Cost", 2)] if fails else [])


@pytest.mark.parametrize(("value", "fails"), [("2025-06-01", False), ("2024-02-29", False), ("2025-02-29", True),
                                              ("01/06/2025", True), ("2025-6-1", True), ("20250601", True)])
def test_dates_are_real_and_written_year_month_day(value, fails):
    assert found({"Event Start Date": value}) == ([("Event Start Date", 2)] if fails else [])


def test_an_event_cannot_end_before_it_starts_or_start_after_the_period():
    assert found({"Event End Date": "2025-05-31"}) == [("Event End Date", 2)]
    assert found({"Event End Date": "2025-06-01"}) == []
    assert found({"Event Start Date": "2026-04-01"}) == [("Event Start Date", 2)]


def test_values_outside_a_partial_list_are_warnings_only():
    assert found({"Gender": "Non-binary", "Cost Frequency (Unit Type)": "Hourly"}) == []
    assert found({"Gender": "Non-binary", "Cost Frequency (Unit Type)": "Hourly"}, severity="warning") == [
        ("Cost Frequency (Unit Type)", 2), ("Gender", 2)]
    # the release gives the unit types as beginnings: "week…" takes Weekly and weekly
    assert found({"Cost Frequency (Unit Type)": "weekly"}, severity="warning") == []


def test_every_failure_names_its_row_person_and_event():
    report = check_return(frame({}, {"NHS Number": "", "LA Person Unique Identifier": "P-000002",
                                     "Event Reference": "DP-00002"}), spec=SPEC, period_end=END)
    assert report.to_dicts() == [{"row": 3, "person": "P-000002", "event": "DP-00002", "field": "NHS Number",
                                  "value": "", "severity": "failure",
                                  "message": "NHS Number is missing: it must be given on every row"}]


def test_the_rolling_year_and_the_period_of_events():
    assert rolling_year(date(2026, 3, 31)) == date(2025, 4, 1)
    assert rolling_year(date(2025, 12, 31)) == date(2025, 1, 1)
    events = empty_events().vstack(pl.DataFrame([
        {"person_ref": "P-1", "event_ref": "old", "event_type": "Service", "event_start": date(2024, 1, 1),
         "event_end": date(2025, 3, 31)},
        {"person_ref": "P-1", "event_ref": "open", "event_type": "Service", "event_start": date(2024, 1, 1),
         "event_end": None},
        {"person_ref": "P-1", "event_ref": "edge", "event_type": "Service", "event_start": date(2024, 1, 1),
         "event_end": date(2025, 4, 1)},
        {"person_ref": "P-1", "event_ref": "late", "event_type": "Request", "event_start": date(2026, 4, 1),
         "event_end": date(2026, 4, 2)},
    ], schema=empty_events().schema))
    built = build_return(events, spec=SPEC, la_code="507", period_start=date(2025, 4, 1), period_end=END)
    assert built.columns == SPEC.names
    assert built["Event Reference"].to_list() == ["edge", "open"]
    assert built["Reporting Period Start Date"].to_list() == ["2025-04-01", "2025-04-01"]


def test_events_stand_as_they_were_at_the_periods_end():
    schema = empty_events().schema
    events = empty_events().vstack(pl.DataFrame([
        # a service that ended after the period is sent still open
        {"person_ref": "P-1", "event_ref": "service", "event_type": "Service", "event_start": date(2025, 5, 1),
         "event_end": date(2026, 5, 1)},
        # a request concluded after the period waits for the next return
        {"person_ref": "P-1", "event_ref": "request", "event_type": "Request", "event_start": date(2026, 3, 1),
         "event_end": date(2026, 4, 2)},
        {"person_ref": "P-1", "event_ref": "review", "event_type": "Review", "event_start": date(2026, 3, 31),
         "event_end": date(2026, 3, 31)},
    ], schema=schema))
    built = build_return(events, spec=SPEC, la_code="507", period_start=date(2025, 4, 1), period_end=END)
    assert built.select("Event Reference", "Event End Date").rows() == [("service", ""), ("review", "2026-03-31")]
