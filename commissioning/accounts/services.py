"""Writes about people: saving, inviting, deactivating and reactivating a person, signing them out
everywhere, and issuing an integration token; every one audited."""
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from commissioning.core.audit import Action, Source, audit_record, diff, snapshot

from . import selectors
from .mail import absolute_url, send_after_commit
from .models import Council, Invitation, User, normalise_ppon
from .roles import Role

USER_FIELDS = ["username", "first_name", "last_name", "email", "job_title", "role", "market_area",
               "provider", "is_active"]


class InvitationNotUsable(Exception):
    """The invitation was used, replaced, or has expired."""


class FirstRunClosed(Exception):
    """The platform already has a council or people: the first run cannot be used again."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def user_save(*, user: User, by, source: str = Source.WEB) -> User:
    """Create or update a person; a new person cannot sign in until they accept an invitation."""
    creating = user.pk is None
    before = dict.fromkeys(USER_FIELDS, "") if creating else snapshot(User.objects.get(pk=user.pk), USER_FIELDS)
    if creating:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    changes = diff(user, before, snapshot(user, USER_FIELDS))
    if creating or changes:
        audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=user,
                     changes=changes, source=source)
    return user


@transaction.atomic
def user_invite(*, user: User, by, source: str = Source.WEB) -> Invitation:
    """E-mail `user` a link to choose their password; it works once, for INVITATION_EXPIRY_DAYS,
    and any earlier unused invitation stops working."""
    if not user.is_active:
        raise ValueError("Reactivate this person before inviting them")
    if not user.email:
        raise ValueError("Add an email address before inviting this person")
    now = timezone.now()
    user.invitations.filter(accepted_at__isnull=True, withdrawn_at__isnull=True).update(withdrawn_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user, token_hash=_token_hash(token), sent_by=by,
        expires_at=now + timedelta(days=settings.INVITATION_EXPIRY_DAYS),
    )
    audit_record(actor=by, action=Action.INVITED, obj=user, source=source,
                 note=f"Invitation sent to {user.email}, valid for {settings.INVITATION_EXPIRY_DAYS} days")
    context = {"person": user, "by": by, "link": absolute_url(reverse("accounts:invitation_accept", args=[token])),
               "days": settings.INVITATION_EXPIRY_DAYS, "service_name": settings.SERVICE_NAME,
               "council_name": selectors.council_name(), "sign_in": absolute_url(reverse("account_login"))}
    send_after_commit(to=[user.email], subject=f"You have been invited to {settings.SERVICE_NAME}",
                      body=render_to_string("accounts/email/invitation.txt", context))
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The usable invitation a link carries, or None when it was used, replaced or has expired."""
    invitation = Invitation.objects.select_related("user").filter(token_hash=_token_hash(token)).first()
    if invitation is None or not invitation.is_usable(timezone.now()) or not invitation.user.is_active:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Set the invited person's chosen password; the invitation cannot be used again."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if not invitation.is_usable(timezone.now()) or not invitation.user.is_active:
        raise InvitationNotUsable
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(actor=user, action=Action.INVITATION_ACCEPTED, obj=user)
    audit_record(actor=user, action=Action.PASSWORD_SET, obj=user, note="Chosen from the invitation")
    return user


def _end_sessions_and_tokens(user: User) -> int:
    from allauth.usersessions.models import UserSession

    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    Token.objects.filter(user=user).delete()
    return len(sessions)


@transaction.atomic
def user_deactivate(*, user: User, by, note: str = "", source: str = Source.WEB) -> User:
    """Stop a person signing in: their sessions end and their API token is revoked at once;
    their history is kept."""
    if user.pk == getattr(by, "pk", None):
        raise ValueError("You cannot deactivate your own account")
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = _end_sessions_and_tokens(user)
    user.invitations.filter(accepted_at__isnull=True, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    audit_record(actor=by, action=Action.DEACTIVATED, obj=user, source=source,
                 changes={"Can sign in": ["Yes", "No"]},
                 note=note or f"{ended} session(s) ended and API tokens revoked")
    return user


@transaction.atomic
def user_reactivate(*, user: User, by, note: str = "", source: str = Source.WEB) -> User:
    """Let a deactivated person sign in again with their existing password and second factor."""
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=by, action=Action.REACTIVATED, obj=user, source=source,
                 changes={"Can sign in": ["No", "Yes"]}, note=note)
    return user


@transaction.atomic
def user_sign_out_everywhere(*, user: User, by, source: str = Source.WEB) -> int:
    """End every session the person has, on every device, and revoke their API token."""
    ended = _end_sessions_and_tokens(user)
    audit_record(actor=by, action=Action.SIGNED_OUT_EVERYWHERE, obj=user, source=source,
                 note=f"{ended} session(s) ended and API tokens revoked")
    return ended


@transaction.atomic
def api_token_issue(*, user: User, by, source: str = Source.WEB) -> str:
    """Issue a new API token for `user`, revoking any earlier one; the key is shown once."""
    if not user.is_active:
        raise ValueError("Cannot issue a token to a person who cannot sign in")
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit_record(actor=by, action=Action.TOKEN_ISSUED, obj=user, source=source,
                 note="Earlier tokens revoked")
    return token.key


@transaction.atomic
def council_first_run(*, council_name: str, ppon: str, localities: list[tuple[str, list[str]]], username: str,
                      email: str, first_name: str, last_name: str, password: str | None,
                      markets: list[tuple[str | None, str]] | None = None,
                      source: str = Source.WEB) -> tuple[Council, User]:
    """Set up an empty platform: the council (name and PPON), its localities from postcode districts,
    its market areas (`markets_set_up`; None keeps the four it starts with) and the first
    administrator, who then sets up their second factor and invites everyone else. Refused
    (FirstRunClosed) once a council or anybody's account exists. With no password the
    administrator is e-mailed an invitation to choose one."""
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError

    from commissioning.providers.services import localities_set_up

    closed = FirstRunClosed("The platform is already set up: sign in, or ask your administrator for an invitation")
    if Council.objects.exists() or User.objects.exists():
        raise closed
    council = Council(name=" ".join((council_name or "").split()), ppon=normalise_ppon(ppon))
    council.full_clean(exclude=["only_one"])
    try:
        with transaction.atomic():
            council.save()
    except IntegrityError:
        raise closed from None
    admin = User(username=(username or "").strip(), email=(email or "").strip(), first_name=first_name.strip(),
                 last_name=last_name.strip(), role=Role.ADMINISTRATOR, job_title="Administrator")
    if password:
        password_validation.validate_password(password, admin)
        admin.set_password(password)
    else:
        if not admin.email:
            raise ValidationError({"email": "Enter the administrator’s email address to send the invitation to"})
        admin.set_unusable_password()
    admin.full_clean(exclude=["password"])
    admin.save()
    audit_record(actor=admin, action=Action.CREATED, obj=council, source=source, note="First run",
                 changes=diff(council, {"name": "", "ppon": ""}, snapshot(council, ["name", "ppon"])))
    audit_record(actor=admin, action=Action.CREATED, obj=admin, source=source, note="First administrator",
                 changes=diff(admin, dict.fromkeys(USER_FIELDS, ""), snapshot(admin, USER_FIELDS)))
    if password:
        audit_record(actor=admin, action=Action.PASSWORD_SET, obj=admin, source=source, note="Chosen at the first run")
    localities_set_up(localities=localities, by=admin, source=source)
    if markets is not None:
        markets_set_up(markets=markets, by=admin, source=source)
    if not password:
        user_invite(user=admin, by=admin, source=source)
    return council, admin


MARKET_FIELDS = ("name", "position", "meeting_every_months", "retired")


def markets_from_names(names: list[str]) -> list[tuple[str | None, str]]:
    """The first run's market areas from names alone (the command line): a name that is one of the
    starting markets' keeps that market and its code, any other is a new market."""
    from .models import Market

    existing = {name.lower(): code for code, name in Market.objects.values_list("code", "name")}
    return [(existing.get(" ".join(n.split()).lower()), n) for n in names]


@transaction.atomic
def markets_set_up(*, markets: list[tuple[str | None, str]], by, source: str = Source.WEB) -> list:
    """Make the council's market areas at the first run, in the order given: each pair is the code
    of a starting market to keep (renamed if its name changed) or None for a new one. A starting
    market left out is removed, with the starting service types in it, only while nothing uses
    them; names must be given and different."""
    from django.core.exceptions import ValidationError
    from django.db.models import ProtectedError

    from .models import Market

    names = [" ".join((name or "").split()) for _, name in markets]
    if not [n for n in names if n]:
        raise ValidationError({"markets": "Enter at least one market area"})
    seen = set()
    for name in names:
        if name and name.lower() in seen:
            raise ValidationError({"markets": f"‘{name}’ is given twice: give each market area once"})
        seen.add(name.lower())
    kept = {code for code, name in markets if code and " ".join((name or "").split())}
    for market in Market.objects.exclude(code__in=kept):
        try:
            with transaction.atomic():
                market.service_types.filter(services__isnull=True).delete()
                market.delete()
        except ProtectedError:
            raise ValidationError({"markets": f"{market} is in use and cannot be removed"}) from None
    # A kept market whose name changes gives its name up first, so that two starting markets may swap
    # names or a new market may take a renamed one's: each takes a placeholder no person can type.
    wanted = {code: name for (code, _), name in zip(markets, names, strict=True) if code in kept}
    befores = {}
    for market in Market.objects.filter(code__in=kept):
        befores[market.code] = snapshot(market, MARKET_FIELDS)
        if market.name != wanted[market.code]:
            Market.objects.filter(pk=market.pk).update(name=f"\ue000{market.pk}")
    out = []
    for position, ((code, _), name) in enumerate(zip(markets, names, strict=True)):
        if not name:
            continue
        market = Market.objects.get(code=code) if code in kept else Market()
        market.name, market.position = name, position
        out.append(market_save(market=market, by=by, source=source, before=befores.get(code)))
    return out


@transaction.atomic
def market_save(*, market, by, source: str = Source.WEB, before: dict | None = None):
    """Add a market area or rename or reorder one, audited with what changed (against `before`, the
    market's fields as they were, when the caller has already moved them): a new market gets a code
    made once from its first name, and renaming keeps the code (records, the API and imports keep
    it). Names are unique, ignoring case."""
    from django.core.exceptions import ValidationError
    from django.utils.text import slugify

    from .models import Market

    creating = market.pk is None
    market.name = " ".join((market.name or "").split())
    if not market.name:
        raise ValidationError({"name": "Enter the name of the market area"})
    if Market.objects.filter(name__iexact=market.name).exclude(pk=market.pk).exists():
        raise ValidationError({"name": f"There is already a market area called ‘{market.name}’"})
    if before is None:
        before = dict.fromkeys(MARKET_FIELDS, "") if creating else snapshot(Market.objects.get(pk=market.pk),
                                                                              MARKET_FIELDS)
    if creating:
        base = slugify(market.name).replace("-", "_")[:36] or "market"
        code, n = base, 2
        while Market.objects.filter(code=code).exists():
            code, n = f"{base}_{n}", n + 1
        market.code = code
        if not market.position:
            last = Market.objects.order_by("-position").values_list("position", flat=True).first()
            market.position = (last or 0) + 1
    market.save()
    changes = diff(market, before, snapshot(market, MARKET_FIELDS))
    if creating or changes:
        audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=market,
                     changes=changes, source=source)
    return market


def market_retire_blockers(market) -> list[str]:
    """What keeps a market area in use, so it cannot be retired: the active lead commissioners who
    own it and its approved lists not closed, named."""
    from commissioning.procurement.choices import ListStatus
    from commissioning.procurement.models import ApprovedList

    leads = [str(u) for u in User.objects.filter(market_area=market, is_active=True,
                                                  role=Role.LEAD_COMMISSIONER)]
    lists = [a.name for a in ApprovedList.objects.filter(market_area=market).exclude(status=ListStatus.CLOSED)]
    out = []
    if leads:
        out.append(f"it is owned by {', '.join(leads)} (give them another market area first)")
    if lists:
        out.append(f"its approved lists are not closed: {', '.join(lists)}")
    return out


@transaction.atomic
def market_set_retired(*, market, retired: bool, by, source: str = Source.WEB):
    """Retire a market area (kept on the records that have it, offered for nothing new) or bring it
    back. A market owned by an active lead commissioner or with an approved list not closed is not
    retired: the refusal names them."""
    from django.core.exceptions import ValidationError

    from .models import Market

    market = Market.objects.select_for_update().get(pk=market.pk)
    if market.retired == retired:
        return market
    if retired:
        blockers = market_retire_blockers(market)
        if blockers:
            raise ValidationError(f"{market} cannot be retired: {'; '.join(blockers)}")
    market.retired = retired
    market.save(update_fields=["retired"])
    audit_record(actor=by, action=Action.UPDATED, obj=market, source=source,
                 changes={"Retired": ["No", "Yes"] if retired else ["Yes", "No"]})
    return market
