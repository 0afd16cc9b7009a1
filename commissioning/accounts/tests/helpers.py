"""Signing in through the real pages: password, then a code from the account's authenticator."""
from django.urls import reverse

from commissioning.accounts.totp import totp_code, totp_set_up

PASSWORD = "correct-horse-battery"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def with_authenticator(user, secret: str = SECRET):
    totp_set_up(user=user, secret=secret)
    return user


def sign_in_with_password(client, username: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def sign_in_fully(client, user, secret: str = SECRET):
    """Password then code; returns the response to the code."""
    response = sign_in_with_password(client, user.username)
    assert response["Location"] == reverse("mfa_authenticate"), response
    return client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
