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


def first_run_open() -> bool:
    """Whether the platform is still empty: no council and nobody with an account. Only then may
    the first run (its page or `manage.py first_run`) make the council and its first administrator."""
    from .models import Council

    return not Council.objects.exists() and not User.objects.exists()


def council():
    """The council that runs the platform (made by the first run), or None before it."""
    from .models import Council

    return Council.objects.first()


def council_name() -> str:
    """The council's name as pages and e-mails show it: the first run's, else the COUNCIL_NAME setting."""
    from django.conf import settings

    found = council()
    return found.name if found else settings.COUNCIL_NAME


def council_ppon() -> str:
    """The council's PPON without the GB-PPON scheme prefix: the first run's, else the COUNCIL_PPON setting."""
    from django.conf import settings

    from .models import normalise_ppon

    found = council()
    return found.ppon if found else normalise_ppon(settings.COUNCIL_PPON)
