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


def markets() -> QuerySet:
    """Every market area, in use or retired, in the council's order: records keep a retired one."""
    from .models import Market

    return Market.objects.all()


def markets_offered(*, current=None) -> QuerySet:
    """The market areas a form offers: those in use, and the one the record already has (so a
    record holding a retired market shows and saves unchanged)."""
    from django.db.models import Q

    from .models import Market

    code = getattr(current, "code", current)
    return Market.objects.filter(Q(retired=False) | Q(code=code or None))


def offer_current_markets(form, field: str = "market_area") -> None:
    """A form's market field offers the markets in use and the one its record has; one chosen
    that has been retired since is refused in words."""
    current = getattr(form.instance, f"{field}_id", None) if hasattr(form, "instance") else None
    form.fields[field].queryset = markets_offered(current=current)
    form.fields[field].error_messages["invalid_choice"] = "Choose a market area in use: that one has been retired"


def market_names() -> dict[str, str]:
    """Each market area's name by its code, in the council's order, for pages that group by code."""
    return dict(markets().values_list("code", "name"))


def market_name(code: str) -> str:
    """The name of a market area from its code ("" for none)."""
    if not code:
        return ""
    return market_names().get(code, "")
