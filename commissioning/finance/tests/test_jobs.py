"""Actuals imports and payment runs run as jobs: the page starts the job and leads to its page, the
job ends with its outcome and a link to the result, a failure says why in plain words, a job run
again after a worker restart writes nothing twice, and another organisation's user cannot open it.
The pages' jobs are enqueued when the request commits (the tests run the commit hooks)."""
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from commissioning.brokerage.choices import AgreementStatus
from commissioning.brokerage.models import Agreement
from commissioning.core.models import AuditEvent, Job
from commissioning.finance import services
from commissioning.finance.models import ActualsFile, Invoice, PaymentRun, ProviderWeek, Visit
from commissioning.finance.tasks import actuals_import_stored, payment_run_pay

from .test_payments import HEADER, csv_for, week_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def _upload(client, data: bytes):
    return client.post(reverse("portal:actuals"), {"file": SimpleUploadedFile("week.csv", data, "text/csv")})


# Actuals ------------------------------------------------------------------------------------------

def test_a_good_file_leads_to_its_job_page_and_the_job_imports_and_reconciles_it_counting_visits(
        client_for, placed, commit):
    client = client_for(placed["user"])
    with commit(execute=True):
        response = _upload(client, csv_for(placed))
        job = Job.objects.get()
        assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
        waiting = client.get(job.get_absolute_url()).content.decode()
        assert "Waiting to start" in waiting and "0 of 14 done" in waiting
        assert not Visit.objects.exists(), "the file is only stored until its job runs"
        listed = client.get(reverse("portal:actuals")).content.decode()
        assert "ECM-2026-47 (week.csv): 14 visits" in listed and "being imported" in listed
        assert f'href="{job.get_absolute_url()}">follow its progress' in listed
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.provider) == ("succeeded", 14, 14, placed["provider"])
    assert job.outcome == "14 visits imported from ECM-2026-47 and reconciled, in 1 week."
    assert job.result_url == reverse("portal:actuals")
    upload = ActualsFile.objects.get()
    assert upload.imported_at and bytes(upload.content) == b"" and Visit.objects.count() == 14
    assert ProviderWeek.objects.get().visits == 14
    page = client.get(job.get_absolute_url()).content.decode()
    assert "14 of 14 done" in page and f'href="{reverse("portal:actuals")}">See the result' in page
    assert "being imported" not in client.get(reverse("portal:actuals")).content.decode()


def test_a_bad_file_is_refused_on_the_page_and_starts_no_job_and_stores_nothing(client_for, placed, commit):
    bad = csv_for(placed).replace(placed["agreements"][0].reference.encode(), b"ISA-77777")
    with commit(execute=True):
        response = _upload(client_for(placed["user"]), bad)
    assert response.status_code == 200 and "The file was not imported: 7 problems" in response.content.decode()
    assert not Job.objects.exists() and not ActualsFile.objects.exists() and not Visit.objects.exists()


def test_a_file_that_no_longer_checks_good_when_its_job_runs_fails_in_plain_words_and_can_be_sent_again(
        client_for, placed, commit):
    client = client_for(placed["user"])
    agreement = placed["agreements"][0]
    with commit(execute=True):
        _upload(client, csv_for(placed))
        Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.ENDED)
    job = Job.objects.get()
    assert job.status == "failed"
    assert job.outcome.startswith("The file ECM-2026-47 was not imported, because since it was checked 7 problems "
                                  f"arose: Row 2: agreement {agreement.reference} is ended, not in force;")
    assert job.outcome.endswith("Nothing was imported: correct the file and upload it again.")
    assert not ActualsFile.objects.exists() and not Visit.objects.exists() and not ProviderWeek.objects.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "govuk-tag--red" in page and f"agreement {agreement.reference} is ended, not in force" in page

    Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.ACCEPTED)
    with commit(execute=True):
        _upload(client, csv_for(placed))
    assert Job.objects.latest("pk").status == "succeeded" and Visit.objects.count() == 14


def test_an_actuals_job_run_again_after_a_worker_restart_writes_no_visit_twice(client_for, placed, commit):
    with commit(execute=True):
        _upload(client_for(placed["user"]), csv_for(placed))
    job = Job.objects.get()
    # The worker died after the import committed and before the job was marked finished.
    Job.objects.filter(pk=job.pk).update(status="running", outcome="", finished_at=None)
    actuals_import_stored.enqueue(job_id=job.pk, file_id=ActualsFile.objects.get().pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("succeeded", 14, 14)
    assert Visit.objects.count() == 14 and ActualsFile.objects.count() == 1
    assert AuditEvent.objects.filter(action="imported", note__startswith="Actuals ECM-2026-47").count() == 1


def test_a_repeat_of_a_file_still_being_imported_is_refused_whole(client_for, placed):
    client = client_for(placed["user"])
    _upload(client, csv_for(placed))
    page = _upload(client, csv_for(placed)).content.decode()
    assert "File ECM-2026-47 was uploaded before: a repeat is refused whole" in page
    assert ActualsFile.objects.count() == 1 and Job.objects.count() == 1


def test_another_organisations_user_cannot_open_an_actuals_job(client_for, placed, other_provider_user,
                                                                 finance_officer, commit):
    with commit(execute=True):
        _upload(client_for(placed["user"]), csv_for(placed))
    job = Job.objects.get()
    client = client_for(other_provider_user)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert job.get_absolute_url() not in client.get(reverse("core:job_list")).content.decode()
    assert client_for(placed["user"]).get(job.get_absolute_url()).status_code == 200
    assert client_for(finance_officer).get(job.get_absolute_url()).status_code == 200


# Payment runs -------------------------------------------------------------------------------------

def _approved_invoices(placed, broker, finance_officer, weeks=2) -> list[Invoice]:
    """Invoices approved for payment, one for each of the last `weeks` weeks."""
    for n in range(weeks):
        monday = week_start() - timedelta(weeks=n)
        rows = [f"ECM-{n},{placed['provider'].name},{agreement.reference},C1,{day}T08:00,{day}T08:30,"
                f"{day}T08:00,{day}T08:30,call,"
                for agreement in placed["agreements"] for day in (monday + timedelta(days=d) for d in range(7))]
        services.actuals_import(provider=placed["provider"], by=placed["user"], file_name=f"{n}.csv",
                                data=(HEADER + "\n".join(rows) + "\n").encode())
    invoices = []
    for week in ProviderWeek.objects.order_by("week"):
        invoice = services.invoice_from_week(week=week, by=finance_officer)
        invoices.append(services.invoice_approve(invoice=invoice, by=finance_officer))
    return invoices


def _start_run(client, commit):
    with commit(execute=True):
        return client.post(reverse("finance:run_create"), {"kind": "weekly",
                                                           "period_end": timezone.localdate().isoformat()})


def test_making_a_payment_run_starts_a_job_that_pays_each_invoice_and_links_to_the_run(
        client_for, placed, broker, finance_officer, commit):
    first, second = _approved_invoices(placed, broker, finance_officer)
    client = client_for(finance_officer)
    response = _start_run(client, commit)
    job, run = Job.objects.get(), PaymentRun.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.done, job.total, job.provider) == ("succeeded", 2, 2, None)
    assert job.result_url == run.get_absolute_url() and job.subject == run
    total = first.total_pence + second.total_pence
    run.refresh_from_db()
    assert run.completed_at and run.total_pence == total and set(run.invoices.all()) == {first, second}
    assert job.outcome == f"{run}: 2 invoices paid, £{total / 100:,.0f} in total."
    page = client.get(job.get_absolute_url()).content.decode()
    assert "2 of 2 done" in page and f'href="{run.get_absolute_url()}">See the result' in page
    assert "still paying" not in client.get(run.get_absolute_url()).content.decode()


def test_a_run_whose_job_is_still_paying_says_so_and_links_to_its_progress(client_for, placed, broker,
                                                                           finance_officer):
    _approved_invoices(placed, broker, finance_officer, weeks=1)
    client = client_for(finance_officer)
    client.post(reverse("finance:run_create"), {"kind": "weekly", "period_end": timezone.localdate().isoformat()})
    job, run = Job.objects.get(), PaymentRun.objects.get()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "still paying its invoices: 0 of 1 paid so far" in page
    assert f'href="{job.get_absolute_url()}">Follow its progress' in page
    again = client.post(reverse("finance:run_create"), {"kind": "weekly",
                                                        "period_end": timezone.localdate().isoformat()}, follow=True)
    assert "nothing paid twice" in again.content.decode() and Job.objects.count() == 1


def test_a_payment_run_job_stopped_part_way_is_carried_on_and_pays_no_invoice_twice(
        client_for, placed, broker, finance_officer, monkeypatch):
    first, second = _approved_invoices(placed, broker, finance_officer)
    run, job = services.payment_run_start(kind="weekly", period_end=timezone.localdate(), by=finance_officer)
    stops = []

    def stop_after_the_first_invoice(job):
        if not stops:
            stops.append(job.done)
            raise SystemExit("the worker was stopped")

    monkeypatch.setattr("commissioning.finance.services.payments.job_checkpoint", stop_after_the_first_invoice)
    payment_run_pay.enqueue(job_id=job.pk, run_id=run.pk, by_id=finance_officer.pk)
    job.refresh_from_db()
    assert (job.status, job.done, stops) == ("queued", 1, [1]), "handed back to the queue after one invoice"
    assert list(run.invoices.filter(status="paid")) == [first] and set(run.invoices.all()) == {first, second}

    payment_run_pay.enqueue(job_id=job.pk, run_id=run.pk, by_id=finance_officer.pk)
    payment_run_pay.enqueue(job_id=job.pk, run_id=run.pk, by_id=finance_officer.pk)
    job.refresh_from_db()
    run.refresh_from_db()
    assert (job.status, job.done, job.total) == ("succeeded", 2, 2)
    assert set(run.invoices.all()) == {first, second} and run.total_pence == first.total_pence + second.total_pence
    for invoice in (first, second):
        assert invoice.status_events.filter(event="pay").count() == 1
    assert services.payment_run_pay(run=run, by=finance_officer).total_pence == run.total_pence


def test_a_payment_run_job_that_fails_says_why_and_making_the_run_again_carries_it_on(
        client_for, placed, broker, finance_officer, commit, monkeypatch):
    first, second = _approved_invoices(placed, broker, finance_officer)
    real_pay = services.invoice_pay

    def pay_once_then_fail(*, invoice, run, by):
        if run.invoices.filter(status="paid").exists():
            raise ConnectionError("the payments database went away")
        return real_pay(invoice=invoice, run=run, by=by)

    monkeypatch.setattr("commissioning.finance.services.payments.invoice_pay", pay_once_then_fail)
    client = client_for(finance_officer)
    _start_run(client, commit)
    job, run = Job.objects.get(), PaymentRun.objects.get()
    assert job.status == "failed" and job.done == 1
    assert job.outcome.startswith("The job stopped because of an error in the system (the payments database went "
                                  "away). Nothing after the last completed step was saved.")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "govuk-tag--red" in page and "the payments database went away" in page
    assert list(run.invoices.filter(status="paid")) == [first] and run.completed_at is None
    stopped = client.get(run.get_absolute_url()).content.decode()
    assert "This run stopped before it paid every invoice due" in stopped and "Make the run again</a>" in stopped

    monkeypatch.setattr("commissioning.finance.services.payments.invoice_pay", real_pay)
    response = _start_run(client, commit)
    carried_on = Job.objects.latest("pk")
    assert response["Location"] == carried_on.get_absolute_url() and carried_on.title == f"{run}, carried on"
    run.refresh_from_db()
    assert carried_on.status == "succeeded" and (carried_on.done, carried_on.total) == (2, 2)
    assert set(run.invoices.all()) == {first, second} and run.completed_at
    assert first.status_events.filter(event="pay").count() == 1
    assert "This run stopped" not in client.get(run.get_absolute_url()).content.decode()


def test_a_provider_user_cannot_open_a_payment_run_job(client_for, placed, broker, finance_officer, commit):
    _approved_invoices(placed, broker, finance_officer, weeks=1)
    _start_run(client_for(finance_officer), commit)
    job = Job.objects.get()
    assert client_for(placed["user"]).get(job.get_absolute_url()).status_code == 404
