"""Joining by invitation and recovering a forgotten password, both by e-mail."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.models import Invitation
from commissioning.accounts.roles import Role
from commissioning.core.models import AuditEvent

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "kettle ladder orchard"


def _invite(client_for, administrator, provider, django_capture_on_commit_callbacks, **extra):
    data = {"username": "sam.provider", "first_name": "Sam", "last_name": "Smith", "email": "sam@p.example",
            "job_title": "Registered manager", "role": Role.PROVIDER_USER, "market_area": "",
            "provider": provider.pk, **extra}
    with django_capture_on_commit_callbacks(execute=True):
        client_for(administrator).post(reverse("accounts:user_create"), data)
    return mail.outbox[-1]


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_an_invited_person_gets_an_email_with_an_absolute_link_and_their_username(
        client_for, administrator, provider, django_capture_on_commit_callbacks, settings):
    message = _invite(client_for, administrator, provider, django_capture_on_commit_callbacks)
    assert message.to == ["sam@p.example"]
    assert "sam.provider" in message.body and f"within {settings.INVITATION_EXPIRY_DAYS} days" in message.body
    assert _link(message).startswith(settings.SITE_URL + "/accounts/invitation/")
    person = Invitation.objects.get().user
    assert AuditEvent.objects.filter(object_id=person.pk, action=AuditEvent.Action.INVITED,
                                     actor=administrator).exists()


def test_no_email_goes_if_the_invitation_is_not_saved(administrator, make_user, django_capture_on_commit_callbacks):
    from django.db import transaction

    from commissioning.accounts.services import user_invite

    person = make_user(Role.BROKER)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        user_invite(user=person, by=administrator)
        raise RuntimeError("rolled back")
    assert mail.outbox == []


def test_the_invitation_link_sets_a_password_once_and_then_the_person_signs_in(
        client_for, administrator, provider, django_capture_on_commit_callbacks):
    path = _link(_invite(client_for, administrator, provider, django_capture_on_commit_callbacks)).split("8000", 1)[-1]
    visitor = Client()
    assert visitor.get(path).status_code == 200
    response = visitor.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    signed_in = visitor.post(reverse("account_login"), {"login": "sam.provider", "password": NEW_PASSWORD})
    assert signed_in["Location"] == "/"
    again = Client().post(path, {"password1": "another long phrase", "password2": "another long phrase"})
    assert again.status_code == 410 and "This invitation no longer works" in again.content.decode()
    person = Invitation.objects.get().user
    assert AuditEvent.objects.filter(object_id=person.pk, action=AuditEvent.Action.INVITATION_ACCEPTED).exists()


def test_an_invitation_expires_after_the_set_number_of_days(
        client_for, administrator, provider, django_capture_on_commit_callbacks, settings):
    path = _link(_invite(client_for, administrator, provider, django_capture_on_commit_callbacks)).split("8000", 1)[-1]
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client().get(path).status_code == 410
    invitation = Invitation.objects.get()
    assert (invitation.expires_at - invitation.sent_at) < timedelta(days=settings.INVITATION_EXPIRY_DAYS)


def test_a_new_invitation_replaces_the_old_one(client_for, administrator, provider, django_capture_on_commit_callbacks):
    first = _link(_invite(client_for, administrator, provider, django_capture_on_commit_callbacks))
    person = Invitation.objects.get().user
    with django_capture_on_commit_callbacks(execute=True):
        client_for(administrator).post(reverse("accounts:user_invite", args=[person.pk]))
    second = _link(mail.outbox[-1])
    assert first != second
    assert Client().get(first.split("8000", 1)[-1]).status_code == 410
    assert Client().get(second.split("8000", 1)[-1]).status_code == 200


@pytest.mark.parametrize(("password", "message"), [
    ("short words", "at least 12 characters"),
    ("password1234", "common password"),
    ("Derby2026!!!!", "name of this service or the council"),
    ("mnbvcxzlkjhgfdsa", "run of keys"),
    ("aaaaaaaaaaaaaaaa", "repeats the same few characters"),
])
def test_a_guessable_password_is_refused_from_an_invitation(
        client_for, administrator, provider, django_capture_on_commit_callbacks, password, message):
    path = _link(_invite(client_for, administrator, provider, django_capture_on_commit_callbacks)).split("8000", 1)[-1]
    response = Client().post(path, {"password1": password, "password2": password})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Invitation.objects.get().user.has_usable_password()


def test_forgotten_password_emails_a_link_that_sets_a_new_password(make_user, django_capture_on_commit_callbacks,
                                                                   settings):
    person = make_user(Role.BROKER, username="broker1", email="b@council.example")
    visitor = Client()
    assert visitor.get(reverse("account_login")).content.decode().count("Forgotten your password?") == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(reverse("account_reset_password"), {"email": "b@council.example"})
    assert response["Location"] == reverse("account_reset_password_done")
    link = _link(mail.outbox[-1])
    assert link.startswith(settings.SITE_URL + "/accounts/password/reset/key/")
    page = visitor.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert page.status_code == 200 and "Choose a new password" in page.content.decode()
    form_path = page.redirect_chain[-1][0] if page.redirect_chain else link.removeprefix(settings.SITE_URL)
    done = visitor.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(object_id=person.pk, action=AuditEvent.Action.PASSWORD_RESET).exists()
    assert AuditEvent.objects.filter(object_id=person.pk, action=AuditEvent.Action.PASSWORD_SET).exists()


def test_asking_to_reset_an_unknown_address_says_the_same_and_sends_nothing(django_capture_on_commit_callbacks, db):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("account_reset_password_done")
    assert mail.outbox == []
