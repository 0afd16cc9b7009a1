"""E-mails to providers about their applications, sent after the transaction commits (core.mail)."""
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.core.mail import absolute_url, send_email


def _recipients(provider) -> list[str]:
    emails = set(User.objects.filter(provider=provider, is_active=True).exclude(email="")
                 .values_list("email", flat=True))
    if provider.contact_email:
        emails.add(provider.contact_email)
    return sorted(emails)


def application_decided(application) -> None:
    """Tell the provider the decision on each lot it applied for, with the reasons."""
    send_email(to=_recipients(application.provider), template="procurement/email/application_decided",
               context={"application": application,
                        "decisions": list(application.decisions.select_related("lot")),
                        "url": absolute_url(reverse("portal:application", args=[application.pk]))})
