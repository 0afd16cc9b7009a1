"""Reads of people and their sign-in set-up, scoped to who is asking."""
from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from .models import User
from .roles import Role


def people(*, user) -> QuerySet[User]:
    """Everyone with an account, for an administrator; nobody for anyone else."""
    if getattr(user, "role", None) != Role.ADMINISTRATOR:
        return User.objects.none()
    return User.objects.select_related("provider")


def has_authenticator_of_type(*, user, kind: str) -> bool:
    """Whether the person has set up that kind of second factor (an app, recovery codes)."""
    return Authenticator.objects.filter(user=user, type=kind).exists()
