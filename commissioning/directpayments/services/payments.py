"""Direct payments in finance's payment runs. A direct payment is paid 4-weekly in advance: when a
4-weekly payment run is made, every period of 4 weeks of every direct payment that starts on or before
the run's date and has not been paid is paid in that run, in the same transaction that makes the run.
The database holds one payment per agreement and period start, and a run made again is the same run
(finance's unique key), so a period is paid once, whichever run or re-run comes first."""
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum

from commissioning.core.audit import Action, audit_record
from commissioning.core.money import format_pounds

from ..models import DirectPayment, DirectPaymentAgreement

PERIOD_DAYS = 28


def periods(agreement: DirectPaymentAgreement, up_to):
    """(start, end, amount in pence) of each 4-week period starting on or before `up_to`; the last
    period stops at the end date, paid for its days only."""
    start = agreement.start_date
    while start <= up_to and (agreement.end_date is None or start <= agreement.end_date):
        end = start + timedelta(days=PERIOD_DAYS - 1)
        if agreement.end_date is not None and end > agreement.end_date:
            end = agreement.end_date
        days = (end - start).days + 1
        amount = int((Decimal(agreement.weekly_pence) * days / 7).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
        yield start, end, amount
        start += timedelta(days=PERIOD_DAYS)


@transaction.atomic
def pay_direct_payments(*, run, by) -> list[DirectPayment]:
    """Pay, in `run`, every period due and not yet paid. Safe to call again: it pays nothing twice."""
    from commissioning.finance.models import PaymentRun

    if run.kind != PaymentRun.Kind.FOUR_WEEKLY:
        return []
    due = DirectPaymentAgreement.objects.select_for_update().filter(start_date__lte=run.period_end)
    made = []
    for agreement in due.order_by("pk"):
        paid = set(agreement.payments.values_list("period_start", flat=True))
        new = [DirectPayment(agreement=agreement, payment_run=run, period_start=s, period_end=e, amount_pence=a,
                             paid_to=agreement.held_as)
               for s, e, a in periods(agreement, run.period_end) if s not in paid and a > 0]
        if not new:
            continue
        DirectPayment.objects.bulk_create(new, ignore_conflicts=False)
        made += new
        total = sum(p.amount_pence for p in new)
        audit_record(actor=by, action=Action.CREATED, obj=agreement,
                     note=f"{len(new)} period{'s' if len(new) != 1 else ''} paid in {run}: {format_pounds(total)}")
    if made:
        total = DirectPayment.objects.filter(payment_run=run).aggregate(t=Sum("amount_pence"))["t"] or 0
        audit_record(actor=by, action=Action.UPDATED, obj=run,
                     note=f"{len(made)} direct payment{'s' if len(made) != 1 else ''} paid, {format_pounds(total)}")
    return made

