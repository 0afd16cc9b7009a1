"""Authenticator-app codes (RFC 6238 TOTP, as django-allauth checks them) for the demo accounts
and for tests that sign in through the real pages."""
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
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
