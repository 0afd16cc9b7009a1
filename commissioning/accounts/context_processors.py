"""The idle-session timings the page's warning script counts down."""
from django.conf import settings


def session_timeout(request) -> dict:
    return {
        "session_timeout_seconds": settings.SESSION_IDLE_TIMEOUT_MINUTES * 60,
        "session_warning_seconds": settings.SESSION_IDLE_WARNING_MINUTES * 60,
        "session_warning_minutes": settings.SESSION_IDLE_WARNING_MINUTES,
    }


def council(request) -> dict:
    """The council's name from the first run, where one was made (else the COUNCIL_NAME setting)."""
    from .selectors import council_name

    return {"council_name": council_name()}
