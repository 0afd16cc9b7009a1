"""Tasks of quality monitoring, run by the task worker (the scheduler enqueues them daily)."""
from django_tasks import task

from . import reminders


@task()
def remind_kpi_returns() -> int:
    """E-mail providers whose KPI returns fall due soon and are not yet sent."""
    return reminders.remind_kpi_returns()


@task()
def remind_action_plans() -> int:
    """E-mail providers whose action plans fall due soon and are not yet sent."""
    return reminders.remind_action_plans()


@task()
def raise_due_audits() -> int:
    """E-mail officers the audits planned for today or soon that have not started."""
    return reminders.raise_due_audits()
