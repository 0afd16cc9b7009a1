"""Money that cannot go wrong: a visit is paid at most once (within a file, across files, and by the
database itself), only care given inside an agreement's dates and not in the future is paid, only
delivered weeks and periods inside an agreement are invoiced, and a payment run pays exactly the
invoices it locked."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from commissioning.brokerage import services as brokerage
from commissioning.finance import services
from commissioning.finance.models import ActualsFile, Invoice, PaymentRun, ProviderWeek, Visit

from .test_payments import HEADER, csv_for, home_agreement, week_start  # noqa: F401 (a fixture)


def _row(placed, start, *, reference="ECM-1", agreement=0, minutes=30, carer="C1"):
    end = start + timedelta(minutes=minutes)
    return (f"{reference},{placed['provider'].name},{placed['agreements'][agreement].reference},{carer},"
            f"{start:%Y-%m-%dT%H:%M},{end:%Y-%m-%dT%H:%M},{start:%Y-%m-%dT%H:%M},{end:%Y-%m-%dT%H:%M},call,")


def _file(*rows) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def _at(day, hour=8, minute=0):
    from datetime import datetime
    return datetime(day.year, day.month, day.day, hour, minute)


def _refused(placed, data) -> list[str]:
    with pytest.raises(ValidationError) as error:
        services.actuals_import(provider=placed["provider"], by=placed["user"], data=data, file_name="week.csv")
    return error.value.messages


# A visit is paid once ---------------------------------------------------------------------------------

def test_the_same_visit_three_times_in_one_file_is_refused_with_the_rows_named(placed):
    visit = _row(placed, _at(week_start()))
    messages = _refused(placed, _file(visit, visit, visit))
    assert "Rows 3 and 4 are the same visit as row 2 (the same agreement and scheduled start): a visit is paid " \
           "once, so send it once" in messages
    assert not Visit.objects.exists() and not ActualsFile.objects.exists()


def test_repeats_are_named_against_the_first_row_of_each_visit(placed):
    monday = week_start()
    first, second = _row(placed, _at(monday)), _row(placed, _at(monday, 17))
    other = _row(placed, _at(monday), agreement=1)
    messages = _refused(placed, _file(first, second, other, first, second, first))
    assert "Rows 5 and 7 are the same visit as row 2 (the same agreement and scheduled start): a visit is paid " \
           "once, so send it once" in messages
    assert any(m.startswith("Row 6 is the same visit as row 3") for m in messages)
    assert not any("row 4" in m for m in messages), "the other agreement's visit at the same time is its own"


def test_a_visit_uploaded_before_under_another_file_reference_is_refused_with_that_file_named(placed):
    monday = week_start()
    services.actuals_import(provider=placed["provider"], by=placed["user"], file_name="a.csv",
                            data=_file(_row(placed, _at(monday), reference="ECM-A")))
    again = _file(_row(placed, _at(monday, 17), reference="ECM-B"), _row(placed, _at(monday), reference="ECM-B",
                                                                          carer="C2", minutes=45))
    messages = _refused(placed, again)
    assert messages == ["Row 3 is a visit already uploaded in file ECM-A: a visit is paid once"]
    assert Visit.objects.count() == 1 and ProviderWeek.objects.get().visits == 1


def test_the_database_refuses_a_second_row_for_the_same_visit(placed):
    services.actuals_import(provider=placed["provider"], by=placed["user"], file_name="a.csv",
                            data=_file(_row(placed, _at(week_start()), reference="ECM-A")))
    visit = Visit.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(file=visit.file, agreement=visit.agreement, carer="C9", week=visit.week,
                             scheduled_start=visit.scheduled_start, scheduled_end=visit.scheduled_end, method="app")


def test_a_file_racing_another_with_the_same_visit_imports_nothing(placed, monkeypatch):
    """Two files checked before either was imported: the second meets the database's refusal."""
    monday = week_start()
    services.actuals_import(provider=placed["provider"], by=placed["user"], file_name="a.csv",
                            data=_file(_row(placed, _at(monday), reference="ECM-A")))
    monkeypatch.setattr("commissioning.finance.services.actuals._already_uploaded", lambda first_row, stored: [])
    messages = _refused(placed, _file(_row(placed, _at(monday, 17), reference="ECM-B"),
                                      _row(placed, _at(monday), reference="ECM-B")))
    assert "a visit is paid once, so nothing of this file was imported" in messages[0]
    assert Visit.objects.count() == 1 and not ActualsFile.objects.filter(reference="ECM-B").exists()


# Only care given inside the agreement, and not in the future --------------------------------------------

def test_visits_before_the_agreement_started_are_refused_with_the_rows_named(placed):
    agreement = placed["agreements"][0]
    before = agreement.start_date - timedelta(days=2)
    messages = _refused(placed, _file(_row(placed, _at(agreement.start_date)), _row(placed, _at(before)),
                                      _row(placed, _at(before, 17))))
    assert messages == [f"Rows 3 and 4: the visit is before agreement {agreement.reference} started on "
                        f"{agreement.start_date:%-d %B %Y}"]


def test_visits_after_the_agreement_ended_are_refused_but_those_before_are_paid(placed, broker):
    from commissioning.brokerage.models import AgreementStatusEvent

    agreement = brokerage.agreement_end(agreement=placed["agreements"][0], by=broker, reason="Moved to a care home")
    ended = timezone.localdate() - timedelta(days=3)
    AgreementStatusEvent.objects.filter(agreement=agreement, event="end").update(
        at=timezone.make_aware(_at(ended, 12)))
    messages = _refused(placed, _file(_row(placed, _at(ended - timedelta(days=1))),
                                      _row(placed, _at(ended + timedelta(days=1)))))
    assert messages == [f"Row 3: the visit is after agreement {agreement.reference} ended on {ended:%-d %B %Y}"]
    upload = services.actuals_import(provider=placed["provider"], by=placed["user"], file_name="a.csv",
                                     data=_file(_row(placed, _at(ended), reference="ECM-E")))
    assert upload.visits == 1


def test_visits_in_the_future_are_refused_with_the_rows_named(placed):
    tomorrow = timezone.localdate() + timedelta(days=1)
    messages = _refused(placed, _file(_row(placed, _at(week_start())), _row(placed, _at(tomorrow)),
                                      _row(placed, _at(tomorrow, 17))))
    assert len(messages) == 1 and messages[0].startswith("Rows 3 and 4: the visit is in the future")
    assert not Visit.objects.exists()


# Invoices cover delivered care only --------------------------------------------------------------------

def test_a_week_not_over_yet_cannot_be_invoiced(placed, finance_officer):
    today = timezone.localdate()
    earlier_today = timezone.localtime() - timedelta(minutes=10)
    services.actuals_import(provider=placed["provider"], by=placed["user"], file_name="now.csv",
                            data=_file(_row(placed, earlier_today.replace(tzinfo=None, second=0, microsecond=0),
                                            minutes=5)))
    week = ProviderWeek.objects.get()
    assert week.week == services.monday(today)
    with pytest.raises(ValidationError, match="is not over yet"):
        services.invoice_from_week(week=week, by=finance_officer)
    assert not Invoice.objects.exists()


def test_a_scheduled_invoice_charges_only_the_days_inside_the_agreement(home_agreement, finance_officer):  # noqa: F811
    start = services.monday(home_agreement.start_date) - timedelta(weeks=1)  # a week before it started
    first_day = home_agreement.start_date
    invoice = services.invoices_on_schedule(period_start=start, by=finance_officer)[0]
    days_inside = (start + timedelta(days=27) - first_day).days + 1
    assert invoice.total_pence == round(80_000 * days_inside / 7)
    assert f"{days_inside} days of the 4 weeks ending" in invoice.lines.get().description


def test_a_scheduled_invoice_stops_at_the_day_the_agreement_ended(home_agreement, finance_officer, broker):  # noqa: F811
    from commissioning.brokerage.models import Agreement, AgreementStatusEvent
    Agreement.objects.filter(pk=home_agreement.pk).update(status="ended")
    event = AgreementStatusEvent.objects.create(agreement=home_agreement, by=broker, event="end",
                                                from_status="accepted", to_status="ended", note="Died")
    ended = services.monday(home_agreement.start_date) + timedelta(weeks=5, days=2)
    AgreementStatusEvent.objects.filter(pk=event.pk).update(at=timezone.make_aware(_at(ended, 12)))
    start = services.monday(home_agreement.start_date) + timedelta(weeks=4)
    invoice = services.invoices_on_schedule(period_start=start, by=finance_officer)[0]
    assert invoice.total_pence == 80_000 + round(80_000 * 3 / 7)
    assert services.invoices_on_schedule(period_start=start + timedelta(weeks=4), by=finance_officer) == []


def test_four_weeks_not_yet_delivered_are_not_invoiced(home_agreement, finance_officer):  # noqa: F811
    with pytest.raises(ValidationError, match="has not passed"):
        services.invoices_on_schedule(period_start=services.monday(timezone.localdate()), by=finance_officer)
    assert not Invoice.objects.exists()


# A payment run pays exactly what it locked --------------------------------------------------------------

def _approved_week(placed, broker, officer, weeks_back, reference):
    monday = week_start() - timedelta(weeks=weeks_back)
    services.actuals_import(provider=placed["provider"], by=placed["user"], file_name=f"{reference}.csv",
                            data=_file(_row(placed, _at(monday), reference=reference),
                                       _row(placed, _at(monday), reference=reference, agreement=1)))
    week = ProviderWeek.objects.get(week=monday)
    if week.review == ProviderWeek.Review.WITH_BROKERAGE:
        services.week_clear(week=week, by=broker, note="Agreed")
    return services.invoice_approve(invoice=services.invoice_from_week(week=week, by=officer), by=officer)


def test_an_invoice_approved_after_the_run_was_locked_is_not_paid_by_it(placed, broker, finance_officer):
    first = _approved_week(placed, broker, finance_officer, 1, "ECM-W1")
    run, job = services.payment_run_start(kind=PaymentRun.Kind.WEEKLY, period_end=timezone.localdate(),
                                          by=finance_officer)
    late = _approved_week(placed, broker, finance_officer, 0, "ECM-W2")
    run = services.payment_run_pay(run=run, by=finance_officer)
    first.refresh_from_db()
    late.refresh_from_db()
    assert list(run.invoices.all()) == [first] and first.status == Invoice.Status.PAID
    assert late.status == Invoice.Status.APPROVED and late.payment_run is None
    assert run.total_pence == first.total_pence
    later, _ = services.payment_run(kind=PaymentRun.Kind.WEEKLY, period_end=timezone.localdate() + timedelta(days=1),
                                    by=finance_officer)
    assert list(later.invoices.all()) == [late] and later.total_pence == late.total_pence


def test_a_runs_total_is_the_sum_of_the_invoices_it_paid(placed, broker, finance_officer):
    invoices = [_approved_week(placed, broker, finance_officer, n, f"ECM-S{n}") for n in (1, 2, 3)]
    run, _ = services.payment_run(kind=PaymentRun.Kind.WEEKLY, period_end=timezone.localdate(), by=finance_officer)
    assert set(run.invoices.all()) == set(invoices)
    assert run.total_pence == sum(i.total_pence for i in invoices) > 0
    assert all(i.status == Invoice.Status.PAID for i in run.invoices.all())
