"""Tasks of the core: deliver an e-mail, prove the worker is alive, hand stalled jobs on, forget ended
rate-limit windows."""
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

from .jobs import jobs_resume_stalled
from .models_jobs import Heartbeat
from .throttling import rate_windows_forget

WORKER = "worker"


@task()
def deliver_email(*, subject: str, body: str, to: list[str]) -> int:
    """Send one rendered message to each recipient separately (no one sees another's address)."""
    sent = 0
    for address in to:
        sent += EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address]).send()
    return sent


@task()
def worker_heartbeat() -> str:
    """Record that a task worker took a task from the queue and ran it just now (/healthz/ reads it)."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=WORKER, defaults={"at": now})
    return now.isoformat()


@task()
def resume_stalled_jobs() -> int:
    """Give jobs whose worker died back to the queue; they resume from their last committed step."""
    return jobs_resume_stalled()


@task()
def forget_ended_rate_windows() -> int:
    """Delete the API's rate-limit counts of windows that have ended (ADR 0024)."""
    return rate_windows_forget()
