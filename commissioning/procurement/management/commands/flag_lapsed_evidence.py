"""End suspensions that reached their end date, and flag list members whose evidence has lapsed
(insurance expired, CQC rating below the condition).

Run daily; the CQC import runs the same check when it finishes.
"""
from django.core.management.base import BaseCommand
from django.utils import timezone

from commissioning.core.audit import Source
from commissioning.procurement.services import memberships_end_suspensions, memberships_flag_lapsed_evidence


class Command(BaseCommand):
    help = "Flag members of Approved Provider Lists whose evidence has lapsed, for re-verification."

    def handle(self, *args, **options):
        today = timezone.localdate()
        ended = memberships_end_suspensions(today=today, source=Source.COMMAND)
        self.stdout.write(f"{ended} suspension{'s' if ended != 1 else ''} ended")
        flagged = memberships_flag_lapsed_evidence(today=today, source=Source.COMMAND)
        self.stdout.write(f"{flagged} membership{'s' if flagged != 1 else ''} flagged for re-verification")
