"""Tasks of procurement, run by the task worker (the scheduler enqueues them)."""
from django.utils import timezone
from django_tasks import task

from commissioning.procurement.services import (
    member_rates_bring_into_step,
    memberships_end_suspensions,
    memberships_flag_lapsed_evidence,
)


@task()
def flag_lapsed_evidence() -> dict:
    """End suspensions that reached their end date, flag members whose evidence lapsed, and move
    members' rates to reviewed prices that take effect today (daily)."""
    today = timezone.localdate()
    return {"suspensions_ended": memberships_end_suspensions(today=today),
            "flagged": memberships_flag_lapsed_evidence(today=today),
            "rates_moved": member_rates_bring_into_step(today=today)}
