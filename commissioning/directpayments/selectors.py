"""Scoped reads of direct payments and the return: council staff only (`for_user`), never providers."""
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, Sum

from commissioning.brokerage.models import Agreement, CareRequest, Person
from commissioning.finance.models import PaymentRun

from .choices import Bought, ReviewStatus
from .models import (
    BalanceReview,
    CardStatementImport,
    CardTransaction,
    CldSubmission,
    ClientDetails,
    DirectPayment,
    DirectPaymentAgreement,
)


def agreements(*, user):
    return DirectPaymentAgreement.objects.for_user(user).select_related("person", "request", "made_by")


def request_for(*, user, pk: int) -> CareRequest:
    return CareRequest.objects.for_user(user).select_related("person", "service_type", "locality").get(pk=pk)


def person(*, user, pk: int) -> Person:
    return Person.objects.for_user(user).get(pk=pk)


def person_pks(*, user, references) -> dict[str, int]:
    return dict(Person.objects.for_user(user).filter(reference__in=references).values_list("reference", "pk"))


def client_details(*, user, person) -> ClientDetails | None:
    return ClientDetails.objects.for_user(user).filter(person=person).first()


def payments(*, user, agreement):
    return DirectPayment.objects.for_user(user).filter(agreement=agreement).select_related("payment_run")


def runs_with_direct_payments(*, user):
    """The payment runs that paid direct payments, with what they paid, newest first."""
    if not DirectPayment.objects.for_user(user).exists():
        return []
    paid = (DirectPayment.objects.for_user(user).values("payment_run").annotate(
        count=Count("id"), total=Sum("amount_pence")))
    by_run = {p["payment_run"]: p for p in paid}
    runs = PaymentRun.objects.for_user(user).filter(pk__in=by_run)
    return [{"run": run, "count": by_run[run.pk]["count"], "total": by_run[run.pk]["total"]} for run in runs]


def run(*, user, pk: int) -> PaymentRun:
    return PaymentRun.objects.for_user(user).get(pk=pk)


def run_payments(*, user, run):
    return DirectPayment.objects.for_user(user).filter(payment_run=run).select_related("agreement__person")


def statements(*, user):
    return CardStatementImport.objects.for_user(user).select_related("imported_by")


def transactions(*, user):
    return CardTransaction.objects.for_user(user).select_related("agreement", "provider")


def reviews(*, user):
    return BalanceReview.objects.for_user(user).select_related("agreement__person", "decided_by")


def open_reviews(*, user):
    return reviews(user=user).filter(status=ReviewStatus.OPEN)


def submissions(*, user):
    return CldSubmission.objects.for_user(user).select_related("built_by", "sent_by").defer("content")


def submission_with_file(*, user, pk: int) -> CldSubmission:
    return CldSubmission.objects.for_user(user).get(pk=pk)


def intelligence(*, user, start: date, end: date) -> dict:
    """Direct payment spend and activity in a period: paid by market, client group and locality; bought
    by what and from whom; the register's providers paid through direct payments, with the hourly rate
    paid against the mean hourly rate of their commissioned agreements."""
    paid = (DirectPayment.objects.for_user(user).filter(period_start__gte=start, period_start__lte=end)
            .select_related("agreement__request__service_type", "agreement__request__client_group",
                            "agreement__request__locality"))

    def totals(key):
        found: dict[str, dict] = defaultdict(lambda: {"pence": 0, "people": set()})
        for payment in paid:
            name = key(payment.agreement.request) or "Not recorded"
            found[name]["pence"] += payment.amount_pence
            found[name]["people"].add(payment.agreement.person_id)
        return sorted(({"name": k, "pence": v["pence"], "people": len(v["people"])} for k, v in found.items()),
                      key=lambda r: -r["pence"])

    bought = (CardTransaction.objects.for_user(user).filter(spent_on__gte=start, spent_on__lte=end))
    by_bought = {b["bought"]: b for b in bought.values("bought").annotate(pence=Sum("amount_pence"),
                                                                           purchases=Count("id"))}
    by_payee = {b["payee_type"]: b for b in bought.values("payee_type").annotate(pence=Sum("amount_pence"),
                                                                                purchases=Count("id"))}
    from .choices import PayeeType

    providers = []
    for row in (bought.filter(provider__isnull=False).values("provider", "provider__name")
                .annotate(pence=Sum("amount_pence"), hours=Sum("hours"), people=Count("agreement", distinct=True))
                .order_by("-pence")):
        rate = (Decimal(row["pence"]) / row["hours"]).quantize(Decimal("1")) if row["hours"] else None
        commissioned = (Agreement.objects.for_user(user).filter(provider_id=row["provider"], counts_beds=False)
                        .aggregate(rate=Avg("rate_pence"))["rate"])
        commissioned = int(Decimal(commissioned).quantize(Decimal("1"))) if commissioned is not None else None
        providers.append({"name": row["provider__name"], "pence": row["pence"], "hours": row["hours"],
                          "people": row["people"], "rate": int(rate) if rate is not None else None,
                          "commissioned": commissioned,
                          "difference": (int(rate) - commissioned) if rate is not None and commissioned else None})
    return {
        "total": sum(p.amount_pence for p in paid),
        "people": len({p.agreement.person_id for p in paid}),
        "by_market": totals(lambda r: r.service_type.market_area.name if r.service_type else ""),
        "by_service_type": totals(lambda r: r.service_type.name if r.service_type else ""),
        "by_client_group": totals(lambda r: r.client_group.name if r.client_group else ""),
        "by_locality": totals(lambda r: r.locality.name if r.locality else ""),
        "by_bought": [{"name": label, "pence": by_bought[v]["pence"], "purchases": by_bought[v]["purchases"]}
                      for v, label in Bought.choices if v in by_bought],
        "by_payee": [{"name": label, "pence": by_payee[v]["pence"], "purchases": by_payee[v]["purchases"]}
                     for v, label in PayeeType.choices if v in by_payee],
        "providers": providers,
        "spent": bought.aggregate(t=Sum("amount_pence"))["t"] or 0,
    }


def live_agreements(*, user, on: date):
    """Direct payments running on a day: started, and not ended before it."""
    return (DirectPaymentAgreement.objects.for_user(user).filter(start_date__lte=on)
            .exclude(end_date__lt=on))


def payments_between(*, user, start: date, end: date):
    """Direct payments whose four weeks start within the dates."""
    return DirectPayment.objects.for_user(user).filter(period_start__gte=start, period_start__lte=end)


def purchases_between(*, user, start: date, end: date):
    """Card purchases made within the dates."""
    return CardTransaction.objects.for_user(user).filter(spent_on__gte=start, spent_on__lte=end)
