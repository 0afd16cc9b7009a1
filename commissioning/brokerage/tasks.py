"""Tasks of brokerage, run by the task worker (the scheduler enqueues them)."""
from django_tasks import task

from commissioning.brokerage.services import competitions_close_due


@task()
def close_due_competitions() -> int:
    """Close every further competition past its deadline and rank its offers (every minute)."""
    return len(competitions_close_due())
