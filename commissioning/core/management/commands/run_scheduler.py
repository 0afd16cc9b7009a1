"""Run the schedules: enqueue each schedule's task at its time, for the task worker to run."""
import logging
import signal

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from commissioning.core.schedules import SCHEDULES, schedule_enqueue

logger = logging.getLogger(__name__)


def _fire(schedule) -> None:
    close_old_connections()
    try:
        if schedule_enqueue(schedule):
            logger.info("Enqueued %s", schedule.name)
    finally:
        close_old_connections()


class Command(BaseCommand):
    help = "Enqueue scheduled tasks on time (the task worker runs them). Safe to run on two machines at once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Enqueue every schedule's current slot now and exit (for cron or a check)")

    def handle(self, *args, once=False, verbosity=1, **options):
        if verbosity < 2:
            logging.getLogger("apscheduler").setLevel(logging.WARNING)
        if once:
            for schedule in SCHEDULES:
                enqueued = schedule_enqueue(schedule)
                self.stdout.write(f"{schedule.name}: {'enqueued' if enqueued else 'already enqueued'}")
            return
        scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
        for schedule in SCHEDULES:
            scheduler.add_job(_fire, CronTrigger(**schedule.cron(), timezone=settings.TIME_ZONE), args=[schedule],
                              id=schedule.name, max_instances=1, coalesce=True, misfire_grace_time=50)

        def stop(signum, frame):
            scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Scheduler running {len(SCHEDULES)} schedules: {', '.join(s.name for s in SCHEDULES)}")
        # The every-minute schedules also fire at start (their current slot, once across schedulers), so a
        # freshly started platform shows a worker heartbeat on /healthz/ without waiting for the minute.
        for schedule in SCHEDULES:
            if schedule.every_minute:
                _fire(schedule)
        scheduler.start()
