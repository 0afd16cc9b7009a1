"""Direct payments are paid in finance's 4-weekly payment runs, each 4-week period once."""
from datetime import date, timedelta

import pytest

from commissioning.directpayments.models import DirectPayment
from commissioning.directpayments.services.payments import pay_direct_payments
from commissioning.finance.models import PaymentRun
from commissioning.finance.services.payments import payment_run

from .factories import make_direct_payment

pytestmark = pytest.mark.django_db


def test_a_run_pays_each_period_due_once_and_a_rerun_pays_nothing(make_request, social_worker, administrator):
    start = date(2026, 1, 5)
    agreement = make_direct_payment(social_worker, make_request(), start=start)  # £200 a week
    run, created = payment_run(kind=PaymentRun.Kind.FOUR_WEEKLY, period_end=date(2026, 2, 8), by=administrator)
    assert created
    paid = list(DirectPayment.objects.filter(payment_run=run).values_list("period_start", "period_end",
                                                                          "amount_pence"))
    # 5 Jan and 2 Feb start on or before 8 Feb: two periods of 4 weeks, £800 each, paid in advance
    assert paid == [(date(2026, 1, 5), date(2026, 2, 1), 80000), (date(2026, 2, 2), date(2026, 3, 1), 80000)]

    again, created = payment_run(kind=PaymentRun.Kind.FOUR_WEEKLY, period_end=date(2026, 2, 8), by=administrator)
    assert not created and again == run
    assert pay_direct_payments(run=run, by=administrator) == []  # called again by hand: nothing more
    assert DirectPayment.objects.count() == 2

    later, _ = payment_run(kind=PaymentRun.Kind.FOUR_WEEKLY, period_end=date(2026, 3, 8), by=administrator)
    assert list(DirectPayment.objects.filter(payment_run=later).values_list("period_start", flat=True)) == [
        date(2026, 3, 2)]
    assert DirectPayment.objects.filter(agreement=agreement).count() == 3


def test_weekly_runs_pay_no_direct_payments(make_request, social_worker, administrator):
    make_direct_payment(social_worker, make_request(), start=date(2026, 1, 5))
    payment_run(kind=PaymentRun.Kind.WEEKLY, period_end=date(2026, 2, 8), by=administrator)
    assert not DirectPayment.objects.exists()


def test_an_ended_direct_payment_is_paid_for_its_days_only(make_request, social_worker, administrator):
    from commissioning.directpayments.services import direct_payment_end

    agreement = make_direct_payment(social_worker, make_request(), start=date(2026, 1, 5))
    direct_payment_end(by=social_worker, agreement=agreement, end_date=date(2026, 1, 14), reason="Moved away")
    payment_run(kind=PaymentRun.Kind.FOUR_WEEKLY, period_end=date(2026, 3, 8), by=administrator)
    # 10 days at £200 a week: £285.714… → £285.71
    assert list(DirectPayment.objects.values_list("period_end", "amount_pence")) == [(date(2026, 1, 14), 28571)]


def test_the_database_refuses_a_period_paid_twice(make_request, social_worker, administrator):
    from django.db import IntegrityError, transaction

    agreement = make_direct_payment(social_worker, make_request(), start=date(2026, 1, 5))
    run, _ = payment_run(kind=PaymentRun.Kind.FOUR_WEEKLY, period_end=date(2026, 1, 10), by=administrator)
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectPayment.objects.create(agreement=agreement, payment_run=run, period_start=date(2026, 1, 5),
                                     period_end=date(2026, 2, 1), amount_pence=80000, paid_to="card")


def test_the_run_page_lists_what_it_paid(client, make_request, social_worker, administrator):
    make_direct_payment(social_worker, make_request(), start=date(2026, 1, 5))
    run, _ = payment_run(kind=PaymentRun.Kind.FOUR_WEEKLY, period_end=date(2026, 1, 10), by=administrator)
    client.force_login(social_worker)
    page = client.get(f"/direct-payments/payment-runs/{run.pk}/").content.decode()
    assert "1 payment to people, £800 in all" in page and "5 January 2026 to 1 February 2026" in page
    assert date(2026, 1, 5) + timedelta(days=27) == date(2026, 2, 1)
