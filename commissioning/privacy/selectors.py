"""Reads for data protection: everything the platform holds about one person, and who is due for
anonymisation."""
from datetime import date

from django.conf import settings
from django.db.models import Max, Q

from commissioning.brokerage.choices import AgreementStatus, RequestStatus
from commissioning.brokerage.models import Agreement, CareRequest, Person
from commissioning.core.audit import history_for

from .domain.retention import is_due

OPEN_REQUESTS = [RequestStatus.NEW, RequestStatus.IN_COMPETITION, RequestStatus.WAIVER_PENDING,
                 RequestStatus.AWARDED, RequestStatus.UNMET]
LIVE_AGREEMENTS = [AgreementStatus.OFFERED, AgreementStatus.ACCEPTED]


def people():
    """Everyone the platform holds a care record for (data protection officers are council staff)."""
    return Person.objects.all()


def person_find(*, text: str):
    """People whose reference or name matches what a data protection officer typed (council staff only)."""
    text = text.strip()
    if not text:
        return Person.objects.none()
    return people().filter(Q(reference__iexact=text) | Q(name__icontains=text)).order_by("reference")[:50]


def subject_access_record(person: Person) -> dict:
    """Everything held about a person, in the words a person reads, for a subject access request."""
    requests = (CareRequest.objects.filter(person=person).select_related("lot", "service_type", "locality")
                .prefetch_related("front_door_checks", "status_events").order_by("created_at"))
    agreements = (Agreement.objects.filter(person=person).select_related("provider", "service")
                  .prefetch_related("status_events").order_by("created_at"))
    return {
        "person": {
            "reference": person.reference, "name": person.name,
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
            "address": person.address, "postcode": person.postcode, "funder": person.funder,
        },
        "requests_for_care": [{
            "requested_on": care.created_at.date().isoformat(),
            "service": str(care.service_type), "list_lot": str(care.lot),
            "assessed_needs": care.needs, "outcomes": care.outcomes,
            "where_care_is_delivered": care.postcode, "locality": str(care.locality),
            "wanted_start": care.start_date.isoformat(), "urgency": care.get_urgency_display(),
            "status": care.get_status_display(),
            "front_door_checks": [str(option) for option in care.front_door_checks.all()],
            "history": [_event(e) for e in care.status_events.all()],
        } for care in requests],
        "agreements": [{
            "reference": agreement.reference, "provider": agreement.provider.name,
            "service": agreement.service.name if agreement.service else "",
            "start_date": agreement.start_date.isoformat(), "status": agreement.get_status_display(),
            "weekly_cost": _pounds(agreement.weekly_cost_pence),
            "history": [_event(e) for e in agreement.status_events.all()],
        } for agreement in agreements],
        "direct_payments": [{
            "reference": dp.reference, "weekly_amount": _pounds(dp.weekly_pence),
            "how_it_was_worked_out": dp.calculation, "start_date": dp.start_date.isoformat(),
            "review_date": dp.review_date.isoformat(), "held_as": dp.get_held_as_display(),
            "status": dp.get_status_display(),
            "paid": [{"from": p.period_start.isoformat(), "to": p.period_end.isoformat(),
                      "amount": _pounds(p.amount_pence)} for p in dp.payments.all()],
            "balance_reviews": [{"balance": _pounds(r.balance_pence), "on": r.balance_on.isoformat(),
                                 "reason": r.reason, "decision": r.get_status_display(),
                                 "reclaim": _pounds(r.reclaim_pence) if r.reclaim_pence else ""}
                                for r in dp.balance_reviews.all()],
        } for dp in person.direct_payments.prefetch_related("payments", "balance_reviews").order_by("created_at")],
        "client_level_data_details": _client_details(person),
        "audit_trail": [{
            "when": event.at.isoformat(), "who": event.actor_label, "what": event.get_action_display(),
            "record": event.object_repr, "changes": event.changes, "note": event.note,
        } for event in history_for([person, *requests, *agreements]).order_by("at", "id")],
    }


def _client_details(person: Person) -> dict:
    details = getattr(person, "client_details", None)
    if details is None:
        return {}
    return {field: getattr(details, field) for field in (
        "nhs_number", "gender", "ethnicity", "primary_support_reason", "accommodation_status", "employment_status",
        "has_unpaid_carer", "client_funding_status", "route_of_access")}


def _pounds(pence: int) -> str:
    return f"£{pence // 100:,}.{pence % 100:02d}"


def _event(event) -> dict:
    return {"when": event.at.isoformat(), "event": event.event.replace("_", " "),
            "from": event.from_status, "to": event.to_status, "note": event.note}


def people_due_for_anonymisation(*, today: date, years: int | None = None) -> list[Person]:
    """People with nothing live whose last activity is older than the retention period."""
    years = years or settings.PERSONAL_DATA_RETENTION_YEARS
    people = (Person.objects.filter(anonymised_at__isnull=True)
              .annotate(last_request=Max("requests__updated_at"), last_agreement=Max("agreements__updated_at"),
                        last_direct_payment=Max("direct_payments__updated_at"),
                        live=Max("agreements__pk", filter=Q(agreements__status__in=LIVE_AGREEMENTS)),
                        paying=Max("direct_payments__pk", filter=Q(direct_payments__status="active")),
                        open=Max("requests__pk", filter=Q(requests__status__in=OPEN_REQUESTS)))
              .order_by("reference"))
    due = []
    for person in people:
        last = max(t for t in (person.updated_at, person.last_request, person.last_agreement,
                               person.last_direct_payment) if t is not None)
        if is_due(last_activity=last.date(), today=today, years=years,
                  anything_live=person.live is not None or person.open is not None or person.paying is not None):
            due.append(person)
    return due
