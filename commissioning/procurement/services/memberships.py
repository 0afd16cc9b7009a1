"""Writes of memberships: admission (from a decision), suspension, reinstatement and removal,
the daily end of suspensions, and re-verification when evidence lapses."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, Source, audit_record
from commissioning.core.workflow import transition

from .. import selectors
from ..choices import MembershipStatus
from ..models import Application, Lot, MemberPrice, Membership
from ..transitions import MEMBERSHIP, NEW


def _admit(*, application: Application, lot: Lot, on: date, insurance_expires_on, by, note: str,
           source: str) -> Membership:
    """A provider admitted to a lot by a decision becomes an active member from `on`."""
    tendered = list(application.tendered_prices.filter(price_line__lot=lot).select_related("price_line"))
    main = next((t.pence for t in tendered if t.price_line.is_main), None)
    membership = Membership(lot=lot, provider=application.provider, application=application, admitted_on=on,
                            insurance_expires_on=insurance_expires_on, status=NEW, rate_pence=main)
    membership = transition(membership, MEMBERSHIP, "admit", by=by, note=note, source=source)
    MemberPrice.objects.bulk_create([
        MemberPrice(membership=membership, price_line=t.price_line, pence=t.pence, effective_from=on,
                    reason="Tendered price on admission", recorded_by=by) for t in tendered])
    return membership


def _record(membership: Membership, *, event: str, by, note: str, changes: dict, source: str) -> None:
    """A history row and an audit line for a change that leaves the membership's status as it is."""
    membership.status_events.create(by=by, event=event, from_status=membership.status,
                                    to_status=membership.status, note=note)
    audit_record(actor=by, action=Action.UPDATED, obj=membership, changes=changes, note=note, source=source)


@transaction.atomic
def membership_transition(*, membership: Membership, event: str, by, reason: str, until: date | None = None,
                          today: date | None = None, source: str = Source.WEB) -> Membership:
    """Suspend (with a reason and an end date after today), reinstate or remove a member, with the
    reason kept."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    MEMBERSHIP.next_status(membership.status, event)
    today = today or timezone.localdate()
    errors = {}
    if not reason.strip():
        errors["reason"] = "Give the reason"
    if event == "suspend":
        if until is None:
            errors["until"] = "Give the date the suspension ends"
        elif until <= today:
            errors["until"] = "The suspension must end after today"
    if errors:
        raise ValidationError(errors)
    return transition(membership, MEMBERSHIP, event, by=by, note=reason.strip(), source=source,
                      status_reason=reason.strip(), suspended_until=until if event == "suspend" else None)


@transaction.atomic
def memberships_end_suspensions(*, today: date, by=None, source: str = Source.SCHEDULE) -> int:
    """Reinstate members whose suspension has reached its end date (run daily)."""
    ended = 0
    for membership in Membership.objects.select_for_update().filter(status=MembershipStatus.SUSPENDED,
                                                                    suspended_until__lte=today):
        transition(membership, MEMBERSHIP, "reinstate", by=by, source=source,
                   note=f"Suspension ended on {membership.suspended_until:%d %B %Y}", suspended_until=None)
        ended += 1
    return ended


@transaction.atomic
def memberships_flag_lapsed_evidence(*, today: date, by=None, source: str = Source.SCHEDULE) -> int:
    """Flag members whose evidence has lapsed for re-verification: insurance expired, or a CQC
    rating below Good on a regulated service of the lot (run daily and after each CQC import)."""
    flagged = 0
    for membership, reasons in selectors.memberships_with_lapsed_evidence(today):
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        membership.needs_reverification = True
        membership.reverification_reason = "; ".join(reasons)[:300]
        membership.save(update_fields=["needs_reverification", "reverification_reason", "updated_at"])
        _record(membership, event="flag_reverification", by=by, note=membership.reverification_reason,
                changes={"Needs re-verification": ["No", "Yes"]}, source=source)
        flagged += 1
    return flagged


@transaction.atomic
def membership_reverify(*, membership: Membership, by, note: str, source: str = Source.WEB) -> Membership:
    """Clear a re-verification flag once fresh evidence is seen, recording what was seen."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.needs_reverification:
        raise ValidationError("This membership is not waiting for re-verification")
    if not note.strip():
        raise ValidationError({"note": "Record the evidence you have seen"})
    membership.needs_reverification = False
    membership.reverification_reason = ""
    membership.save(update_fields=["needs_reverification", "reverification_reason", "updated_at"])
    _record(membership, event="reverified", by=by, note=note.strip(),
            changes={"Needs re-verification": ["Yes", "No"]}, source=source)
    return membership
