"""The API's rate limits in one query per request, held across every process (ADR 0024,
"Rate limits in one query, and filters only when named").

Django REST Framework's throttles keep each client's request times in the cache; with the
database cache (the only store our gunicorn workers share, ADR 0012) that cost four queries a
request, one of them a `COUNT(*)` of the cache table to decide whether to cull it. Here a client's
count for the current window is one row of `RateWindow`, added to with one atomic
`INSERT ... ON CONFLICT DO UPDATE ... RETURNING` (PostgreSQL; SQLite 3.35 and later), so two
processes counting at once never lose a request.

Windows are fixed: a rate of 1,200 a minute allows 1,200 requests in each minute counted from the
epoch, and the 429 answer's `Retry-After` is the seconds to the window's end. The rates, their
settings (`API_RATE_USER`, `API_RATE_ANON`, `API_RATE_FAILED_TOKEN`) and their scopes are
Django REST Framework's. Rows of windows that have ended are deleted each night by a schedule.
"""
from __future__ import annotations

from django.db import connection
from django.utils import timezone
from rest_framework import throttling

from .models_rates import RateWindow

_ADD = """
INSERT INTO "core_ratewindow" ("key", "window_start", "window_end", "requests") VALUES (%s, %s, %s, 1)
ON CONFLICT ("key") DO UPDATE SET
    "requests" = CASE WHEN "core_ratewindow"."window_start" < excluded."window_start" THEN 1
                      ELSE "core_ratewindow"."requests" + 1 END,
    "window_end" = CASE WHEN "core_ratewindow"."window_start" < excluded."window_start" THEN excluded."window_end"
                        ELSE "core_ratewindow"."window_end" END,
    "window_start" = CASE WHEN "core_ratewindow"."window_start" < excluded."window_start" THEN excluded."window_start"
                          ELSE "core_ratewindow"."window_start" END
RETURNING "requests", "window_end"
"""


def rate_window_add(key: str, start: int, end: int) -> tuple[int, int]:
    """Count one request of `key` in the window [start, end): its requests in its current window
    (this one included) and when that window ends. A request stamped with an earlier window than
    the row's (another machine's clock behind) counts in the row's window."""
    with connection.cursor() as cursor:
        cursor.execute(_ADD, [key, start, end])
        requests, window_end = cursor.fetchone()
    return requests, window_end


def rate_windows_forget(*, now: float | None = None) -> int:
    """Delete the rows of windows that have ended (a client's next request makes a new one)."""
    now = timezone.now().timestamp() if now is None else now
    deleted, _ = RateWindow.objects.filter(window_end__lte=int(now)).delete()
    return deleted


class WindowRateThrottle(throttling.SimpleRateThrottle):
    """A Django REST Framework throttle that counts in `RateWindow` instead of the cache."""

    def window(self) -> tuple[int, int]:
        """The current window of this rate: its start and end in whole seconds since the epoch."""
        self.now = self.timer()
        start = int(self.now // self.duration) * self.duration
        return start, start + self.duration

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        requests, self.window_end = rate_window_add(self.key, *self.window())
        return requests <= self.num_requests

    def wait(self) -> float:
        """Seconds until the window ends and the count starts again (at least one)."""
        return max(self.window_end - self.now, 1)


class AnonRateThrottle(WindowRateThrottle, throttling.AnonRateThrottle):
    """Callers who are not signed in, by address (rate `anon`)."""


class UserRateThrottle(WindowRateThrottle, throttling.UserRateThrottle):
    """Signed-in callers and tokens, by user (rate `user`)."""
