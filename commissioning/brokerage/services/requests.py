"""Writes of a care request: it is made, marked unmet or cancelled. The free text a provider reads
is checked for the person's identity first (domain/identity.py)."""
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, audit_record
from commissioning.core.workflow import transition
from commissioning.procurement.selectors import reserve_lots_for
from commissioning.providers import geo

from ..choices import RequestStatus, UnmetReason
from ..domain.identity import Identity, identity_problems
from ..models import CareRequest, Person
from ..transitions import REQUEST
from ._base import guard, lock_request, now


def _next_person_reference() -> str:
    last = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return f"P-{last + 1:06d}"


def identity_errors(person: Person, **texts: str) -> dict[str, list[str]]:
    """Per field, what to remove from free text that carries the person's identity (providers read it)."""
    identity = Identity(name=person.name, date_of_birth=person.date_of_birth, postcode=person.postcode)
    found = {field: identity_problems(text or "", identity, field) for field, text in texts.items()}
    return {field: problems for field, problems in found.items() if problems}


OLDEST_AGE = 115


def earliest_birth(today=None):
    """The earliest plausible date of birth: OLDEST_AGE years before today."""
    today = today or timezone.localdate()
    return today.replace(year=today.year - OLDEST_AGE, day=min(today.day, 28))


def date_of_birth_problem(born, *, today=None) -> str | None:
    """Why a date of birth is implausible for someone asking for adult care, or None."""
    if born is None:
        return None
    today = today or timezone.localdate()
    if born >= today:
        return "The date of birth must be in the past"
    if born < earliest_birth(today):
        return f"The date of birth must be after {earliest_birth(today):%-d %B %Y}: check the year"
    return None


@transaction.atomic
def request_create(*, by, person: Person, request: CareRequest, specialisms=()) -> CareRequest:
    """Record a social worker's request and put it in the broker's queue; free text that identifies
    the person is refused, with what to remove under each field."""
    problems: dict[str, list[str]] = {}
    if person.pk is None:
        born = date_of_birth_problem(person.date_of_birth)
        if born:
            raise ValidationError({"date_of_birth": born})
        person.reference = person.reference or _next_person_reference()
        person.full_clean()
        person.save()
    problems.update(identity_errors(person, needs=request.needs, outcomes=request.outcomes))
    if request.start_date and request.start_date < timezone.localdate() and not request.backdate_reason.strip():
        problems.setdefault("start_date", []).append(
            "The wanted start date must be today or in the future, or give the reason it is backdated")
    lot = request.lot
    if not lot.service_types.filter(pk=request.service_type_id).exists():
        problems.setdefault("service_type", []).append(
            f"{lot} does not buy {request.service_type}: choose one of its service types")
    if request.hours_per_week is None and None in (request.visits_per_day, request.minutes_per_visit,
                                                   request.days_per_week):
        problems.setdefault(NON_FIELD_ERRORS, []).append(
            "Give the hours per week, or the visits per day, minutes per visit and days per week")
    locality = geo.locality_for(request.postcode)
    if locality is None:
        problems.setdefault("postcode", []).append("Enter a postcode in one of the council's localities")
    if problems:
        raise ValidationError(problems)
    point = geo.coordinates_for(request.postcode)
    request.person = person
    request.requested_by = by
    request.locality = locality
    request.latitude, request.longitude = point if point else (None, None)
    request.status = RequestStatus.NEW
    request.waiting_since = now()
    request.full_clean(exclude=["specialisms"])
    request.save()
    request.specialisms.set(specialisms)
    request.status_events.create(by=by, event="requested", to_status=request.status)
    audit_record(actor=by, action=Action.CREATED, obj=request)
    return request


@transaction.atomic
def request_mark_unmet(*, request: CareRequest, by, reason: str, note: str = "") -> CareRequest:
    """Record that no provider can meet the need now, with the reason (reported as unmet need)."""
    request = lock_request(request)
    guard(request, REQUEST, "mark_unmet")
    if reason not in UnmetReason.values:
        raise ValidationError("Choose why the need cannot be met")
    return transition(request, REQUEST, "mark_unmet", by=by, note=note or UnmetReason(reason).label,
                      unmet_reason=reason)


@transaction.atomic
def request_cancel(*, request: CareRequest, by, reason: str) -> CareRequest:
    """Cancel a request no longer needed, with the reason."""
    request = lock_request(request)
    guard(request, REQUEST, "cancel")
    if not reason.strip():
        raise ValidationError("Give the reason for cancelling the request")
    return transition(request, REQUEST, "cancel", by=by, note=reason)


@transaction.atomic
def request_send_to_reserve(*, request: CareRequest, by, lot, reason: str) -> CareRequest:
    """Send a request its lot could not place to one of the lot's reserve lots, with the reason; it
    waits in the queue again there, and keeps the lot it was first made on."""
    request = lock_request(request)
    guard(request, REQUEST, "send_to_reserve")
    errors = {}
    reserves = reserve_lots_for(request.lot)
    if lot is None or not reserves.filter(pk=lot.pk).exists():
        errors["lot"] = f"Choose one of the reserve lots of {request.lot}"
    elif not lot.service_types.filter(pk=request.service_type_id).exists():
        errors["lot"] = f"{lot} does not buy {request.service_type}"
    elif not lot.localities.filter(pk=request.locality_id).exists():
        errors["lot"] = f"{lot} does not cover {request.locality}"
    if not (reason or "").strip():
        errors["reason"] = "Give the reason the request goes to a reserve lot"
    if errors:
        raise ValidationError(errors)
    primary = request.primary_lot_id or request.lot_id
    return transition(request, REQUEST, "send_to_reserve", by=by, note=f"Sent to {lot}: {reason.strip()}",
                      lot=lot, primary_lot_id=primary, reserve_reason=reason.strip(), waiting_since=now(),
                      unmet_reason="")
