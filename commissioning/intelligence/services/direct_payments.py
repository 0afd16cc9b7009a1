"""Direct payments in the market read model: who has one, what was paid over the year and what the
money bought, so the people who arrange their own care are part of the market the Market Position
Statement describes (the Care Act's duty to shape the whole market, not only what the council buys)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Sum

from .figures import _percent

SOURCE = "The platform's direct payments and prepaid card statements"
PAYMENTS = "The platform's direct payments (four-weekly payments made in payment runs)"
CARDS = "Prepaid card statements imported into the platform"


def direct_payment_figures(*, reader, today: date, add, market_label) -> None:
    """Add the direct payment figures through `add(key, section, label, value, unit, source, detail)`:
    people with a direct payment today by market, their share of everyone supported, the year's payments
    by market, and the share of card spending that went on personal assistants."""
    from commissioning.brokerage import selectors as brokerage
    from commissioning.directpayments import selectors as dp
    from commissioning.directpayments.choices import Bought, PayeeType

    since = today - timedelta(days=365)
    live = dp.live_agreements(user=reader, on=today).order_by()
    people = live.values("person_id").distinct().count()
    by_market = sorted(((m or "", n) for m, n in live.values_list("request__service_type__market_area")
                        .annotate(n=Count("person_id", distinct=True))), key=lambda r: r[0])
    add("direct_payments.people", "direct_payments", "People with a direct payment", people, "people", SOURCE,
        {"by_market": [{"market": market_label(m), "people": n} for m, n in by_market]})

    placed = (brokerage.agreement_scope(user=reader).filter(status="accepted").order_by()
              .values("person_id").distinct().count())
    add("direct_payments.share", "direct_payments",
        "People supported who arrange their care with a direct payment",
        _percent(people, people + placed), "percent", SOURCE + "; the platform's placed packages",
        {"direct_payments": people, "placed": placed})

    paid = dp.payments_between(user=reader, start=since, end=today).order_by()
    total = paid.aggregate(t=Sum("amount_pence"))["t"] or 0
    paid_by_market = sorted(((m or "", p, n) for m, p, n in paid.values_list(
        "agreement__request__service_type__market_area").annotate(
        p=Sum("amount_pence"), n=Count("agreement__person_id", distinct=True))), key=lambda r: r[0])
    add("direct_payments.paid", "direct_payments", "Paid in direct payments in the last 12 months",
        Decimal(total) / 100, "pounds", PAYMENTS,
        {"by_market": [{"market": market_label(m), "pounds": str(Decimal(p) / 100), "people": n}
                       for m, p, n in paid_by_market]})

    bought = dp.purchases_between(user=reader, start=since, end=today).order_by()
    spent = bought.aggregate(t=Sum("amount_pence"))["t"] or 0
    by_payee = dict(bought.values_list("payee_type").annotate(p=Sum("amount_pence")))
    by_bought = dict(bought.values_list("bought").annotate(p=Sum("amount_pence")))
    add("direct_payments.personal_assistants", "direct_payments",
        "Card spending on personal assistants in the last 12 months", _percent(by_payee.get(PayeeType.PA, 0), spent),
        "percent", CARDS,
        {"by_payee": [{"payee": label, "pounds": str(Decimal(by_payee[v]) / 100)}
                      for v, label in PayeeType.choices if v in by_payee],
         "by_bought": [{"bought": label, "pounds": str(Decimal(by_bought[v]) / 100)}
                       for v, label in Bought.choices if v in by_bought]})

