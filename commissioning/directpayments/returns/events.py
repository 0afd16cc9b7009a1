"""The events the platform holds, as the Client Level Data counts them, in one Polars frame:

- a Request for every care request that has been concluded (placed, met by a direct payment or a
  front-door option, cancelled, or left unmet), from the day it was made to the day it was concluded;
- a Service for every commissioned agreement the provider accepted (to the day it ended, if it has)
  and every direct payment (delivery mechanism "Direct payment");
- a Review for every review of the support recorded on a direct payment.

Assessments are not recorded on the platform, so the file has none (ADR 0023). The person's details
come from their Client Level Data details; what is not recorded stays empty and the checks say so."""
from decimal import Decimal

import polars as pl
from django.db.models import Max

from commissioning.brokerage.choices import AgreementStatus, RequestStatus
from commissioning.brokerage.models import Agreement, AgreementStatusEvent, CareRequest, RequestStatusEvent

from ..models import ClientDetails, DirectPaymentAgreement, SupportReview
from .build import EVENT_SCHEMA, empty_events

# What a concluded request came to, as an Event Outcome of the release.
REQUEST_OUTCOMES = {
    RequestStatus.PLACED: "Progress to support planning or services",
    RequestStatus.AWARDED: "Progress to support planning or services",
    RequestStatus.DIRECT_PAYMENT: "Progress to support planning or services",
    RequestStatus.MET_BY_FRONT_DOOR: "NFA: Referral to other service within the local authority",
    RequestStatus.CANCELLED: "NFA: Other",
    RequestStatus.UNMET: "NFA: No services offered for other reason",
}
LONG_TERM = {"hours": "Long term support: Community", "places": "Long term support: Community",
             "beds": "Long term support: Residential care"}
COMPONENT = {"hours": "Home support or domiciliary care", "places": "Community supported living",
             "beds": "Long term residential care"}
DIRECT_PAYMENT = "Direct payment"
SERVICE_USER = "Service user"


def _person_columns(person, details: ClientDetails | None) -> dict:
    d = details
    return {
        "person_ref": person.reference, "nhs_number": d.nhs_number if d else "", "gender": d.gender if d else "",
        "ethnicity": d.ethnicity if d else "", "date_of_birth": person.date_of_birth, "date_of_death": None,
        "client_type": SERVICE_USER, "primary_support_reason": d.primary_support_reason if d else "",
        "postcode": person.postcode, "accommodation_status": d.accommodation_status if d else "",
        "employment_status": d.employment_status if d else "", "has_unpaid_carer": d.has_unpaid_carer if d else "",
        "client_funding_status": d.client_funding_status if d else "",
    }


def _blank_event() -> dict:
    return dict.fromkeys(EVENT_SCHEMA)


def _centi(value: Decimal | None) -> int | None:
    return None if value is None else int((Decimal(value) * 100).to_integral_value())


def collect() -> pl.DataFrame:
    """Every event the platform holds, whatever its date (the build keeps the reporting period's)."""
    details = {d.person_id: d for d in ClientDetails.objects.all()}
    rows: list[dict] = []

    concluded = RequestStatusEvent.objects.values("request_id").annotate(at=Max("at"))
    concluded_at = {c["request_id"]: c["at"] for c in concluded}
    requests = CareRequest.objects.filter(status__in=list(REQUEST_OUTCOMES)).select_related("person")
    for care in requests:
        row = {**_blank_event(), **_person_columns(care.person, details.get(care.person_id))}
        ended = concluded_at.get(care.pk) or care.updated_at
        row.update(event_type="Request", event_ref=care.reference, event_start=care.created_at.date(),
                   event_end=ended.date(), event_outcome=REQUEST_OUTCOMES[care.status],
                   route_of_access=details[care.person_id].route_of_access if care.person_id in details else "")
        rows.append(row)

    ended_on = {e["agreement_id"]: e["at"] for e in AgreementStatusEvent.objects.filter(
        to_status=AgreementStatus.ENDED).values("agreement_id").annotate(at=Max("at"))}
    agreements = Agreement.objects.filter(status__in=[AgreementStatus.ACCEPTED, AgreementStatus.ENDED]).select_related(
        "person", "service", "request__service_type")
    for agreement in agreements:
        unit = agreement.request.service_type.capacity_unit
        end = ended_on.get(agreement.pk)
        row = {**_blank_event(), **_person_columns(agreement.person, details.get(agreement.person_id))}
        row.update(event_type="Service", event_ref=f"AG-{agreement.pk:05d}", event_start=agreement.start_date,
                   event_end=end.date() if end else None,
                   event_outcome=("NFA: Support ended for other reason" if end
                                  else "Continuation of support or services"),
                   service_type=LONG_TERM.get(unit, LONG_TERM["hours"]), service_component=COMPONENT.get(unit, ""),
                   delivery_mechanism="CASSR commissioned support",
                   provider_cqc_id=(agreement.service.cqc_location_id if agreement.service else "") or "",
                   unit_cost_pence=agreement.rate_pence,
                   cost_frequency="Weekly" if agreement.counts_beds else "Hourly",
                   planned_units_centi=100 if agreement.counts_beds else _centi(agreement.hours_per_week))
        rows.append(row)

    for dp in DirectPaymentAgreement.objects.select_related("person"):
        row = {**_blank_event(), **_person_columns(dp.person, details.get(dp.person_id))}
        row.update(event_type="Service", event_ref=dp.reference, event_start=dp.start_date, event_end=dp.end_date,
                   event_outcome="NFA: Support ended as planned" if dp.end_date else
                   "Continuation of support or services",
                   service_type="Long term support: Community", service_component=DIRECT_PAYMENT,
                   delivery_mechanism=DIRECT_PAYMENT, unit_cost_pence=dp.weekly_pence, cost_frequency="Weekly",
                   planned_units_centi=100)
        rows.append(row)

    for review in SupportReview.objects.select_related("agreement__person"):
        person = review.agreement.person
        row = {**_blank_event(), **_person_columns(person, details.get(person.pk))}
        row.update(event_type="Review", event_ref=f"RV-{review.pk:05d}", event_start=review.reviewed_on,
                   event_end=review.reviewed_on, event_outcome=review.outcome, review_reason=review.review_reason,
                   review_outcomes="", review_method=review.method)
        rows.append(row)

    if not rows:
        return empty_events()
    return pl.DataFrame(rows, schema=EVENT_SCHEMA)


def record_url(event_ref: str, person_ref: str) -> str | None:
    """Where to fix a failing row: the event's own page, or the person's details."""
    from django.urls import reverse

    from commissioning.brokerage.models import Person

    prefix, _, number = event_ref.partition("-")
    if prefix == "DP" and number.isdigit():
        return reverse("directpayments:agreement_detail", args=[int(number)])
    if prefix == "R" and number.isdigit():
        return reverse("brokerage:request_detail", args=[int(number)])
    if prefix == "RV" and number.isdigit():
        review = SupportReview.objects.filter(pk=int(number)).first()
        return review.agreement.get_absolute_url() if review else None
    person = Person.objects.filter(reference=person_ref).first()
    return reverse("directpayments:client_details", args=[person.pk]) if person else None
