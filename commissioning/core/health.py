"""/healthz/: what a load balancer or an operator needs to know is working, answered as JSON.

It checks the database answers, the task queue is being drained (how many tasks wait and how long
the oldest has waited) and the task worker's last heartbeat; any failing check gives 503.
"""
from django.conf import settings
from django.db import connection
from django.db.models import Min
from django.http import JsonResponse
from django.utils import timezone

from .models_jobs import Heartbeat
from .permissions import allow_anonymous
from .tasks import WORKER


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def _queue(now) -> dict:
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    oldest = waiting.aggregate(oldest=Min("enqueued_at"))["oldest"]
    age = round((now - oldest).total_seconds()) if oldest else 0
    return {"ok": age <= settings.HEALTH_QUEUE_MAX_AGE_SECONDS, "queued": waiting.count(),
            "oldest_queued_seconds": age, "running": DBTaskResult.objects.running().count()}


def _worker(now) -> dict:
    beat = Heartbeat.objects.filter(name=WORKER).values_list("at", flat=True).first()
    if beat is None:
        return {"ok": False, "last_heartbeat": None, "seconds_since": None}
    since = round((now - beat).total_seconds())
    return {"ok": since <= settings.HEALTH_HEARTBEAT_MAX_AGE_SECONDS, "last_heartbeat": beat.isoformat(),
            "seconds_since": since}


@allow_anonymous
def healthz(request):
    """The database, the task queue and the worker's heartbeat; 200 when all pass, else 503."""
    now = timezone.now()
    checks = {}
    for name, check in (("database", _database), ("queue", lambda: _queue(now)), ("worker", lambda: _worker(now))):
        try:
            checks[name] = check()
        except Exception as error:
            checks[name] = {"ok": False, "error": type(error).__name__}
            if name == "database":
                break
    healthy = len(checks) == 3 and all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": checks}, status=200 if healthy else 503)
