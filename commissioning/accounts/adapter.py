"""How django-allauth fits the platform: no self sign-up, audited sign-ins and lock-outs,
e-mails sent after commit with links on `SITE_URL`, and the service's name in authenticator apps."""
import time
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.core.audit import Action, audit_record
from commissioning.core.second_factor import AUTHENTICATION_RECORDS_SESSION_KEY

from . import selectors
from .mail import absolute_url, send_after_commit
from .models import User

LOCKED_OUT_MESSAGE = (
    "There have been too many failed attempts to sign in to this account. It is locked for up to "
    "an hour. Wait and try again, or use ‘Forgotten your password?’ to choose a new password."
)


def _user_named(credentials: dict) -> User | None:
    username = credentials.get("username") or ""
    return User.objects.filter(username=username).first() if username else None


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made by invitation only; every sign-in, failure and lock-out is audited."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": LOCKED_OUT_MESSAGE,
        "username_password_mismatch": "Enter a correct username and password. Both are case-sensitive.",
        "account_inactive": "This account is not active. Contact your administrator.",
    }

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        """The client's address; a request made outside HTTP (a command, a test) has none: 0.0.0.0."""
        from allauth.core.internal.httpkit import get_client_ip

        return get_client_ip(request) or "0.0.0.0"  # noqa: S104

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            user = _user_named(credentials)
            if user is not None:
                audit_record(actor=None, action=Action.LOCKED_OUT, obj=user,
                             note=f"Sign-in refused from {self.get_client_ip(request)}")
            raise

    def authentication_failed(self, request, **credentials) -> None:
        user = _user_named(credentials)
        if user is not None:
            audit_record(actor=None, action=Action.SIGN_IN_FAILED, obj=user,
                         note=f"Wrong password from {self.get_client_ip(request)}")

    def post_login(self, request, user, **kwargs):
        audit_record(actor=user, action=Action.SIGNED_IN, obj=user,
                     note=f"Signed in from {self.get_client_ip(request)}")
        return super().post_login(request, user, **kwargs)

    def add_message(self, request, level, message_template=None, message_context=None,
                    extra_tags="", message=None) -> None:
        if message_template in {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}:
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A password given at sign-in within the reauthentication timeout counts as a fresh one,
        so staff sent to set up their authenticator straight after signing in are not asked twice."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = allauth_context.request
        records = [r for r in request.session.get(AUTHENTICATION_RECORDS_SESSION_KEY, [])
                   if r.get("method") == "password"]
        timeout = getattr(settings, "ACCOUNT_REAUTHENTICATION_TIMEOUT", 300)
        return not (records and time.time() - records[-1]["at"] < timeout)

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {"service_name": settings.SERVICE_NAME, "council_name": selectors.council_name(),
                   "site_url": settings.SITE_URL, "email": email, **context}
        message = self.render_mail(template_prefix, email, context)
        html = next((content for content, mimetype in getattr(message, "alternatives", [])
                     if mimetype == "text/html"), "")
        send_after_commit(to=list(message.to), subject=message.subject, body=message.body, html=html)


class MFAAdapter(DefaultMFAAdapter):
    """Authenticator apps show the service's name beside the person's username."""

    def get_totp_issuer(self) -> str:
        return settings.SERVICE_NAME

    def get_totp_label(self, user) -> str:
        return user.username
