"""What runs on a schedule, and how one slot of a schedule is enqueued exactly once.

The scheduler (`manage.py run_scheduler`, APScheduler) only enqueues tasks; the task worker does the
work. Each firing claims a row per (schedule, slot) first, so two schedulers running at once (two
machines, or a restart that overlaps) never enqueue the same slot twice (docs/adr/0011).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models_jobs import Heartbeat, ScheduleSlot

SCHEDULER = "scheduler"


@dataclass(frozen=True)
class Schedule:
    """A task to enqueue every minute, or once a day at hour:minute (local time)."""

    name: str
    task_path: str
    every_minute: bool = False
    hour: int = 0
    minute: int = 0

    def slot(self, now: datetime) -> datetime:
        """The slot `now` belongs to: its minute, or the day's firing time."""
        local = timezone.localtime(now)
        if self.every_minute:
            return local.replace(second=0, microsecond=0)
        return local.replace(hour=self.hour, minute=self.minute, second=0, microsecond=0)

    def cron(self) -> dict:
        """The APScheduler cron fields of this schedule."""
        return {"minute": "*"} if self.every_minute else {"hour": self.hour, "minute": self.minute}


SCHEDULES = [
    Schedule("worker heartbeat", "commissioning.core.tasks.worker_heartbeat", every_minute=True),
    Schedule("resume stalled jobs", "commissioning.core.tasks.resume_stalled_jobs", every_minute=True),
    Schedule("close competitions past their deadline", "commissioning.brokerage.tasks.close_due_competitions",
             every_minute=True),
    Schedule("flag lapsed evidence", "commissioning.procurement.tasks.flag_lapsed_evidence", hour=6, minute=0),
    Schedule("remind providers of KPI returns due", "commissioning.quality.tasks.remind_kpi_returns",
             hour=7, minute=0),
    Schedule("remind providers of action plans due", "commissioning.quality.tasks.remind_action_plans",
             hour=7, minute=5),
    Schedule("raise audits that are due", "commissioning.quality.tasks.raise_due_audits", hour=7, minute=10),
    Schedule("anonymise records past the retention period", "commissioning.privacy.tasks.anonymise_due_records",
             hour=2, minute=30),
    Schedule("refresh the market figures", "commissioning.intelligence.tasks.refresh_figures", hour=3, minute=0),
    Schedule("refresh the directory from the register", "commissioning.directory.tasks.refresh_from_register",
             hour=3, minute=30),
    Schedule("ask for directory listings to be checked", "commissioning.directory.tasks.flag_unverified_listings",
             hour=7, minute=15),
    Schedule("forget ended API rate-limit windows", "commissioning.core.tasks.forget_ended_rate_windows",
             hour=4, minute=0),
]


def schedule_enqueue(schedule: Schedule, *, now: datetime | None = None) -> bool:
    """Enqueue the task of this schedule's current slot unless another scheduler already did."""
    now = now or timezone.now()
    slot = schedule.slot(now)
    try:
        with transaction.atomic():
            claim = ScheduleSlot.objects.create(schedule=schedule.name, slot=slot)
            result = import_string(schedule.task_path).enqueue()
            claim.task_result_id = str(result.id)
            claim.save(update_fields=["task_result_id"])
    except IntegrityError:
        return False
    if not Heartbeat.objects.filter(name=SCHEDULER).update(at=now):
        try:
            with transaction.atomic():
                Heartbeat.objects.create(name=SCHEDULER, at=now)
        except IntegrityError:
            Heartbeat.objects.filter(name=SCHEDULER).update(at=now)
    return True
