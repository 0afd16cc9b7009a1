"""Jobs: long work run by a task worker, with progress and an outcome people can read.

`job_enqueue` records the job and enqueues its task when the surrounding transaction commits, so a
rolled-back request leaves no job behind. The task calls `job_run`, which moves the job through its
workflow and turns any failure into a plain message. Long work reports progress with `job_progress`
inside the same transaction as the step it counts, so the counter and the writes commit together and
a second worker carries on from the last committed step. A worker that is stopped (Ctrl-C, a second
SIGTERM) hands its job back to the queue; one that dies outright is found by `jobs_resume_stalled`.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .audit import Action, Source, audit_record
from .models_jobs import Job, JobStatus
from .workflow import Workflow, transition

logger = logging.getLogger(__name__)
S = JobStatus

JOB_WORKFLOW = Workflow("job", {
    (S.QUEUED, "start"): S.RUNNING,
    (S.QUEUED, "fail"): S.FAILED,
    (S.RUNNING, "succeed"): S.SUCCEEDED,
    (S.RUNNING, "fail"): S.FAILED,
    (S.RUNNING, "requeue"): S.QUEUED,
})


class JobFailed(Exception):
    """Work that cannot go on, with the reason in words a person can act on."""


@dataclass
class JobOutcome:
    """What a finished job tells its reader, and where the result is."""

    message: str
    url: str = ""


def job_enqueue(*, task, kind: str, title: str, by=None, subject=None, provider=None, total: int = 0,
                result_url: str = "", **kwargs) -> Job:
    """Record a job and enqueue its task once this transaction commits; the task gets `job_id` and kwargs."""
    job = Job.objects.create(
        kind=kind, title=title[:200], started_by=by if getattr(by, "pk", None) else None,
        provider=provider if provider is not None else getattr(by, "provider", None),
        content_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        object_id=subject.pk if subject is not None else None, total=total, result_url=result_url,
        task_path=task.module_path, task_kwargs=kwargs, heartbeat_at=timezone.now())
    job.status_events.create(by=job.started_by, event="enqueue", from_status="", to_status=S.QUEUED)
    audit_record(actor=job.started_by, action=Action.JOB_STARTED, obj=job, source=Source.JOB, note=job.title)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    result = import_string(job.task_path).enqueue(job_id=job.pk, **job.task_kwargs)
    Job.objects.filter(pk=job.pk, task_result_id=job.task_result_id).update(task_result_id=str(result.id))


def _move(job_id: int, event: str, note: str = "", **fields) -> Job:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        return transition(job, JOB_WORKFLOW, event, by=None, note=note, source=Source.JOB, **fields)


def job_run(job_id: int, work: Callable[[Job], JobOutcome | str | None]) -> str:
    """Run `work` for a job: start it, then record success or the reason it failed. A finished job is
    never run again; a job already running elsewhere is carried on safely by work that resumes."""
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return job.outcome
    if job.status == S.QUEUED:
        job = _move(job_id, "start", started_at=job.started_at or timezone.now(), heartbeat_at=timezone.now())
    try:
        outcome = work(job)
    except (KeyboardInterrupt, SystemExit):
        _move(job_id, "requeue", note="The worker stopped; another worker carries on from the last step")
        transaction.on_commit(lambda: _enqueue(job_id))
        raise
    except JobFailed as error:
        return _finish(job_id, "fail", str(error), Action.JOB_FAILED)
    except Exception as error:
        logger.exception("Job %s failed", job_id)
        return _finish(job_id, "fail", f"The job stopped because of an error in the system ({error}). Nothing "
                       "after the last completed step was saved. Start it again, or ask support to look at the logs.",
                       Action.JOB_FAILED)
    if not isinstance(outcome, JobOutcome):
        outcome = JobOutcome(outcome or "Finished.")
    return _finish(job_id, "succeed", outcome.message, Action.JOB_FINISHED, url=outcome.url)


def _finish(job_id: int, event: str, message: str, action: str, url: str = "") -> str:
    fields = {"outcome": message, "finished_at": timezone.now()}
    if url:
        fields["result_url"] = url
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.is_finished:
            return job.outcome
        transition(job, JOB_WORKFLOW, event, by=None, note=message[:500], source=Source.JOB, **fields)
        audit_record(actor=job.started_by, action=action, obj=job, source=Source.JOB, note=message[:500])
    return message


def job_progress(job: Job, *, done: int, total: int | None = None) -> None:
    """Record how far a job has got; call it inside the transaction of the step it counts."""
    fields = {"done": done, "heartbeat_at": timezone.now()}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)
    job.done = done
    if total is not None:
        job.total = total


def job_checkpoint(job: Job) -> None:
    """Between two steps: wait while the operators' pause file exists (JOBS_PAUSE_FILE), so that a
    maintenance window, or a test of a worker restart, can hold long jobs at a committed step."""
    pause = getattr(settings, "JOBS_PAUSE_FILE", "")
    while pause and Path(pause).exists():
        time.sleep(0.2)


def jobs_visible_to(user):
    """The jobs a person may follow: every job for council staff, its own organisation's for a provider user."""
    return Job.objects.for_user(user).select_related("started_by")


def job_for_record(*, user, obj) -> Job | None:
    """The latest job run for a record that the person may follow."""
    return Job.objects.for_user(user).about(obj).first()


def _task_lost(job: Job) -> bool:
    """Whether a queued job's task is no longer waiting in the queue (its worker died after taking it)."""
    try:
        result = import_string(job.task_path).get_result(job.task_result_id)
    except Exception:
        return False
    return result.status != "READY"


def jobs_resume_stalled(*, now=None) -> int:
    """Hand every job whose worker has gone quiet for JOBS_STALLED_AFTER_SECONDS to the queue again;
    the work resumes from its last committed step, so nothing is written twice."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.JOBS_STALLED_AFTER_SECONDS)
    resumed = 0
    for job in Job.objects.filter(status=S.QUEUED, heartbeat_at__lt=cutoff).exclude(task_result_id=""):
        if _task_lost(job):
            Job.objects.filter(pk=job.pk, status=S.QUEUED).update(heartbeat_at=now)
            _enqueue(job.pk)
            resumed += 1
    for job_id in Job.objects.filter(status=S.RUNNING, heartbeat_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job_id)
            if job.status != S.RUNNING or job.heartbeat_at >= cutoff:
                continue
            transition(job, JOB_WORKFLOW, "requeue", by=None, source=Source.JOB, heartbeat_at=now,
                       note="The worker stopped answering; another worker carries on from the last step")
            transaction.on_commit(lambda job_id=job_id: _enqueue(job_id))
            resumed += 1
    return resumed
