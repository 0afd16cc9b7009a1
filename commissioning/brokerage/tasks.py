"""Tasks of brokerage, run by the task worker: the scheduled closing of competitions, and batch
allocation started from its page as a job."""
from django_tasks import task

from commissioning.brokerage.services import competitions_close_due
from commissioning.core.jobs import job_run


@task()
def close_due_competitions() -> int:
    """Close every further competition past its deadline and rank its offers (every minute)."""
    return len(competitions_close_due())


@task()
def allocation_propose_run(*, job_id: int, lot_id: int, by_id: int) -> str:
    """Solve a batch allocation for a lot and store the proposal; a second run finds it made."""
    from commissioning.brokerage.services.allocation import allocation_propose_job

    return job_run(job_id, lambda job: allocation_propose_job(job, lot_id=lot_id, by_id=by_id))
