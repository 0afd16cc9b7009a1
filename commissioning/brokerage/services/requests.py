"""Writes of a care request: it is made, marked unmet or cancelled. The free text a provider reads
is checked for the person's identity first (domain/identity.py)."""
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record
from commissioning.core.workflow import transition
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


@transaction.atomic
def request_create(*, by, person: Person, request: CareRequest, specialisms=()) -> CareRequest:
    """Record a social worker's request and put it in the broker's queue; free text that identifies
    the person is refused, with what to remove under each field."""
    if person.pk is None:
        person.reference = person.reference or _next_person_reference()
        person.full_clean()
        person.save()
    problems: dict[str, list[str]] = identity_errors(person, needs=request.needs, outcomes=request.outcomes)
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
