"""Writes of individual service agreements: made by an award (direct, from a competition or a
spot purchase), answered by the provider, ended, and repriced by finance through this app."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commissioning.core.audit import Action, audit_record
from commissioning.core.workflow import transition
from commissioning.procurement.models import Lot
from commissioning.providers.models import Provider

from .. import notifications
from ..choices import AwardRoute, DirectAwardReason
from ..domain.ranking import weekly_cost_pence
from ..models import Agreement, CareRequest, Offer
from ..selectors import eligible_providers
from ..signals import agreement_accepted
from ..transitions import AGREEMENT, REQUEST
from ._base import guard, lock_request, now
from .front_door import require_front_door
from .standing import require_standing_reason


def agreement_make(request: CareRequest, *, by, provider, service, route, rate_pence: int, start: date,
                   lot: Lot | None, reason: str = "", note: str = "", offer: Offer | None = None,
                   standing_summary: str = "", standing_reason: str = "") -> Agreement:
    """Make the agreement an award creates, offered to the provider; the database refuses a second live
    agreement for the request. Called inside the awarding service's transaction."""
    counts_beds = request.counts_beds
    try:
        with transaction.atomic():
            agreement = Agreement.objects.create(
                request=request, person=request.person, provider=provider, service=service, lot=lot, route=route,
                offer=offer, award_reason=reason, award_note=note, awarded_by=by, rate_pence=rate_pence,
                standing_summary=standing_summary, standing_reason=standing_reason,
                counts_beds=counts_beds, hours_per_week=request.weekly_hours,
                visits_per_day=request.visits_per_day, minutes_per_visit=request.minutes_per_visit,
                days_per_week=request.days_per_week, start_date=start,
                weekly_cost_pence=weekly_cost_pence(rate_pence, counts_beds=counts_beds,
                                                    hours_per_week=request.weekly_hours))
    except IntegrityError:
        raise ValidationError("This request already has a live agreement") from None
    agreement.status_events.create(by=by, event="offered", to_status=agreement.status, note=note)
    audit_record(actor=by, action=Action.CREATED, obj=agreement,
                 note=f"{AwardRoute(route).label} to {provider} for {request.reference}")
    notifications.agreement_offered(agreement)
    return agreement


@transaction.atomic
def direct_award(*, request: CareRequest, by, provider: Provider, reason: str, note: str = "",
                 start: date | None = None, standing_reason: str = "") -> Agreement:
    """Award to one eligible provider with a reason from the list and free text; a provider rated
    Amber, or under concerns or a contract review, needs a recorded reason for going ahead."""
    request = lock_request(request)
    guard(request, REQUEST, "direct_award")
    require_front_door(request)
    problems = []
    if reason not in DirectAwardReason.values:
        problems.append("Choose the reason for the direct award")
    if not note.strip():
        problems.append("Explain the direct award in a few words")
    eligible = {e.provider.pk: e for e in eligible_providers(request)}
    choice = eligible.get(provider.pk)
    if choice is None:
        problems.append(f"{provider} is not eligible for this request (lot membership, area, specialisms, "
                        "council rating or capacity)")
    if problems:
        raise ValidationError(problems)
    summary = require_standing_reason(provider.pk, standing_reason)
    provider = Provider.objects.get(pk=provider.pk)
    transition(request, REQUEST, "direct_award", by=by, note=f"{provider}: {DirectAwardReason(reason).label}. {note}")
    return agreement_make(request, by=by, provider=provider, service=choice.service, route=AwardRoute.DIRECT,
                          rate_pence=choice.rate_pence, start=start or request.start_date, lot=request.lot,
                          reason=reason, note=note, standing_summary=summary,
                          standing_reason=standing_reason.strip())


@transaction.atomic
def agreement_respond(*, agreement: Agreement, by, accept: bool, reason: str = "") -> Agreement:
    """The provider accepts the agreement, or declines it with a reason and the request goes back to
    the broker."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if by.provider_id != agreement.provider_id:
        raise ValidationError("Only the provider offered the agreement can answer it")
    event = "accept" if accept else "decline"
    guard(agreement, AGREEMENT, event)
    if not accept and not reason.strip():
        raise ValidationError("Give the reason for declining")
    request = lock_request(agreement.request)
    answered = now()
    transition(agreement, AGREEMENT, event, by=by, note=reason, responded_at=answered, responded_by=by,
               decline_reason="" if accept else reason)
    if accept:
        transition(request, REQUEST, "accept", by=by, note=f"{agreement.reference} accepted", sourced_at=answered)
        agreement_accepted.send(sender=Agreement, agreement=agreement)
    else:
        transition(request, REQUEST, "decline", by=by, note=f"{agreement.reference} declined: {reason}",
                   waiting_since=answered)
    return agreement


@transaction.atomic
def agreement_end(*, agreement: Agreement, by, reason: str) -> Agreement:
    """End an accepted agreement (the person no longer needs the package, or moves on), with the reason."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    guard(agreement, AGREEMENT, "end")
    if not reason.strip():
        raise ValidationError("Give the reason for ending the agreement")
    return transition(agreement, AGREEMENT, "end", by=by, note=reason)


@transaction.atomic
def agreement_reprice(*, agreement: Agreement, rate_pence: int, weekly_cost_pence: int, by,
                      note: str = "") -> Agreement:
    """Set an agreement's current rate and weekly cost (finance prices agreements; brokerage owns them); audited."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    before = {"Rate (pence)": agreement.rate_pence, "Weekly cost (pence)": agreement.weekly_cost_pence}
    agreement.rate_pence, agreement.weekly_cost_pence = rate_pence, weekly_cost_pence
    agreement.save(update_fields=["rate_pence", "weekly_cost_pence", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=agreement, note=note,
                 changes={k: [v, after] for (k, v), after in zip(before.items(), [rate_pence, weekly_cost_pence],
                                                                  strict=True) if v != after})
    return agreement

