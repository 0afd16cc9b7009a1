"""Spot purchase off the list: a waiver asked for by a broker with a reason, decided by someone else;
a refusal leaves the need unmet."""
from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.workflow import transition
from commissioning.providers.models import Provider

from ..choices import AwardRoute, UnmetReason
from ..models import CareRequest
from ..transitions import REQUEST
from ._base import guard, lock_request
from .agreements import agreement_make
from .front_door import require_front_door


@transaction.atomic
def waiver_request(*, request: CareRequest, by, provider: Provider, rate_pence: int, reason: str) -> CareRequest:
    """Ask to buy off the list: a waiver reason is required and an approver must agree."""
    request = lock_request(request)
    guard(request, REQUEST, "request_waiver")
    require_front_door(request)
    problems = []
    if len(reason.strip()) < 20:
        problems.append("Explain in at least 20 characters why the list cannot meet this need")
    if not rate_pence or rate_pence <= 0:
        problems.append("Enter the rate agreed with the provider")
    if problems:
        raise ValidationError(problems)
    return transition(request, REQUEST, "request_waiver", by=by, note=reason, spot_provider=provider,
                      spot_rate_pence=rate_pence, waiver_reason=reason, waiver_requested_by=by)


@transaction.atomic
def waiver_decide(*, request: CareRequest, by, approve: bool, note: str = "") -> CareRequest:
    """Approve a waiver (the spot purchase is awarded) or refuse it with a reason (the need is unmet);
    never by the person who asked."""
    request = lock_request(request)
    guard(request, REQUEST, "approve_waiver" if approve else "refuse_waiver")
    if request.waiver_requested_by_id == by.pk:
        raise ValidationError("Someone other than the person who asked must approve a waiver")
    if not approve:
        if not note.strip():
            raise ValidationError("Give the reason for refusing the waiver")
        return transition(request, REQUEST, "refuse_waiver", by=by, note=note, unmet_reason=UnmetReason.NO_CAPACITY)
    transition(request, REQUEST, "approve_waiver", by=by, note=note or "Waiver approved", waiver_approved_by=by)
    agreement_make(request, by=by, provider=request.spot_provider, service=None, route=AwardRoute.SPOT,
                   rate_pence=request.spot_rate_pence, start=request.start_date, lot=None,
                   note=request.waiver_reason)
    return request
