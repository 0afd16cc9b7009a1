"""The demo keeps the second factor on: each login is printed with its authenticator setup key and code."""
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.accounts.totp import demo_totp_secret, totp_code
from commissioning.demo.loader import DEMO_PASSWORD, LOGINS

from .factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.real_second_factor]


@pytest.fixture
def demo_users(provider, other_provider):
    providers = [provider, other_provider]
    return [UserFactory(username=login.username, role=login.role, market_area_id=login.market_area or None,
                        provider=providers[login.provider_index] if login.provider_index is not None else None,
                        password=DEMO_PASSWORD) for login in LOGINS]


def test_the_demo_prints_each_login_with_its_setup_key_and_current_code(demo_users, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    for login in LOGINS:
        line = next(row for row in out.splitlines() if f" {login.username} " in row)
        secret = demo_totp_secret(login.username)
        assert secret in line
        assert line.split()[-1] in {totp_code(secret, periods_ahead=n) for n in (-1, 0)}


def test_a_demo_login_signs_in_with_its_password_and_printed_secret(demo_users, client, capsys):
    call_command("seed_demo")
    response = client.post(reverse("account_login"), {"login": "head", "password": DEMO_PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(demo_totp_secret("head"))})
    assert response["Location"] == "/" and client.get("/").status_code == 200


def test_the_code_command_prints_a_demo_accounts_code_only(demo_users, make_user, capsys):
    call_command("seed_demo")
    capsys.readouterr()
    call_command("totp_code", "head")
    assert capsys.readouterr().out.strip() in {totp_code(demo_totp_secret("head"), periods_ahead=n) for n in (-1, 0)}
    make_user(Role.BROKER, username="real.person")
    with pytest.raises(CommandError, match="private"):
        call_command("totp_code", "real.person")
