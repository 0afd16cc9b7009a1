"""Reads of paying providers. Every list starts from a model's `for_user`, so a provider user
sees only its own organisation's weeks, invoices, lines and remittances; council records (rates,
criteria, budgets, scenarios) are for council staff only."""
from collections import defaultdict
from datetime import date, timedelta

from django.db.models import QuerySet

from commissioning.brokerage.choices import AgreementStatus
from commissioning.brokerage.models import Agreement

from .choices import RateStatus, WeekReview
from .domain.pricing import uplifted, weekly_cost_pence
from .models import (
    ActualsFile,
    Budget,
    ComplexityCriterion,
    Invoice,
    InvoiceLine,
    PaymentRun,
    ProviderWeek,
    RateCard,
    UpliftScenario,
    Visit,
)

# Rates and prices --------------------------------------------------------------------------------


def rate_cards_for(*, user) -> QuerySet[RateCard]:
    """Every rate card version, for council staff."""
    return RateCard.objects.for_user(user).select_related("service_type")


def criteria_for(*, user) -> QuerySet[ComplexityCriterion]:
    """The configured complexity criteria, for council staff."""
    return ComplexityCriterion.objects.for_user(user)


def card_on(service_type, day: date) -> RateCard | None:
    """The approved card in force for a market on a date: the latest version already started."""
    return (RateCard.objects.filter(service_type=service_type, status=RateStatus.APPROVED, effective_from__lte=day)
            .order_by("-effective_from", "-version").first())


def price_on(agreement: Agreement, day: date) -> tuple[int, int]:
    """(rate, weekly cost) of an agreement on a date, from its price history."""
    price = agreement.prices.filter(effective_from__lte=day).order_by("-effective_from", "-id").first()
    if price is None:
        return agreement.rate_pence, agreement.weekly_cost_pence
    return price.rate_pence, price.weekly_cost_pence


# Actuals, weeks and invoices ---------------------------------------------------------------------


def actuals_files_for(*, user) -> QuerySet[ActualsFile]:
    """Uploaded actuals files the user may see, newest first."""
    return ActualsFile.objects.for_user(user)


def weeks_for(*, user) -> QuerySet[ProviderWeek]:
    """Reconciled provider weeks the user may see, newest first."""
    return ProviderWeek.objects.for_user(user).select_related("provider")


def weeks_awaiting_review(*, user) -> int:
    """How many reconciled weeks wait for brokerage."""
    return weeks_for(user=user).filter(review=WeekReview.WITH_BROKERAGE).count()


def week_visits(*, user, week: ProviderWeek) -> QuerySet[Visit]:
    """The visits of one reconciled week, for a user who may see the week."""
    return Visit.objects.for_user(user).filter(agreement__provider=week.provider_id, week=week.week).select_related(
        "agreement__person")


def invoices_for(*, user) -> QuerySet[Invoice]:
    """Invoices the user may see."""
    return Invoice.objects.for_user(user).select_related("provider", "payment_run")


def invoice_of_week(*, user, week: ProviderWeek) -> Invoice | None:
    """The self-billed invoice of a reconciled week, if it has been made."""
    return invoices_for(user=user).filter(provider=week.provider_id, kind=Invoice.Kind.ACTUALS,
                                          period_start=week.week).first()


def unpaid_invoices_for(*, user) -> QuerySet[Invoice]:
    """Invoices not yet paid."""
    return invoices_for(user=user).exclude(status=Invoice.Status.PAID)


def invoice_lines_for(*, user, invoice: Invoice) -> QuerySet[InvoiceLine]:
    """An invoice's lines with their dispute messages, for a user who may see the invoice."""
    return (InvoiceLine.objects.for_user(user).filter(invoice=invoice).select_related("agreement")
            .prefetch_related("messages__by"))


def payment_runs_for(*, user) -> QuerySet[PaymentRun]:
    """Payment runs: all for council staff; for a provider, those that paid one of its invoices."""
    return PaymentRun.objects.for_user(user)


def run_invoices_for(*, user, run: PaymentRun) -> QuerySet[Invoice]:
    """The invoices a payment run paid that the user may see."""
    return invoices_for(user=user).filter(payment_run=run).prefetch_related("lines")


# Uplift scenarios, budgets and spend -------------------------------------------------------------


def scenarios_for(*, user) -> QuerySet[UpliftScenario]:
    """Uplift scenarios, for council staff."""
    return UpliftScenario.objects.for_user(user).select_related("service_type")


def scenario_rows(scenario: UpliftScenario) -> list[dict]:
    """Every live agreement of the market: its weekly cost now, after the uplift (unless excluded), and why."""
    before = scenario.effective_from - timedelta(days=1)
    rows = []
    for a in (Agreement.objects.filter(status=AgreementStatus.ACCEPTED, request__service_type=scenario.service_type)
              .select_related("person", "provider").prefetch_related("prices")):
        rate, weekly = price_on(a, before)
        last_priced = max((p.effective_from for p in a.prices.all()), default=a.start_date)
        excluded = ""
        if scenario.exclude_negotiated_since and last_priced >= scenario.exclude_negotiated_since:
            excluded = f"priced on {last_priced:%d %b %Y}"
        elif scenario.exclude_above_weekly_pence and weekly > scenario.exclude_above_weekly_pence:
            excluded = "above the cost threshold"
        new_rate = rate if excluded else uplifted(rate, scenario.uplift_percent)
        new_weekly = weekly if excluded else weekly_cost_pence(new_rate, counts_beds=a.counts_beds,
                                                               hours_per_week=a.hours_per_week)
        rows.append({"agreement": a, "rate": rate, "weekly": weekly, "new_rate": new_rate, "new_weekly": new_weekly,
                     "excluded": excluded})
    return rows


def scenario_summary(scenario: UpliftScenario) -> dict:
    """A scenario's annual cost now and after the uplift, against its market's budget for the year."""
    rows = scenario_rows(scenario)
    budget = Budget.objects.filter(market_area=scenario.service_type.market_area,
                                   financial_year=scenario.financial_year).first()
    annual_now = sum(r["weekly"] for r in rows) * 52
    annual_new = sum(r["new_weekly"] for r in rows) * 52
    return {"scenario": scenario, "rows": rows, "agreements": len(rows),
            "excluded": sum(1 for r in rows if r["excluded"]), "annual_now": annual_now, "annual_new": annual_new,
            "increase": annual_new - annual_now, "budget": budget.amount_pence if budget else None,
            "headroom": (budget.amount_pence - annual_new) if budget else None}


def spend(*, year: int) -> dict:
    """Approved and paid invoice lines of a financial year, by market, provider, locality and month,
    against each market's budget and its lists' contract value."""
    from commissioning.procurement.models import ApprovedList

    start, end = date(year, 4, 1), date(year + 1, 3, 31)
    lines = (InvoiceLine.objects.filter(invoice__status__in=[Invoice.Status.APPROVED, Invoice.Status.PAID],
                                        invoice__period_start__range=(start, end))
             .values_list("amount_pence", "invoice__period_start", "agreement__provider__name",
                          "agreement__request__service_type__market_area", "agreement__request__locality__name",
                          "agreement__lot__approved_list_id"))
    by = {"market": defaultdict(int), "provider": defaultdict(int), "locality": defaultdict(int),
          "month": defaultdict(int)}
    for amount, period_start, provider, market, locality, _ in lines:
        by["market"][market] += amount
        by["provider"][provider] += amount
        by["locality"][locality or "Unknown"] += amount
        by["month"][period_start.strftime("%Y-%m")] += amount
    budgets = {b.market_area_id: b.amount_pence for b in Budget.objects.filter(financial_year=year)}
    contract_value = defaultdict(int)
    for lst in ApprovedList.objects.all():
        contract_value[lst.market_area_id] += lst.estimated_value_pence * 12 // max(lst.term_months, 1)
    return {"year": year, "by": {k: dict(sorted(v.items())) for k, v in by.items()}, "budgets": budgets,
            "contract_value": dict(contract_value), "total": sum(by["market"].values())}


def agreement_end_dates(agreement_ids) -> dict[int, date]:
    """The day each ended agreement ended (its "end" move), by agreement id: care after it is not paid."""
    from django.utils import timezone

    from commissioning.brokerage.models import AgreementStatusEvent

    ends = {}
    for agreement_id, at in (AgreementStatusEvent.objects.filter(agreement_id__in=list(agreement_ids),
                                                                 to_status=AgreementStatus.ENDED)
                             .order_by("at").values_list("agreement_id", "at")):
        ends[agreement_id] = timezone.localtime(at).date()
    return ends


def invoices_filtered(*, user, status: str = "", kind: str = "", provider: str = "") -> QuerySet[Invoice]:
    """The invoices the user may see, narrowed by the list's filters (the page and its CSV share them)."""
    invoices = invoices_for(user=user)
    if status:
        invoices = invoices.filter(status=status)
    if kind:
        invoices = invoices.filter(kind=kind)
    if provider:
        invoices = invoices.filter(provider__name__icontains=provider)
    return invoices.order_by("-period_end", "provider__name", "pk")


def budgets_for(*, user) -> QuerySet[Budget]:
    """Every market's budget of every year, for council staff."""
    return Budget.objects.for_user(user).order_by("-financial_year", "market_area")


def budget_history(*, budget: Budget):
    """Each setting and correction of a budget, newest first, with who made it."""
    return budget.changes.select_related("by")


# Work waiting --------------------------------------------------------------------------------------


def weeks_ready_to_invoice(*, user) -> QuerySet[ProviderWeek]:
    """Delivered weeks not with brokerage and not yet invoiced: the finance officer reviews and invoices them."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    last_monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 7)
    billed = Invoice.objects.filter(provider=OuterRef("provider"), kind=Invoice.Kind.ACTUALS,
                                    period_start=OuterRef("week"))
    return (weeks_for(user=user).filter(week__lte=last_monday).exclude(review=WeekReview.WITH_BROKERAGE)
            .exclude(Exists(billed)))


def runs_due(*, user) -> int:
    """How many payment runs are due: one for each kind with approved invoices no run holds yet."""
    return (invoices_for(user=user).filter(status=Invoice.Status.APPROVED, payment_run__isnull=True)
            .values("kind").distinct().count())
