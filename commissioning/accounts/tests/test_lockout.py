"""Guessing passwords: one account, or one address, is slowed and then locked, with an audit line."""
import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.core.models import AuditEvent

from .helpers import PASSWORD, sign_in_with_password, with_authenticator

pytestmark = [pytest.mark.django_db, pytest.mark.real_second_factor]


def test_fifty_wrong_passwords_then_the_right_one_is_refused(client, make_user):
    broker = with_authenticator(make_user(Role.BROKER, username="broker1"))
    for n in range(50):
        response = sign_in_with_password(client, "broker1", f"wrong-guess-{n}")
        assert response.status_code in (200, 429)
    response = sign_in_with_password(client, "broker1", PASSWORD)
    page = response.content.decode()
    assert response.status_code in (200, 429) and "mfa_authenticate" not in response.get("Location", "")
    if response.status_code == 200:
        assert "too many failed attempts to sign in to this account" in page and "There is a problem" in page
    assert client.get("/").status_code == 302
    failed = AuditEvent.objects.filter(object_id=broker.pk, action=AuditEvent.Action.SIGN_IN_FAILED)
    assert failed.count() == 5
    assert AuditEvent.objects.filter(object_id=broker.pk, action=AuditEvent.Action.LOCKED_OUT).exists()


def test_the_account_is_locked_from_any_address(make_user, client):
    from django.test import Client

    make_user(Role.BROKER, username="broker1")
    for n in range(5):
        Client(REMOTE_ADDR=f"10.0.0.{n + 1}").post(reverse("account_login"), {"login": "broker1", "password": f"x{n}"})
    response = Client(REMOTE_ADDR="10.0.0.99").post(reverse("account_login"),
                                                     {"login": "broker1", "password": PASSWORD})
    assert response.status_code == 200 and "too many failed attempts" in response.content.decode()


def test_one_address_guessing_many_accounts_is_slowed(make_user, client):
    for n in range(25):
        make_user(Role.BROKER, username=f"person-{n}")
    statuses = [sign_in_with_password(client, f"person-{n}", "wrong-password-here").status_code for n in range(25)]
    assert statuses[:20] == [200] * 20
    response = sign_in_with_password(client, "person-24", PASSWORD)
    assert "too many failed attempts" in response.content.decode() or response.status_code == 429


def test_a_correct_sign_in_before_the_limit_works_and_does_not_count_as_a_failure(client, make_user):
    make_user(Role.PROVIDER_USER, username="provider1")
    for n in range(4):
        sign_in_with_password(client, "provider1", f"wrong-{n}")
    assert sign_in_with_password(client, "provider1")["Location"] == "/"


def test_a_wrong_password_is_refused_with_a_clear_message(client, make_user):
    make_user(Role.BROKER, username="broker1")
    response = sign_in_with_password(client, "broker1", "wrong")
    page = response.content.decode()
    assert "There is a problem" in page and "Enter a correct username and password" in page
