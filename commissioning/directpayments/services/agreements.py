"""Meeting a request by a direct payment, ending one, its reviews, and a person's Client Level Data details."""
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.brokerage.models import CareRequest
from commissioning.brokerage.transitions import REQUEST
from commissioning.core.audit import Action, audit_record, diff, snapshot
from commissioning.core.money import format_pounds
from commissioning.core.workflow import TransitionNotAllowed, transition

from ..choices import AgreementStatus, HeldAs
from ..models import ClientDetails, DirectPaymentAgreement, SupportReview, weekly_amount_pence

AUDITED = ["hours_per_week", "hourly_rate_pence", "other_weekly_pence", "weekly_pence", "start_date",
           "review_date", "held_as", "account_reference"]


def calculation_words(hours: Decimal, rate_pence: int, other_pence: int, other_reason: str) -> str:
    """How the weekly amount was worked out, in words the person can be given."""
    words = f"{hours.normalize():f} hours a week at {format_pounds(rate_pence)} an hour"
    if other_pence:
        words += f", plus {format_pounds(other_pence)} a week for {other_reason.strip()}"
    return f"{words}: {format_pounds(weekly_amount_pence(hours, rate_pence, other_pence))} a week"


@transaction.atomic
def direct_payment_create(*, by, request: CareRequest, hours_per_week: Decimal, hourly_rate_pence: int,
                          other_weekly_pence: int, other_weekly_reason: str, start_date: date, review_date: date,
                          held_as: str, account_reference: str, note: str = "") -> DirectPaymentAgreement:
    """Meet the request by a direct payment: the agreement, and the request moved to "met by a direct
    payment" with its history, in one transaction."""
    request = CareRequest.objects.select_for_update().get(pk=request.pk)
    errors = {}
    if review_date <= start_date:
        errors["review_date"] = "The review date must be after the start date"
    if other_weekly_pence and not other_weekly_reason.strip():
        errors["other_weekly_reason"] = "Say what the other weekly costs are for"
    if held_as not in HeldAs.values:
        errors["held_as"] = "Choose how the direct payment is held"
    if DirectPaymentAgreement.objects.filter(account_reference=account_reference.strip()).exists():
        errors["account_reference"] = "Another direct payment already has this card or account reference"
    weekly = weekly_amount_pence(hours_per_week, hourly_rate_pence, other_weekly_pence)
    if weekly <= 0:
        errors["hours_per_week"] = "The weekly amount must be more than £0"
    if errors:
        raise ValidationError(errors)
    if not REQUEST.allows(request.status, "direct_payment"):
        raise TransitionNotAllowed(REQUEST.label, request.status, "direct_payment")
    agreement = DirectPaymentAgreement.objects.create(
        request=request, person=request.person, hours_per_week=hours_per_week, hourly_rate_pence=hourly_rate_pence,
        other_weekly_pence=other_weekly_pence, other_weekly_reason=other_weekly_reason.strip(), weekly_pence=weekly,
        calculation=calculation_words(hours_per_week, hourly_rate_pence, other_weekly_pence, other_weekly_reason),
        start_date=start_date, review_date=review_date, held_as=held_as, account_reference=account_reference.strip(),
        made_by=by)
    audit_record(actor=by, action=Action.CREATED, obj=agreement, changes={
        k: ["", v] for k, v in snapshot(agreement, AUDITED).items()}, note=agreement.calculation)
    transition(request, REQUEST, "direct_payment", by=by,
               note=note or f"{agreement.reference}: {format_pounds(weekly)} a week from {start_date:%-d %B %Y}")
    return agreement


@transaction.atomic
def direct_payment_end(*, by, agreement: DirectPaymentAgreement, end_date: date, reason: str):
    agreement = DirectPaymentAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status == AgreementStatus.ENDED:
        raise ValidationError("This direct payment has already ended")
    if end_date < agreement.start_date:
        raise ValidationError({"end_date": "The end date must be the same as or after the start date"})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the direct payment ends"})
    before = snapshot(agreement, ["end_date", "status"])
    agreement.end_date, agreement.end_reason, agreement.status = end_date, reason.strip(), AgreementStatus.ENDED
    agreement.save(update_fields=["end_date", "end_reason", "status", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=agreement,
                 changes=diff(agreement, before, snapshot(agreement, ["end_date", "status"])), note=reason.strip())
    return agreement


@transaction.atomic
def support_review_record(*, by, agreement: DirectPaymentAgreement, reviewed_on: date, review_reason: str,
                          outcome: str, method: str, next_review: date | None) -> SupportReview:
    if reviewed_on < agreement.start_date:
        raise ValidationError({"reviewed_on": "The review must be on or after the direct payment's start"})
    if next_review is not None and next_review <= reviewed_on:
        raise ValidationError({"next_review": "The next review must be after this one"})
    review = SupportReview.objects.create(agreement=agreement, reviewed_on=reviewed_on,
                                          review_reason=review_reason.strip(), outcome=outcome,
                                          method=method.strip(), next_review=next_review, recorded_by=by)
    audit_record(actor=by, action=Action.CREATED, obj=review, note=f"{review_reason}: {outcome}")
    if next_review is not None:
        before = snapshot(agreement, ["review_date"])
        agreement.review_date = next_review
        agreement.save(update_fields=["review_date", "updated_at"])
        audit_record(actor=by, action=Action.UPDATED, obj=agreement,
                     changes=diff(agreement, before, snapshot(agreement, ["review_date"])))
    return review


DETAIL_FIELDS = ["nhs_number", "gender", "ethnicity", "primary_support_reason", "accommodation_status",
                 "employment_status", "has_unpaid_carer", "client_funding_status", "route_of_access"]


@transaction.atomic
def client_details_save(*, by, person, **values) -> ClientDetails:
    nhs = values.get("nhs_number", "").replace(" ", "")
    if nhs and not (nhs.isdigit() and len(nhs) == 10):
        raise ValidationError({"nhs_number": "The NHS number must be 10 digits"})
    values["nhs_number"] = nhs
    details, created = ClientDetails.objects.select_for_update().get_or_create(person=person)
    before = snapshot(details, DETAIL_FIELDS)
    for name in DETAIL_FIELDS:
        setattr(details, name, (values.get(name) or "").strip())
    details.save()
    # Which fields changed, not their values: the trail outlives the details, which go when the person's
    # record is anonymised.
    changed = list(diff(details, before, snapshot(details, DETAIL_FIELDS)))
    audit_record(actor=by, action=Action.CREATED if created else Action.UPDATED, obj=details,
                 note=f"Changed: {', '.join(changed)}" if changed else "Saved with no change")
    return details
