"""Signing in with a password and a second factor, and what staff without one are made to do."""
import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.accounts.totp import totp_code
from commissioning.core.models import AuditEvent

from .helpers import SECRET, sign_in_fully, sign_in_with_password, with_authenticator

pytestmark = [pytest.mark.django_db, pytest.mark.real_second_factor]


def test_staff_sign_in_with_a_password_then_a_code_and_reach_their_page(client, make_user):
    broker = with_authenticator(make_user(Role.BROKER, username="broker1"))
    response = sign_in_with_password(client, "broker1")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert client.get("/").status_code == 302, "not signed in until the code is given"

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(object_id=broker.pk, action=AuditEvent.Action.SIGNED_IN).count() == 1


def test_a_wrong_code_is_refused_and_audited(client, make_user):
    broker = with_authenticator(make_user(Role.BROKER, username="broker1"))
    sign_in_with_password(client, "broker1")
    wrong = "000000" if totp_code(SECRET) != "000000" else "111111"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "Incorrect code" in page
    assert client.get(reverse("brokerage:queue")).status_code == 302
    assert AuditEvent.objects.filter(object_id=broker.pk, action=AuditEvent.Action.MFA_FAILED).exists()


def test_a_code_cannot_be_used_twice(client, make_user):
    user = with_authenticator(make_user(Role.BROKER, username="broker1"))
    sign_in_fully(client, user)
    client.post(reverse("accounts:logout"))
    sign_in_with_password(client, "broker1")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    assert response.status_code == 200 and "Incorrect code" in response.content.decode()


def test_a_recovery_code_passes_the_second_factor_once(client, make_user):
    user = with_authenticator(make_user(Role.BROKER, username="broker1"))
    code = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()[0]
    sign_in_with_password(client, "broker1")
    assert client.post(reverse("mfa_authenticate"), {"code": code})["Location"] == "/"
    client.post(reverse("accounts:logout"))
    sign_in_with_password(client, "broker1")
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, make_user):
    make_user(Role.FINANCE_OFFICER, username="finance1")
    response = sign_in_with_password(client, "finance1")
    assert response["Location"] == "/"
    for path in ["/", reverse("finance:index"), reverse("providers:provider_list")]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp"), path
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.get(reverse("core:health")).status_code == 200, "public pages stay open"
    assert client.post(reverse("accounts:logout")).status_code == 302, "signing out stays open"


def test_setting_up_the_app_shows_recovery_codes_then_opens_every_page(
        client, make_user, django_capture_on_commit_callbacks):
    user = make_user(Role.FINANCE_OFFICER, username="finance1")
    sign_in_with_password(client, "finance1")
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    assert secret in page.content.decode(), "the setup key is shown for people who cannot scan"

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "12345"})
    assert wrong.status_code == 200 and "There is a problem" in wrong.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200 and len(codes.context["unused_codes"]) == 10
    assert client.get(reverse("finance:index")).status_code == 200
    assert AuditEvent.objects.filter(object_id=user.pk, action=AuditEvent.Action.MFA_ENROLLED).exists()


def test_an_api_call_from_a_browser_session_without_a_second_factor_is_refused(client, make_user):
    make_user(Role.BROKER, username="broker1")
    sign_in_with_password(client, "broker1")
    assert client.get("/api/v1/providers/").status_code == 403


def test_provider_users_need_no_second_factor_by_default(client, provider_user):
    response = sign_in_with_password(client, provider_user.username)
    assert response["Location"] == "/"
    assert client.get(reverse("portal:home")).status_code == 200


@override_settings(MFA_REQUIRED_FOR_PROVIDERS=True)
def test_the_council_can_require_a_second_factor_of_provider_users(client, provider_user):
    sign_in_with_password(client, provider_user.username)
    assert client.get(reverse("portal:home"))["Location"] == reverse("mfa_activate_totp")


def test_a_provider_user_who_set_up_an_app_is_asked_for_its_code(client, provider_user):
    with_authenticator(provider_user)
    assert sign_in_with_password(client, provider_user.username)["Location"] == reverse("mfa_authenticate")


def test_force_login_without_the_test_helper_counts_as_no_second_factor(client, make_user):
    client.force_login(make_user(Role.BROKER))
    assert client.get("/")["Location"] == reverse("mfa_activate_totp")


def test_a_session_that_skipped_the_code_of_an_enrolled_person_is_signed_out(client, make_user):
    client.force_login(with_authenticator(make_user(Role.BROKER)))
    response = client.get(reverse("brokerage:queue"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("brokerage:queue"))["Location"].startswith(reverse("account_login"))
