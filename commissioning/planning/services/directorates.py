"""Writes of the council's directorates and of personal calendar feed addresses."""
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.accounts.models import Market
from commissioning.core.audit import Action, audit_record

from .. import rules
from ..models import Directorate, FeedToken
from ._common import require

ADULT_SOCIAL_CARE = "Adult Social Care"


@transaction.atomic
def directorate_commissioning(market, *, by=None) -> Directorate:
    """The directorate that commissions a care market: the first by name whose markets include it.
    When none does (a market added before anyone gave it a directorate), Adult Social Care, made if
    the council has no such directorate yet, takes it on; that change is on the audit trail as
    `by`'s, or the system's when a list is saved with nobody behind it (the scheduler, the demo)."""
    directorate = Directorate.objects.filter(markets=market).order_by("name").first()
    if directorate is not None:
        return directorate
    directorate, created = Directorate.objects.get_or_create(name=ADULT_SOCIAL_CARE)
    directorate.markets.add(market)
    audit_record(actor=by, action=Action.CREATED if created else Action.UPDATED, obj=directorate,
                 note=f"Commissions {market.name}: no directorate commissioned it when its first list "
                      "joined the contracts register")
    return directorate


@transaction.atomic
def directorate_save(*, by, name: str, market_areas: list[str],
                     directorate: Directorate | None = None) -> Directorate:
    """Add a directorate or rename it, with the care markets it commissions."""
    require(by, rules.DIRECTORATES, "change the directorates")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the directorate's name"})
    chosen = list(Market.objects.filter(code__in=market_areas))
    if len(chosen) != len(set(market_areas)):
        raise ValidationError({"market_areas": "Choose markets from the list"})
    clash = Directorate.objects.filter(name__iexact=name)
    if directorate is not None:
        clash = clash.exclude(pk=directorate.pk)
    if clash.exists():
        raise ValidationError({"name": f"There is already a directorate called {name}"})
    created = directorate is None
    directorate = directorate or Directorate()
    directorate.name = name
    directorate.save()
    directorate.markets.set(chosen)
    markets = ", ".join(m.name for m in directorate.markets.all()) or "no care markets"
    audit_record(actor=by, action=Action.CREATED if created else Action.UPDATED, obj=directorate,
                 note=f"Commissions {markets}")
    return directorate


@transaction.atomic
def feed_token_issue(*, by) -> FeedToken:
    """Give a council user a new secret calendar address; any address they had before stops working."""
    require(by, rules.FEED, "subscribe to the calendar")
    row = FeedToken.objects.select_for_update().filter(user=by).first() or FeedToken(user=by)
    renewed = row.pk is not None
    row.token = secrets.token_urlsafe(32)
    row.save()
    audit_record(actor=by, action=Action.TOKEN_ISSUED, obj=by,
                 note="Calendar feed address regenerated" if renewed else "Calendar feed address issued")
    return row


@transaction.atomic
def feed_token_revoke(*, by) -> None:
    """End a user's calendar address: a calendar app using it gets "not found" from then on."""
    deleted, _ = FeedToken.objects.filter(user=by).delete()
    if deleted:
        audit_record(actor=by, action=Action.UPDATED, obj=by, note="Calendar feed address revoked")
