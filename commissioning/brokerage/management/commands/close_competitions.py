"""Close every further competition whose deadline has passed, ranking its offers (or returning the
request to the queue as unmet need when none came). The scheduler calls the same service every
minute; this command is for running it by hand."""
from django.core.management.base import BaseCommand

from commissioning.brokerage.services import competitions_close_due
from commissioning.core.audit import Source


class Command(BaseCommand):
    help = "Close further competitions whose deadline has passed and rank their offers."

    def handle(self, *args, **options):
        closed = len(competitions_close_due(source=Source.COMMAND))
        self.stdout.write(f"{closed} competition{'s' if closed != 1 else ''} closed")
