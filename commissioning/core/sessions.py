"""Signed-in sessions end after a period without activity (`SESSION_IDLE_TIMEOUT_MINUTES`).

Each request from a signed-in person records when it came; a request after the idle period
signs the person out and sends them to the sign-in page with a message saying why. The page's
warning script (accounts/session-timeout.js) counts down from the same setting.

The time is written to the session at most once a minute (`LAST_SEEN_RESOLUTION_SECONDS`), so a
person clicking through pages does not cost a session write on every request; the idle period is
measured from the recorded time, so it can end up to a minute early, never late."""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

LAST_SEEN_SESSION_KEY = "core.last_seen"
LAST_SEEN_RESOLUTION_SECONDS = 60


def idle_timeout_seconds() -> int:
    return settings.SESSION_IDLE_TIMEOUT_MINUTES * 60


class IdleTimeoutMiddleware:
    """Sign out a session that has been idle longer than the timeout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = time.time()
            last_seen = session.get(LAST_SEEN_SESSION_KEY)
            if last_seen is not None and now - last_seen > idle_timeout_seconds():
                logout(request)
                messages.warning(request, f"You were signed out because you had not used the service for "
                                          f"{settings.SESSION_IDLE_TIMEOUT_MINUTES} minutes. Sign in again.")
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
                session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)
