"""Proposing a batch allocation runs the solver as a job: the page leads to the job's page, which
links to the proposal when the job finishes; a failure says why; a job run again after a worker
restart makes no second proposal; a provider user cannot open the job. The page's job is enqueued
when the request commits (the tests run the commit hooks)."""
import pytest
from django.urls import reverse

from commissioning.brokerage import services
from commissioning.brokerage.models import AllocationRun
from commissioning.brokerage.tasks import allocation_propose_run
from commissioning.core.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def _propose(client, lot):
    return client.post(reverse("brokerage:allocation_create"), {"lot": lot.pk})


def test_proposing_an_allocation_starts_a_job_whose_result_is_the_proposal(client_for, broker, market, make_member,
                                                                           make_request, commit):
    make_member(hours=100)
    make_request(), make_request()
    client = client_for(broker)
    with commit(execute=True):
        response = _propose(client, market["lot"])
        job = Job.objects.get()
        assert response["Location"] == job.get_absolute_url()
        assert "0 of 2 done" in client.get(job.get_absolute_url()).content.decode()
        assert not AllocationRun.objects.exists(), "the solver runs in the job, not the request"
    job.refresh_from_db()
    run = AllocationRun.objects.get()
    assert (job.status, job.done, job.total, job.provider, job.subject) == ("succeeded", 2, 2, None, run)
    assert job.result_url == run.get_absolute_url() and job.title == f"Batch allocation on {market['lot']}"
    assert job.outcome == ("Proposed a provider for 2 of 2 waiting requests: review and change the proposal "
                           "before anything is awarded.")
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'href="{run.get_absolute_url()}">See the result' in page
    assert "Award 2 packages" in client.get(run.get_absolute_url()).content.decode()


def test_a_lot_with_nothing_waiting_is_refused_on_the_page_and_starts_no_job(client_for, broker, market, commit):
    with commit(execute=True):
        page = _propose(client_for(broker), market["lot"]).content.decode()
    assert "No request on this lot is waiting with its front door recorded" in page and "govuk-error-summary" in page
    assert not Job.objects.exists()


def test_a_job_whose_requests_were_taken_meanwhile_fails_in_plain_words(client_for, broker, market, make_member,
                                                                        make_request, commit):
    make_member(hours=100)
    care = make_request()
    client = client_for(broker)
    with commit(execute=True):
        _propose(client, market["lot"])
        services.request_cancel(request=care, by=broker, reason="The person moved away")
    job = Job.objects.get()
    assert (job.status, job.outcome) == (
        "failed", "No allocation was proposed: No request on this lot is waiting with its front door recorded.")
    assert not AllocationRun.objects.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "govuk-tag--red" in page and "No allocation was proposed" in page and "See the result" not in page


def test_an_allocation_job_run_again_after_a_worker_restart_makes_no_second_proposal(
        client_for, broker, market, make_member, make_request, commit):
    make_member(hours=100)
    make_request()
    with commit(execute=True):
        _propose(client_for(broker), market["lot"])
    job = Job.objects.get()
    # The worker died after the proposal committed and before the job was marked finished.
    Job.objects.filter(pk=job.pk).update(status="running", outcome="", finished_at=None)
    allocation_propose_run.enqueue(job_id=job.pk, lot_id=market["lot"].pk, by_id=broker.pk)
    job.refresh_from_db()
    run = AllocationRun.objects.get()
    assert job.status == "succeeded" and job.result_url == run.get_absolute_url()
    assert run.status_events.filter(event="propose").count() == 1


def test_a_provider_user_cannot_open_an_allocation_job(client_for, broker, provider_user, market, make_member,
                                                       make_request, commit):
    make_member(hours=100)
    make_request()
    with commit(execute=True):
        _propose(client_for(broker), market["lot"])
    job = Job.objects.get()
    assert client_for(provider_user).get(job.get_absolute_url()).status_code == 404
    assert client_for(broker).get(job.get_absolute_url()).status_code == 200
