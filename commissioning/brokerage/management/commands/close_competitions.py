"""Close every further competition whose deadline has passed, ranking its offers (or returning the
request to the queue as unmet need when none came). Run every few minutes, for example from cron;
the competition page also closes a due competition when a broker opens it."""
from django.core.management.base import BaseCommand

from commissioning.brokerage.services import close_due_competitions


class Command(BaseCommand):
    help = "Close further competitions whose deadline has passed and rank their offers."

    def handle(self, *args, **options):
        closed = close_due_competitions()
        self.stdout.write(f"{closed} competition{'s' if closed != 1 else ''} closed")
