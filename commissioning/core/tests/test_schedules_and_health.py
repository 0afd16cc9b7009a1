"""Things happen on time without anyone: each schedule's slot is enqueued once however many schedulers
run; the worker's heartbeat and the queue show on /healthz/, which answers 503 when one fails."""
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from commissioning.core.models import Heartbeat, ScheduleSlot
from commissioning.core.schedules import SCHEDULES, schedule_enqueue

pytestmark = pytest.mark.django_db
HEARTBEAT = next(s for s in SCHEDULES if s.name == "worker heartbeat")


def test_two_schedulers_firing_the_same_slot_enqueue_it_once():
    now = timezone.now().replace(second=10)
    assert schedule_enqueue(HEARTBEAT, now=now) is True
    assert schedule_enqueue(HEARTBEAT, now=now + timedelta(seconds=30)) is False
    assert ScheduleSlot.objects.filter(schedule=HEARTBEAT.name).count() == 1
    assert schedule_enqueue(HEARTBEAT, now=now + timedelta(minutes=1)) is True


def test_a_daily_schedule_has_one_slot_a_day():
    daily = next(s for s in SCHEDULES if s.name == "flag lapsed evidence")
    morning = timezone.localtime().replace(hour=6, minute=0, second=5)
    assert daily.slot(morning) == daily.slot(morning + timedelta(hours=3))
    assert daily.slot(morning) != daily.slot(morning + timedelta(days=1))


def test_the_scheduler_run_once_enqueues_every_schedule_and_a_second_run_adds_nothing(capsys):
    call_command("run_scheduler", "--once")
    first = capsys.readouterr().out
    call_command("run_scheduler", "--once")
    second = capsys.readouterr().out
    assert first.count(": enqueued") == len(SCHEDULES)
    minute_slots = [s for s in SCHEDULES if s.every_minute]
    assert second.count("already enqueued") >= len(SCHEDULES) - len(minute_slots)
    assert Heartbeat.objects.filter(name="worker").exists()


def test_health_answers_200_with_the_database_queue_and_a_fresh_worker_heartbeat(client):
    call_command("run_scheduler", "--once")
    response = client.get(reverse("core:healthz"))
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["queue"] == {
        "ok": True, "queued": 0, "oldest_queued_seconds": 0, "running": 0}
    assert body["checks"]["worker"]["ok"] and body["checks"]["worker"]["seconds_since"] <= 180


def test_health_answers_503_when_no_worker_has_reported(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 503 and response.json()["checks"]["worker"] == {
        "ok": False, "last_heartbeat": None, "seconds_since": None}


def test_health_answers_503_when_the_worker_is_silent_or_the_queue_is_stuck(client, settings):
    Heartbeat.objects.create(name="worker", at=timezone.now() - timedelta(minutes=10))
    assert client.get(reverse("core:healthz")).status_code == 503
    Heartbeat.objects.filter(name="worker").update(at=timezone.now())
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from commissioning.core.tasks import worker_heartbeat

    result = worker_heartbeat.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timedelta(hours=1))
    body = client.get(reverse("core:healthz")).json()
    assert body["status"] == "failing" and body["checks"]["queue"]["queued"] == 1
    assert body["checks"]["queue"]["ok"] is False and body["checks"]["queue"]["oldest_queued_seconds"] >= 3600
