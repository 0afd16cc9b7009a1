"""Tasks of market intelligence, run by the task worker as jobs."""
from django_tasks import task

from commissioning.core.jobs import job_run


@task()
def benchmark_import(*, job_id: int, import_id: int) -> str:
    """Import a checked unit-cost file's figures for its year, replacing the year's figures whole."""
    from .services.benchmarks import benchmark_import_job

    return job_run(job_id, lambda job: benchmark_import_job(job, import_id=import_id))


@task()
def refresh_figures_job(*, job_id: int) -> str:
    """Refresh the market read model for a person who asked for it."""
    from .services.figures import figures_refresh_job

    return job_run(job_id, figures_refresh_job)


@task()
def refresh_figures() -> str:
    """The nightly refresh of the market read model (core/schedules.py)."""
    from .services.figures import figures_refresh

    return f"Refreshed {figures_refresh()} market figures."
