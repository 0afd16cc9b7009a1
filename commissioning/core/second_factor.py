"""Council staff pass a second factor before any page but enrolment, sign-out and the public
pages; provider users too when `MFA_REQUIRED_FOR_PROVIDERS` is on.

A session has passed when django-allauth recorded an authenticator in the sign-in (or a
reauthentication), or when the person has just set up their authenticator in this session.
Staff who have none are sent to set one up. API requests with a token are outside this check:
tokens are issued by an administrator for integrations (ADR 0014)."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect

from .permissions import PUBLIC, declared_roles

SECOND_FACTOR_SESSION_KEY = "accounts.second_factor_passed"
AUTHENTICATION_RECORDS_SESSION_KEY = "account_authentication_methods"
ENROLMENT_URL_NAMES = frozenset({
    "mfa_activate_totp", "mfa_view_recovery_codes", "mfa_download_recovery_codes", "mfa_generate_recovery_codes",
    "mfa_index", "mfa_reauthenticate", "account_reauthenticate", "account_logout", "accounts:logout",
    "accounts:sign_out_everywhere", "accounts:keep_alive",
})


def second_factor_required(user) -> bool:
    """Staff always need a second factor; provider users only when the council requires it."""
    if user.is_provider_user:
        return settings.MFA_REQUIRED_FOR_PROVIDERS
    return True


def second_factor_passed(session) -> bool:
    if session.get(SECOND_FACTOR_SESSION_KEY):
        return True
    return any(record.get("method") == "mfa" for record in session.get(AUTHENTICATION_RECORDS_SESSION_KEY, []))


def mark_second_factor_passed(session) -> None:
    session[SECOND_FACTOR_SESSION_KEY] = True


def has_authenticator(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type__in=[Authenticator.Type.TOTP,
                                                              Authenticator.Type.WEBAUTHN]).exists()


class SecondFactorRequiredMiddleware:
    """Send a signed-in person who still owes a second factor to set one up (or to sign in again)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not second_factor_required(user) or second_factor_passed(request.session):
            return None
        if declared_roles(view_func) == PUBLIC or request.resolver_match.view_name in ENROLMENT_URL_NAMES:
            return None
        if getattr(view_func, "cls", None) is not None:
            return JsonResponse({"detail": "Set up and use your second factor before using the API from a "
                                           "browser session."}, status=403)
        if has_authenticator(user):
            logout(request)
            return redirect_to_login(request.get_full_path())
        messages.info(request, "Set up an authenticator app on your phone before you continue. "
                               "You will use a code from it each time you sign in.")
        return redirect("mfa_activate_totp")
