"""Tasks of finance, run by the task worker as jobs: importing a stored actuals file, and paying a run."""
from django_tasks import task

from commissioning.core.jobs import job_run


@task()
def actuals_import_stored(*, job_id: int, file_id: int) -> str:
    """Import and reconcile a provider's checked actuals file whole; a second run finds it imported."""
    from .services.actuals import actuals_import_job

    return job_run(job_id, lambda job: actuals_import_job(job, file_id=file_id))


@task()
def payment_run_pay(*, job_id: int, run_id: int, by_id: int) -> str:
    """Pay a payment run's due invoices one at a time; a second run pays only those still unpaid."""
    from .services.payments import payment_run_job

    return job_run(job_id, lambda job: payment_run_job(job, run_id=run_id, by_id=by_id))
