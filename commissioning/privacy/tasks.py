"""Tasks of data protection, run by the task worker (the scheduler enqueues them)."""
from django_tasks import task

from .services import retention_anonymise_due


@task()
def anonymise_due_records() -> int:
    """Anonymise every record past the retention period (nightly); returns how many."""
    return len(retention_anonymise_due())
