"""E-mail people can use: rendered from templates with absolute links, sent after commit from a task.

`send_email` renders `<template>.subject.txt` and `<template>.txt` now (the records are as the
transaction sees them) and enqueues the sending for when the transaction commits, so a change that
rolls back sends nothing. Templates get `site_url` and links must be built with `absolute_url`.
The GOV.UK Notify backend sends each message through one Notify template whose subject and body are
the personalisation fields `subject` and `body` (docs/adr/0013-email.md).
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """The link a mail client can open: SITE_URL followed by the path."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path if path.startswith('/') else '/' + path}"


def render_email(template: str, context: dict) -> tuple[str, str]:
    """The subject (one line) and the plain-text body of a message."""
    context = {"site_url": settings.SITE_URL, "service_name": settings.SERVICE_NAME, **context}
    subject = " ".join(render_to_string(f"{template}.subject.txt", context).split())
    return subject, render_to_string(f"{template}.txt", context)


def send_email(*, to: list[str] | str, template: str, context: dict) -> bool:
    """Send one message to each address after the current transaction commits; nothing if it rolls back.
    Returns whether there was anyone to send to."""
    recipients = sorted({to} if isinstance(to, str) else {a for a in to if a})
    if not recipients:
        return False
    subject, body = render_email(template, context)
    from .tasks import deliver_email

    transaction.on_commit(lambda: deliver_email.enqueue(subject=subject, body=body, to=recipients))
    return True


class GovNotifyEmailBackend(BaseEmailBackend):
    """Sends each message through GOV.UK Notify, one notification per recipient."""

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        if not settings.GOV_NOTIFY_API_KEY or not settings.GOV_NOTIFY_TEMPLATE_ID:
            raise ImproperlyConfigured("GOV.UK Notify needs GOV_NOTIFY_API_KEY and GOV_NOTIFY_TEMPLATE_ID.")
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(settings.GOV_NOTIFY_API_KEY)

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            for address in message.recipients():
                try:
                    self.client.send_email_notification(
                        email_address=address, template_id=settings.GOV_NOTIFY_TEMPLATE_ID,
                        personalisation={"subject": message.subject, "body": message.body})
                except Exception:
                    if not self.fail_silently:
                        raise
                else:
                    sent += 1
        return sent
