"""Sending the accounts e-mails (invitations, password resets) once the transaction commits."""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction


def absolute_url(path: str) -> str:
    """A link for an e-mail: the path on the service's public address (`SITE_URL`)."""
    return f"{settings.SITE_URL}{path}"


def _send(*, to: list[str], subject: str, body: str, html: str = "") -> None:
    """Send one message now; the platform's mail module replaces this when it is merged."""
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def send_after_commit(*, to: list[str], subject: str, body: str, html: str = "") -> None:
    """Queue a message to go only if the change that caused it is saved."""
    transaction.on_commit(lambda: _send(to=to, subject=subject, body=body, html=html))
