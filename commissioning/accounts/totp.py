"""Authenticator-app codes (RFC 6238 TOTP, as django-allauth checks them) for the demo accounts
and for tests that sign in through the real pages."""
import base64
import hashlib
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.db import transaction


def totp_code(secret: str, *, periods_ahead: int = 0, at: float | None = None) -> str:
    """The code an authenticator app shows for `secret` now (or `periods_ahead` periods later)."""
    counter = int(at if at is not None else time.time()) // settings.MFA_TOTP_PERIOD + periods_ahead
    return format_hotp_value(hotp_value(secret, counter))


@transaction.atomic
def totp_set_up(*, user, secret: str) -> Authenticator:
    """Give `user` an authenticator app with a known secret, and recovery codes (demo accounts only)."""
    Authenticator.objects.filter(user=user).delete()
    authenticator = TOTP.activate(user, secret).instance
    RecoveryCodes.activate(user)
    return authenticator


def demo_totp_secret(username: str) -> str:
    """The fixed, published authenticator secret of a demo account (never used outside the demo)."""
    return base64.b32encode(hashlib.sha256(f"demo-authenticator:{username}".encode()).digest()[:20]).decode()


def demo_authenticator_ensure(user) -> str:
    """Give a demo account its published authenticator secret if it has none; return the secret."""
    secret = demo_totp_secret(user.username)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        totp_set_up(user=user, secret=secret)
    return secret


def has_demo_secret(user) -> bool:
    """Whether `user`'s authenticator app uses the published demo secret."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return authenticator is not None and decrypt(authenticator.data["secret"]) == demo_totp_secret(user.username)
