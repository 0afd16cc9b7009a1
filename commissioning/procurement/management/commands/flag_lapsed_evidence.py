"""End suspensions that reached their end date, and flag list members whose evidence has lapsed
(insurance expired, CQC rating below the condition).

Run daily (for example from cron); the CQC import runs the same check when it finishes.
"""
from django.core.management.base import BaseCommand

from commissioning.procurement.services import memberships_end_suspensions, memberships_flag_lapsed


class Command(BaseCommand):
    help = "Flag members of Approved Provider Lists whose evidence has lapsed, for re-verification."

    def handle(self, *args, **options):
        ended = memberships_end_suspensions()
        self.stdout.write(f"{ended} suspension{'s' if ended != 1 else ''} ended")
        flagged = memberships_flag_lapsed()
        self.stdout.write(f"{flagged} membership{'s' if flagged != 1 else ''} flagged for re-verification")
