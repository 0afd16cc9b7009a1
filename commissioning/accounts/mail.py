"""Sending the accounts e-mails (invitations, password resets) once the transaction commits, from a
task, through the platform's mail (`core.mail`, ADR 0013): plain text, ready for GOV.UK Notify."""
from django.db import transaction

from commissioning.core.mail import absolute_url

__all__ = ["absolute_url", "send_after_commit"]


def send_after_commit(*, to: list[str], subject: str, body: str, html: str = "") -> None:
    """Queue a message to go only if the change that caused it is saved; the plain text is what is sent."""
    from commissioning.core.tasks import deliver_email

    recipients = sorted({address for address in to if address})
    if recipients:
        transaction.on_commit(lambda: deliver_email.enqueue(subject=subject, body=body, to=recipients))
