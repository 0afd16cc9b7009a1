"""Reads of the register, always starting from the user's scope (`for_user`, querysets.py), and the
spend that rolls up from call-offs (individual service agreements) to contracts and directorates."""
from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from commissioning.brokerage.choices import AgreementStatus
from commissioning.brokerage.models import Agreement
from commissioning.core.audit import history_for
from commissioning.finance.choices import InvoiceStatus
from commissioning.finance.models import InvoiceLine

from .choices import ContractStatus, Quarter
from .domain.pools import pool_share, quarter
from .domain.spend import Delivery, commissioned, forecast_to_end
from .models import Contract, ContractFunding, ContractPayment, PoolContribution, PooledBudget


def contract_scope(*, user) -> QuerySet[Contract]:
    """The contracts `user` may see, with what their rows show."""
    return Contract.objects.for_user(user).select_related("directorate", "supplier", "lead_commissioner",
                                                          "approved_list")


def open_register() -> QuerySet[Contract]:
    """The whole register as open data publishes it: organisations and amounts, never a person."""
    return Contract.objects.all()


def contract_history(*, contract: Contract):
    """Who changed the entry, when, and what."""
    return history_for([contract])


def call_offs(*, contract: Contract) -> QuerySet[Agreement]:
    """The individual service agreements called off the contract's approved list (none for other contracts)."""
    if not contract.approved_list_id:
        return Agreement.objects.none()
    return Agreement.objects.filter(lot__approved_list_id=contract.approved_list_id)


def contract_payments(*, contract: Contract) -> dict:
    """The payments recorded against a contract that is not a list: the latest 50, how many, the total."""
    payments = ContractPayment.objects.filter(contract=contract)
    summary = payments.aggregate(count=Count("pk"), total=Sum("amount_pence"))
    return {"payments": list(payments.order_by("-paid_on", "-pk")[:50]), "payment_count": summary["count"],
            "payments_pence": summary["total"] or 0}


def _commissioned_by_list(list_ids, ends: dict[int, date]) -> dict[int, int]:
    """Commissioned spend of each list's accepted call-offs, to the end of the list's entry."""
    totals: dict[int, int] = defaultdict(int)
    rows = Agreement.objects.filter(lot__approved_list_id__in=list_ids, status=AgreementStatus.ACCEPTED).values_list(
        "lot__approved_list_id", "weekly_cost_pence", "start_date")
    for list_id, weekly, start in list(rows):  # one query: no server-side cursor, whose fetches vary
        totals[list_id] += commissioned(weekly, start, ends[list_id])
    return totals


def _paid_by_list(list_ids) -> dict[int, int]:
    """What has been paid on each list's call-offs: the lines of paid invoices."""
    rows = (InvoiceLine.objects.filter(agreement__lot__approved_list_id__in=list_ids,
                                       invoice__status=InvoiceStatus.PAID)
            .values("agreement__lot__approved_list_id").annotate(total=Sum("amount_pence")))
    return {row["agreement__lot__approved_list_id"]: row["total"] for row in rows}


def _run_rate_by_list(list_ids) -> dict[int, int]:
    """The weekly cost of each list's call-offs running now (accepted)."""
    rows = (Agreement.objects.filter(lot__approved_list_id__in=list_ids, status=AgreementStatus.ACCEPTED)
            .values("lot__approved_list_id").annotate(total=Sum("weekly_cost_pence")))
    return {row["lot__approved_list_id"]: row["total"] for row in rows}


NO_LIST = [0]  # no list has id 0: the queries still run, so a page makes the same queries whatever it shows


RUN_RATE_WEEKS = 13  # a contract that is not a list runs at its last quarter's payments a week


def _payments_by_contract(contract_ids, today: date) -> dict[int, tuple[int, int]]:
    """Each contract's recorded payments: the total, and the weekly average of the last 13 weeks'."""
    since = today - timedelta(weeks=RUN_RATE_WEEKS)
    rows = (ContractPayment.objects.filter(contract_id__in=contract_ids).values("contract_id")
            .annotate(total=Sum("amount_pence"), recent=Sum("amount_pence", filter=Q(paid_on__gt=since))))
    return {row["contract_id"]: (row["total"], (row["recent"] or 0) // RUN_RATE_WEEKS) for row in rows}


def deliveries(contracts, *, today: date | None = None) -> dict[int, Delivery]:
    """Each contract's commissioned and paid spend, and its forecast to the end, keyed by contract id:
    four queries for any number of contracts, lists among them or not; exact to the penny (integer
    pence summed). A list's spend is its call-offs'; any other contract's is the payments recorded
    against it (commissioned is what was paid, and it runs on at its last 13 weeks' rate)."""
    today = today or timezone.localdate()
    contracts = list(contracts)
    ends = {c.approved_list_id: c.end_date for c in contracts if c.approved_list_id}
    list_ids = list(ends) or NO_LIST
    made, paid, rate = _commissioned_by_list(list_ids, ends), _paid_by_list(list_ids), _run_rate_by_list(list_ids)
    recorded = _payments_by_contract([c.pk for c in contracts if not c.approved_list_id] or NO_LIST, today)
    result = {}
    for contract in contracts:
        key = contract.approved_list_id
        if key:
            contract_paid, contract_made, contract_rate = paid.get(key, 0), made.get(key, 0), rate.get(key, 0)
        else:
            contract_paid, contract_rate = recorded.get(contract.pk, (0, 0))
            contract_made = contract_paid
        result[contract.pk] = Delivery(
            value_pence=contract.value_pence, commissioned_pence=contract_made, paid_pence=contract_paid,
            forecast_pence=forecast_to_end(paid_pence=contract_paid, weekly_run_rate_pence=contract_rate,
                                           today=today, end=contract.end_date))
    return result


def directorate_spend(*, user, today: date | None = None) -> list[dict]:
    """Each directorate's contracts' value, commissioned and paid spend: the sums of its contracts' own."""
    contracts = list(contract_scope(user=user).exclude(status="terminated"))
    spend = deliveries(contracts, today=today)
    rows: dict[int, dict] = {}
    for contract in contracts:
        row = rows.setdefault(contract.directorate_id, {"directorate": contract.directorate, "contracts": 0,
                                                        "value_pence": 0, "commissioned_pence": 0, "paid_pence": 0})
        row["contracts"] += 1
        row["value_pence"] += contract.value_pence
        row["commissioned_pence"] += spend[contract.pk].commissioned_pence
        row["paid_pence"] += spend[contract.pk].paid_pence
    return sorted(rows.values(), key=lambda r: r["directorate"].name)


def several_departments(supplier_ids) -> dict[int, int]:
    """Of these suppliers, those holding contracts with more than one department, and how many (one query)."""
    rows = (Contract.objects.filter(supplier_id__in=[pk for pk in supplier_ids if pk])
            .values("supplier_id").annotate(departments=Count("directorate", distinct=True))
            .filter(departments__gt=1))
    return {row["supplier_id"]: row["departments"] for row in rows}


def provider_across_the_council(*, user, provider, today: date | None = None) -> dict:
    """One council view of a provider: the contracts it holds with every department, the lists it is
    called off, what is commissioned from and paid to it on each, and the council's quality rating.
    A fixed number of queries however many contracts and call-offs it has."""
    from commissioning.quality.standing import standing_for

    today = today or timezone.localdate()
    held = list(contract_scope(user=user).filter(supplier=provider).order_by("directorate__name", "end_date"))
    held_spend = deliveries(held, today=today)
    entries = {c.approved_list_id: c for c in contract_scope(user=user).filter(
        approved_list__lots__agreements__provider=provider).distinct()}
    made: dict[int, int] = defaultdict(int)
    calls: dict[int, int] = defaultdict(int)
    for list_id, weekly, start, status in Agreement.objects.filter(
            provider=provider, lot__approved_list_id__in=list(entries) or NO_LIST).values_list(
            "lot__approved_list_id", "weekly_cost_pence", "start_date", "status"):
        calls[list_id] += 1
        if status == AgreementStatus.ACCEPTED:
            made[list_id] += commissioned(weekly, start, entries[list_id].end_date)
    paid = {row["agreement__lot__approved_list_id"]: row["total"] for row in (
        InvoiceLine.objects.filter(invoice__provider=provider, agreement__provider=provider,
                                   invoice__status=InvoiceStatus.PAID, agreement__lot__isnull=False)
        .values("agreement__lot__approved_list_id").annotate(total=Sum("amount_pence")))
        if row["agreement__lot__approved_list_id"] in entries}
    call_off_rows = [{"contract": c, "call_offs": calls[list_id], "commissioned_pence": made[list_id],
                      "paid_pence": paid.get(list_id, 0)}
                     for list_id, c in sorted(entries.items(), key=lambda item: item[1].title)]
    departments = sorted({c.directorate.name for c in held} | {r["contract"].directorate.name for r in call_off_rows})
    return {
        "held": [(c, held_spend[c.pk]) for c in held], "call_off_rows": call_off_rows, "departments": departments,
        "several_departments": len(departments) > 1, "standing": standing_for([provider.pk])[provider.pk],
        "value_pence": sum(c.value_pence for c in held),
        "commissioned_pence": sum(d.commissioned_pence for d in held_spend.values()) + sum(made.values()),
        "paid_pence": sum(d.paid_pence for d in held_spend.values()) + sum(paid.values()),
    }


def pools(*, user):
    """The pooled budgets (council staff only)."""
    return PooledBudget.objects.for_user(user).select_related("host")


def contract_funding(*, user, contract):
    """A contract's funders by financial year, with their names."""
    return ContractFunding.objects.for_user(user).filter(contract=contract).select_related(
        "directorate", "pooled_budget")


def contracts_with_funding(*, user) -> QuerySet[Contract]:
    """The contracts `user` may see, each with its funding lines by financial year (the register API)."""
    funding = ContractFunding.objects.select_related("directorate", "pooled_budget").order_by("financial_year", "pk")
    return contract_scope(user=user).prefetch_related(Prefetch("funding", queryset=funding)).order_by(
        "end_date", "reference")


def pool_contributions(*, budget, year: int) -> QuerySet[PoolContribution]:
    """What each partner paid into the pooled budget in the financial year, quarter by quarter."""
    return PoolContribution.objects.filter(budget=budget, financial_year=year).order_by("quarter", "partner", "pk")


def pool_quarters(*, budget, year: int) -> dict:
    """A pooled budget's year by quarter: what the partners paid in, what it bore of the paid spend
    of the contracts it funds (by each contract's share of its funders that year, in whole pence) from
    their call-offs' paid invoices or, for a contract that is not a list, its recorded payments, and the
    variance (paid in less spent). Five queries."""
    contributions = dict.fromkeys((1, 2, 3, 4), 0)
    for row in (PoolContribution.objects.filter(budget=budget, financial_year=year)
                .values("quarter").annotate(total=Sum("amount_pence"))):
        contributions[row["quarter"]] = row["total"]
    shares = {row["contract_id"]: row["total"] for row in ContractFunding.objects.filter(
        pooled_budget=budget, financial_year=year).values("contract_id").annotate(total=Sum("amount_pence"))}
    totals = {row["contract_id"]: row["total"] for row in ContractFunding.objects.filter(
        contract_id__in=list(shares), financial_year=year).values("contract_id").annotate(total=Sum("amount_pence"))}
    paid: dict[tuple[int, int], int] = defaultdict(int)
    lines = InvoiceLine.objects.filter(
        invoice__status=InvoiceStatus.PAID, agreement__lot__approved_list__register_entry__in=list(shares),
        invoice__period_end__gte=date(year, 4, 1), invoice__period_end__lte=date(year + 1, 3, 31)).values_list(
        "agreement__lot__approved_list__register_entry", "invoice__period_end", "amount_pence")
    for contract_id, period_end, amount in list(lines):
        paid[(contract_id, quarter(period_end))] += amount
    payments = ContractPayment.objects.filter(
        contract_id__in=list(shares) or NO_LIST, contract__approved_list__isnull=True,
        paid_on__gte=date(year, 4, 1), paid_on__lte=date(year + 1, 3, 31)).values_list("contract_id", "paid_on",
                                                                                       "amount_pence")
    for contract_id, paid_on, amount in list(payments):
        paid[(contract_id, quarter(paid_on))] += amount
    spent = {q: sum(pool_share(paid[(c, q)], shares[c], totals[c]) for c in shares) for q in (1, 2, 3, 4)}
    rows = [{"quarter": Quarter(q).label, "contributions_pence": contributions[q], "spent_pence": spent[q],
             "variance_pence": contributions[q] - spent[q]} for q in (1, 2, 3, 4)]
    return {"rows": rows, "contributions_pence": sum(contributions.values()), "spent_pence": sum(spent.values()),
            "variance_pence": sum(contributions.values()) - sum(spent.values()), "contracts": len(shares)}


# Open contract data (OCDS, `contracts.ocds`) -------------------------------------------------------

PUBLISHED_CALL_OFFS = (AgreementStatus.ACCEPTED, AgreementStatus.ENDED)


def published_register() -> QuerySet[Contract]:
    """The register as OCDS publishes it: every entry that is not merely planned (a list's entry is
    planned while its list is a draft, which is never published), by reference."""
    return (open_register().exclude(status=ContractStatus.PLANNED)
            .select_related("supplier", "approved_list").order_by("reference"))


def funding_by_contract(contract_ids) -> dict[int, list[ContractFunding]]:
    """Each contract's funding lines, by financial year, with their funders' names (one query)."""
    found: dict[int, list[ContractFunding]] = defaultdict(list)
    for line in ContractFunding.objects.filter(contract_id__in=list(contract_ids) or NO_LIST).select_related(
            "directorate", "pooled_budget").order_by("financial_year", "pk"):
        found[line.contract_id].append(line)
    return found


def _months(rows) -> list[tuple[date, int, date]]:
    return [(row["month"].date() if hasattr(row["month"], "date") else row["month"], row["total"], row["last"])
            for row in rows]


def paid_by_month(contracts) -> dict[int, list[tuple[date, int, date]]]:
    """What was paid on each contract per calendar month, keyed by contract id: the month, the pence and
    the last day in it. A list's is its call-offs' paid invoice lines by the invoice's period end (every
    provider's summed: never a person); any other contract's its recorded payments by the day paid.
    Two queries, whatever the contracts."""
    by_list = {c.approved_list_id: c.pk for c in contracts if c.approved_list_id}
    others = [c.pk for c in contracts if not c.approved_list_id]
    found: dict[int, list] = defaultdict(list)
    lines = (InvoiceLine.objects.filter(agreement__lot__approved_list_id__in=list(by_list) or NO_LIST,
                                        invoice__status=InvoiceStatus.PAID)
             .annotate(month=TruncMonth("invoice__period_end"))
             .values("agreement__lot__approved_list_id", "month")
             .annotate(total=Sum("amount_pence"), last=Max("invoice__period_end"))
             .order_by("agreement__lot__approved_list_id", "month"))
    for row in lines:
        found[by_list[row["agreement__lot__approved_list_id"]]] += _months([row])
    payments = (ContractPayment.objects.filter(contract_id__in=others or NO_LIST)
                .annotate(month=TruncMonth("paid_on")).values("contract_id", "month")
                .annotate(total=Sum("amount_pence"), last=Max("paid_on")).order_by("contract_id", "month"))
    for row in payments:
        found[row["contract_id"]] += _months([row])
    return found


def published_list_ids(contracts: QuerySet[Contract]) -> list[int]:
    """The lists whose entries are among `contracts` (one query; the sentinel when there are none, so
    the call-off query still runs and filters by the lot index, not through the register entry)."""
    return list(contracts.filter(approved_list__isnull=False).order_by().values_list(
        "approved_list_id", flat=True)) or NO_LIST


def published_call_offs(list_ids) -> QuerySet[Agreement]:
    """The call-offs of these lists as open data publishes them (accepted or ended: an offer not yet
    accepted is no contract), oldest first, each with `sequence`, its place among every agreement
    made on its list (so the number never changes and says nothing about the person). The person is
    not read."""
    sequence = (Agreement.objects.filter(lot__approved_list_id=OuterRef("lot__approved_list_id"),
                                         pk__lte=OuterRef("pk")).order_by()
                .values("lot__approved_list_id").annotate(n=Count("pk")).values("n"))
    return (Agreement.objects.filter(lot__approved_list_id__in=list_ids, status__in=PUBLISHED_CALL_OFFS)
            .select_related("provider", "lot__approved_list__register_entry")
            .annotate(sequence=Subquery(sequence)).order_by("pk"))


def call_off_keys(reference: str, list_ids):
    """The keys of every agreement made on the published list of this reference, in the order they were
    made (the order a call-off's sequence counts)."""
    return Agreement.objects.filter(lot__approved_list__reference=reference,
                                    lot__approved_list_id__in=list_ids).order_by("pk").values_list("pk", flat=True)
