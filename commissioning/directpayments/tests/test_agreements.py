"""A request met by a direct payment through the pages: the agreement and how its weekly amount was
worked out, the refusals of bad input, the request's history and the audit trail."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage.choices import RequestStatus
from commissioning.core.models import AuditEvent
from commissioning.directpayments.models import DirectPaymentAgreement

pytestmark = pytest.mark.django_db


def _form(start, review, **overrides):
    data = {"hours_per_week": "10.5", "hourly_rate": "21.00", "other_weekly": "15.00",
            "other_weekly_reason": "employer's insurance and payroll", "held_as": "card",
            "account_reference": "5355 0000 1111 2222",
            "start_date_day": start.day, "start_date_month": start.month, "start_date_year": start.year,
            "review_date_day": review.day, "review_date_month": review.month, "review_date_year": review.year}
    data.update(overrides)
    return data


def test_a_social_worker_meets_a_request_by_a_direct_payment(client, make_request, social_worker):
    care = make_request()
    client.force_login(social_worker)
    detail = client.get(care.get_absolute_url())
    assert b"Meet by a direct payment" in detail.content
    start = timezone.localdate() + timedelta(days=7)
    response = client.post(reverse("directpayments:agreement_create", args=[care.pk]),
                           _form(start, start + timedelta(weeks=6)))
    agreement = DirectPaymentAgreement.objects.get()
    assert response.status_code == 302 and response["Location"] == agreement.get_absolute_url()
    # 10.5 hours at £21.00 is £220.50, plus £15.00 a week: £235.50
    assert agreement.weekly_pence == 23550
    assert agreement.calculation == ("10.5 hours a week at £21 an hour, plus £15 a week for employer's insurance "
                                     "and payroll: £235.50 a week")
    assert agreement.person == care.person and agreement.held_as == "card"
    care.refresh_from_db()
    assert care.status == RequestStatus.DIRECT_PAYMENT
    assert care.status_events.last().event == "direct_payment"
    assert AuditEvent.objects.filter(object_repr=agreement.reference, action="created").exists()
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "£235.50" in page and "Margaret Oyelaran" in page and "A prepaid card" in page


def test_bad_input_is_refused_with_a_message_for_each_field(client, make_request, social_worker):
    care = make_request()
    client.force_login(social_worker)
    start = timezone.localdate() + timedelta(days=7)
    response = client.post(reverse("directpayments:agreement_create", args=[care.pk]),
                           _form(start, start - timedelta(days=1), hours_per_week="0", other_weekly_reason="",
                                 hourly_rate="21.005", held_as=""))
    page = response.content.decode()
    assert response.status_code == 200
    for message in ("The review date must be after the start date", "Say what the other weekly costs are for",
                    "The hours a week must be at least 0.25", "The hourly rate must be in pounds and pence",
                    "Choose how the direct payment is held"):
        assert message in page
    assert not DirectPaymentAgreement.objects.exists()
    care.refresh_from_db()
    assert care.status == RequestStatus.NEW


def test_a_reference_already_used_is_refused(client, make_request, social_worker):
    first, second = make_request(), make_request()
    client.force_login(social_worker)
    start = timezone.localdate() + timedelta(days=7)
    client.post(reverse("directpayments:agreement_create", args=[first.pk]), _form(start, start + timedelta(weeks=6)))
    response = client.post(reverse("directpayments:agreement_create", args=[second.pk]),
                           _form(start, start + timedelta(weeks=6)))
    assert "Another direct payment already has this card or account reference" in response.content.decode()
    assert DirectPaymentAgreement.objects.count() == 1


def test_a_request_already_placed_cannot_be_met_by_a_direct_payment(client, make_request, social_worker):
    care = make_request()
    care.status = RequestStatus.PLACED
    care.save(update_fields=["status"])
    client.force_login(social_worker)
    start = timezone.localdate()
    response = client.post(reverse("directpayments:agreement_create", args=[care.pk]),
                           _form(start, start + timedelta(weeks=6)))
    assert response.status_code == 302 and response["Location"] == care.get_absolute_url()
    assert not DirectPaymentAgreement.objects.exists()


def test_a_provider_user_never_sees_a_direct_payment(client, make_request, social_worker, provider_user):
    from .factories import make_direct_payment

    agreement = make_direct_payment(social_worker, make_request())
    client.force_login(provider_user)
    assert client.get(agreement.get_absolute_url()).status_code == 403
    assert client.get(reverse("directpayments:index")).status_code == 403
    assert DirectPaymentAgreement.objects.for_user(provider_user).count() == 0


def test_ending_and_reviewing_a_direct_payment(client, make_request, social_worker, make_user):
    from .factories import make_direct_payment

    start = timezone.localdate() - timedelta(days=60)
    agreement = make_direct_payment(social_worker, make_request(), start=start)
    client.force_login(social_worker)
    today = timezone.localdate()
    bad = client.post(reverse("directpayments:support_review_add", args=[agreement.pk]), {
        "reviewed_on_day": today.day, "reviewed_on_month": today.month, "reviewed_on_year": today.year,
        "review_reason": "Planned review", "outcome": "not a release value", "method": "Face to face"})
    assert "Select a valid choice" in bad.content.decode()
    ok = client.post(reverse("directpayments:support_review_add", args=[agreement.pk]), {
        "reviewed_on_day": today.day, "reviewed_on_month": today.month, "reviewed_on_year": today.year,
        "review_reason": "Planned review", "outcome": "Continuation of support or services",
        "method": "Face to face", "next_review_day": today.day, "next_review_month": today.month,
        "next_review_year": today.year + 1})
    assert ok.status_code == 302
    agreement.refresh_from_db()
    assert agreement.review_date == today.replace(year=today.year + 1) and agreement.reviews.count() == 1
    refused = client.post(reverse("directpayments:agreement_end", args=[agreement.pk]), {
        "end_date_day": (start - timedelta(days=1)).day, "end_date_month": (start - timedelta(days=1)).month,
        "end_date_year": (start - timedelta(days=1)).year, "reason": "Moved away"})
    assert "The end date must be the same as or after the start date" in refused.content.decode()
    client.post(reverse("directpayments:agreement_end", args=[agreement.pk]), {
        "end_date_day": today.day, "end_date_month": today.month, "end_date_year": today.year, "reason": "Moved away"})
    agreement.refresh_from_db()
    assert agreement.status == "ended" and agreement.end_date == today
    finance = make_user(Role.FINANCE_OFFICER)
    client.force_login(finance)
    assert client.get(reverse("directpayments:agreement_end", args=[agreement.pk])).status_code == 403


def test_weekly_amount_rounds_half_a_penny_up():
    from commissioning.directpayments.models import weekly_amount_pence

    assert weekly_amount_pence(Decimal("0.25"), 2002) == 501  # 500.5p
    assert weekly_amount_pence(Decimal("7.5"), 1999, 100) == 15093
