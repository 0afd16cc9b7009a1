"""Tasks of the register: the CQC import, run by the task worker as a job."""
from django_tasks import task

from commissioning.core.jobs import job_run


@task()
def cqc_import(*, job_id: int, run_id: int, by_id: int | None) -> str:
    """Import a checked CQC file's good rows, resuming after the last committed chunk."""
    from .imports import cqc_import_job

    return job_run(job_id, lambda job: cqc_import_job(job, run_id=run_id, by_id=by_id))
