"""The API's rate limits: one row per client and scope, counting its requests in the current window.

Every web process and machine reads and writes the same rows, so a limit holds across them; one
atomic upsert per request counts it (`core.throttling`, docs/adr/0024-speed.md,
"Rate limits in one query, and filters only when named").
"""
from django.db import models


class RateWindow(models.Model):
    """How many requests one client (`key`: scope and user or address) made in its current window.

    Windows are fixed: they start at a multiple of the rate's period (a minute, an hour) since the
    epoch, in whole seconds. A request in a later window starts the count again at one.
    """

    key = models.CharField(max_length=200, primary_key=True)
    window_start = models.BigIntegerField(help_text="Seconds since the epoch")
    window_end = models.BigIntegerField(help_text="Seconds since the epoch", db_index=True)
    requests = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.key}: {self.requests} from {self.window_start}"
