"""E-mails to providers. They carry references and the postcode district only, never a person's
name, date of birth or full postcode; tests read every message sent to prove it."""
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse

from commissioning.accounts.models import User


def _recipients(provider) -> list[str]:
    emails = set(User.objects.filter(provider=provider, is_active=True).exclude(email="")
                 .values_list("email", flat=True))
    if provider.contact_email:
        emails.add(provider.contact_email)
    return sorted(emails)


def _send(messages) -> None:
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, to) for subject, body, to in messages if to],
                   fail_silently=False)


def competition_opened(competition) -> None:
    request = competition.request
    body_context = {"competition": competition, "request": request,
                    "url": reverse("portal:competition", args=[competition.pk])}
    messages = []
    for invite in competition.invites.select_related("provider"):
        body = render_to_string("brokerage/email/competition_opened.txt", {**body_context, "invite": invite})
        messages.append((f"Care requirement {competition.reference}: offers close "
                         f"{competition.closes_at:%d %b %Y %H:%M}", body, _recipients(invite.provider)))
    _send(messages)


def competition_result(competition, *, awarded, others) -> None:
    messages = []
    total = len(others) + 1
    for offer in [awarded, *others]:
        body = render_to_string("brokerage/email/competition_result.txt", {
            "competition": competition, "offer": offer, "total": total, "won": offer.pk == awarded.pk,
            "url": reverse("portal:competition", args=[competition.pk])})
        messages.append((f"Result of {competition.reference}", body, _recipients(offer.provider)))
    _send(messages)


def agreement_offered(agreement) -> None:
    body = render_to_string("brokerage/email/agreement_offered.txt", {
        "agreement": agreement, "url": reverse("portal:agreement", args=[agreement.pk])})
    _send([(f"Individual service agreement {agreement.reference} to accept", body,
            _recipients(agreement.provider))])
