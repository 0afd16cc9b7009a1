"""Audit lines for what django-allauth does on a person's behalf: second-factor set-up, use,
refusal and removal, and passwords changed or reset."""
from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth.signals import user_logged_in

from commissioning.core.audit import Action, audit_record

KIND = {Authenticator.Type.TOTP: "authenticator app", Authenticator.Type.RECOVERY_CODES: "recovery codes",
        Authenticator.Type.WEBAUTHN: "security key"}


def _kind(authenticator) -> str:
    return KIND.get(authenticator.type, str(authenticator.type))


def on_authenticator_added(sender, request, user, authenticator, **kwargs):
    audit_record(actor=user, action=Action.MFA_ENROLLED, obj=user, note=f"Set up {_kind(authenticator)}")


def on_authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit_record(actor=user, action=Action.MFA_REMOVED, obj=user, note=f"Removed {_kind(authenticator)}")


def on_authenticator_reset(sender, request, user, authenticator, **kwargs):
    audit_record(actor=user, action=Action.MFA_ENROLLED, obj=user, note=f"New {_kind(authenticator)} made")


def on_authentication_failed(sender, request, user, authenticator=None, **kwargs):
    note = "Wrong code" + (f" for the {_kind(authenticator)}" if authenticator is not None else "")
    audit_record(actor=None, action=Action.MFA_FAILED, obj=user, note=note)


def on_password_changed(sender, request, user, **kwargs):
    audit_record(actor=user, action=Action.PASSWORD_SET, obj=user, note="Changed by the person")


def on_password_reset(sender, request, user, **kwargs):
    audit_record(actor=user, action=Action.PASSWORD_SET, obj=user, note="Chosen from a password reset e-mail")


def track_session(sender, request, user, **kwargs):
    """Every signed-in session is listed, however it began, so signing out everywhere can end it."""
    from allauth.usersessions.models import UserSession

    if getattr(request, "session", None) is not None:
        UserSession.objects.create_from_request(request, user=user)


def connect() -> None:
    user_logged_in.connect(track_session, dispatch_uid="accounts-track-session")
    mfa_signals.authenticator_added.connect(on_authenticator_added, dispatch_uid="accounts-mfa-added")
    mfa_signals.authenticator_removed.connect(on_authenticator_removed, dispatch_uid="accounts-mfa-removed")
    mfa_signals.authenticator_reset.connect(on_authenticator_reset, dispatch_uid="accounts-mfa-reset")
    mfa_signals.authentication_failed.connect(on_authentication_failed, dispatch_uid="accounts-mfa-failed")
    account_signals.password_changed.connect(on_password_changed, dispatch_uid="accounts-password-changed")
    account_signals.password_set.connect(on_password_changed, dispatch_uid="accounts-password-set")
    account_signals.password_reset.connect(on_password_reset, dispatch_uid="accounts-password-reset")
