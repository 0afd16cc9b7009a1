"""Jobs: enqueued only when the change that started them commits, followed on a page with a progress
bar, ending with an outcome in plain words and a link to the result; a provider user sees only its
own organisation's jobs; a job whose worker stopped is handed to another and carries on."""
import pytest
from django.db import transaction
from django.urls import reverse
from django_tasks import task

from commissioning.core.jobs import JobFailed, JobOutcome, job_enqueue, job_progress, job_run, jobs_resume_stalled
from commissioning.core.models import AuditEvent, Job

pytestmark = pytest.mark.django_db
STEPS = {"seen": []}


def _count(job):
    for n in range(1, 4):
        job_progress(job, done=n, total=3)
        STEPS["seen"].append(n)
    return JobOutcome("Counted to 3.", "/providers/")


def _refuse(job):
    raise JobFailed("The file you chose has been deleted, so there was nothing to import.")


def _crash(job):
    raise ZeroDivisionError("division by zero")


@task()
def count_to_three(*, job_id: int) -> str:
    return job_run(job_id, _count)


@task()
def refuse(*, job_id: int) -> str:
    return job_run(job_id, _refuse)


@task()
def crash(*, job_id: int) -> str:
    return job_run(job_id, _crash)


def _job(by, task=count_to_three, **kwargs):
    return job_enqueue(task=task, kind="count", title="Count to three", by=by, **kwargs)


def test_a_job_started_in_a_change_that_rolls_back_never_exists_or_runs(commissioner,
                                                                        django_capture_on_commit_callbacks):
    STEPS["seen"].clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _job(commissioner)
        raise RuntimeError("the request failed")
    assert not Job.objects.exists() and STEPS["seen"] == []


def test_a_committed_job_runs_to_its_outcome_with_progress_and_history(commissioner,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _job(commissioner)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.outcome, job.result_url) == (
        "succeeded", 3, 3, "Counted to 3.", "/providers/")
    assert job.task_result_id and job.started_at and job.finished_at
    assert [(e.from_status, e.to_status) for e in job.status_events.all()] == [
        ("", "queued"), ("queued", "running"), ("running", "succeeded")]
    actions = set(AuditEvent.objects.filter(object_id=job.pk, content_type__model="job")
                  .values_list("action", flat=True))
    assert {"job_started", "job_finished"} <= actions


def test_a_failing_job_tells_the_user_what_went_wrong_in_plain_words(commissioner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        refused, crashed = _job(commissioner, task=refuse), _job(commissioner, task=crash)
    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert (refused.status, refused.outcome) == (
        "failed", "The file you chose has been deleted, so there was nothing to import.")
    assert crashed.status == "failed"
    assert crashed.outcome.startswith("The job stopped because of an error in the system (division by zero).")
    assert "Traceback" not in crashed.outcome


def test_the_job_page_shows_a_progress_bar_the_status_and_refreshes_itself_or_by_a_link(client_for, commissioner):
    job = _job(commissioner)
    Job.objects.filter(pk=job.pk).update(status="running", done=4, total=10)
    client = client_for(commissioner)
    page = client.get(job.get_absolute_url()).content.decode()
    assert '<progress class="app-progress"' in page and 'max="10" value="4"' in page and "4 of 10 done" in page
    assert 'hx-trigger="every 2s"' in page and "govuk-tag--blue" in page and ">Running<" in page
    assert f'href="{job.get_absolute_url()}">Refresh' in page
    fragment = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="job-progress"') and "<html" not in fragment


def test_a_finished_job_page_shows_its_outcome_and_links_to_the_result(client_for, commissioner,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _job(commissioner)
    page = client_for(commissioner).get(job.get_absolute_url()).content.decode()
    assert "Counted to 3." in page and '<a class="govuk-link" href="/providers/">See the result</a>' in page
    assert "hx-trigger" not in page and "govuk-tag--green" in page and "3 of 3 done" in page


def test_your_jobs_is_linked_from_home_and_lists_the_jobs_you_started(client_for, commissioner, broker):
    mine, theirs = _job(commissioner), _job(broker)
    client = client_for(commissioner)
    assert reverse("core:job_list") in client.get(reverse("core:home")).content.decode()
    page = client.get(reverse("core:job_list")).content.decode()
    assert mine.get_absolute_url() in page and theirs.get_absolute_url() not in page


def test_a_provider_user_sees_only_its_own_organisations_jobs(client_for, provider_user, other_provider_user,
                                                               commissioner):
    own, other, council = _job(provider_user), _job(other_provider_user), _job(commissioner)
    assert own.provider == provider_user.provider and council.provider is None
    assert list(Job.objects.for_user(provider_user)) == [own]
    client = client_for(provider_user)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(council.get_absolute_url()).status_code == 404
    page = client.get(reverse("core:job_list")).content.decode()
    assert own.get_absolute_url() in page and other.get_absolute_url() not in page


def test_a_job_whose_worker_went_quiet_is_handed_on_and_finishes(commissioner, settings,
                                                                  django_capture_on_commit_callbacks):
    job = _job(commissioner)
    Job.objects.filter(pk=job.pk).update(status="running")
    settings.JOBS_STALLED_AFTER_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_resume_stalled() == 1
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert "requeue" in job.status_events.values_list("event", flat=True)


def test_a_worker_that_is_stopped_hands_its_job_back_to_the_queue(commissioner, django_capture_on_commit_callbacks):
    job = _job(commissioner)

    def stopped(job):
        raise SystemExit(1)

    with django_capture_on_commit_callbacks() as handed_on, pytest.raises(SystemExit):
        job_run(job.pk, stopped)
    job.refresh_from_db()
    assert job.status == "queued" and len(handed_on) == 1
    assert job.status_events.last().note == "The worker stopped; another worker carries on from the last step"


def test_a_queued_job_whose_task_a_dead_worker_took_is_enqueued_again(commissioner, settings,
                                                                      django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        job = _job(commissioner)
    job.refresh_from_db()
    first = job.task_result_id
    settings.JOBS_STALLED_AFTER_SECONDS = 0
    assert jobs_resume_stalled() == 0, "still waiting in the queue: left alone"
    DBTaskResult.objects.filter(pk=first).update(status="RUNNING")
    assert jobs_resume_stalled() == 1
    job.refresh_from_db()
    assert job.status == "queued" and job.task_result_id != first
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == "READY"
