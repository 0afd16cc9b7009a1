"""E-mails to providers. They carry references and the postcode district only, never a person's
name, date of birth or full postcode; tests read every message sent to prove it. Each is sent after
the transaction that caused it commits (core.mail), with links that open from a mail client."""
from django.urls import reverse

from commissioning.accounts.models import User
from commissioning.core.mail import absolute_url, send_email


def _recipients(provider) -> list[str]:
    emails = set(User.objects.filter(provider=provider, is_active=True).exclude(email="")
                 .values_list("email", flat=True))
    if provider.contact_email:
        emails.add(provider.contact_email)
    return sorted(emails)


def competition_opened(competition) -> None:
    """Tell each invited provider a care requirement is open for offers, and when offers close."""
    url = absolute_url(reverse("portal:competition", args=[competition.pk]))
    for invite in competition.invites.select_related("provider"):
        send_email(to=_recipients(invite.provider), template="brokerage/email/competition_opened",
                   context={"competition": competition, "request": competition.request, "invite": invite,
                            "url": url})


def competition_result(competition, *, awarded, others) -> None:
    """Tell every provider that offered whether it won, and how many offers there were."""
    total = len(others) + 1
    url = absolute_url(reverse("portal:competition", args=[competition.pk]))
    for offer in [awarded, *others]:
        send_email(to=_recipients(offer.provider), template="brokerage/email/competition_result",
                   context={"competition": competition, "offer": offer, "total": total,
                            "won": offer.pk == awarded.pk, "url": url})


def agreement_offered(agreement) -> None:
    """Ask the provider to accept an individual service agreement."""
    send_email(to=_recipients(agreement.provider), template="brokerage/email/agreement_offered",
               context={"agreement": agreement, "url": absolute_url(reverse("portal:agreement", args=[agreement.pk]))})
