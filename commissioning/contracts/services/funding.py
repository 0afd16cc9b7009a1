"""Writes of joint funding and spend: a contract's funders by financial year, pooled budgets and what
partners pay in, and the payments recorded against a contract that is not a list."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from commissioning.core.audit import Action, audit_record, diff
from commissioning.core.money import format_pounds

from ..choices import FunderKind
from ..models import Contract, ContractFunding, ContractPayment, PoolContribution, PooledBudget
from ._common import readable_snapshot

FUNDING_FIELDS = ("kind", "directorate", "pooled_budget", "funder_name", "financial_year", "amount_pence")
CONTRIBUTION_FIELDS = ("partner", "financial_year", "quarter", "amount_pence")


@transaction.atomic
def funding_save(*, funding: ContractFunding, by) -> ContractFunding:
    """Add a funder's share of a contract for a financial year, or change one: a department, the
    integrated care board (named) or a pooled budget; the year's funders together may not exceed the
    value a year. A change is on the contract's audit trail with what it was before."""
    contract = Contract.objects.select_for_update().get(pk=funding.contract_id)
    creating = funding.pk is None
    before = {} if creating else readable_snapshot(ContractFunding.objects.get(pk=funding.pk), FUNDING_FIELDS)
    party = {FunderKind.DIRECTORATE: funding.directorate_id, FunderKind.POOLED: funding.pooled_budget_id,
             FunderKind.ICB: funding.funder_name.strip()}[FunderKind(funding.kind)]
    if not party:
        raise ValidationError({FunderKind.DIRECTORATE: {"directorate": "Choose the department that funds it"},
                               FunderKind.POOLED: {"pooled_budget": "Choose the pooled budget that funds it"},
                               FunderKind.ICB: {"funder_name": "Enter the name of the integrated care board"}}[
            FunderKind(funding.kind)])
    if funding.kind != FunderKind.DIRECTORATE:
        funding.directorate = None
    if funding.kind != FunderKind.POOLED:
        funding.pooled_budget = None
    if funding.kind != FunderKind.ICB:
        funding.funder_name = ""
    funding.funder_name = funding.funder_name.strip()
    already = (contract.funding.filter(financial_year=funding.financial_year).exclude(pk=funding.pk)
               .aggregate(total=Sum("amount_pence"))["total"] or 0)
    if already + funding.amount_pence > contract.annual_value_pence:
        raise ValidationError({"amount": f"The funders of {funding.financial_year} to {funding.financial_year + 1} "
                                         f"would come to more than the value a year, "
                                         f"{format_pounds(contract.annual_value_pence)}"})
    funding.full_clean()
    funding.save()
    if creating:
        audit_record(actor=by, action=Action.UPDATED, obj=contract,
                     note=f"{funding.funder} funds {format_pounds(funding.amount_pence)} in {funding.year_label}")
    elif changes := diff(funding, before, readable_snapshot(funding, FUNDING_FIELDS)):
        audit_record(actor=by, action=Action.UPDATED, obj=contract, changes=changes,
                     note=f"Funding line changed: {funding.funder} in {funding.year_label}")
    return funding


@transaction.atomic
def funding_remove(*, funding: ContractFunding, by) -> None:
    """Take a funder's share off a contract (entered in error, or the funder withdrew), on the
    contract's audit trail with what it was."""
    contract = Contract.objects.select_for_update().get(pk=funding.contract_id)
    funding = ContractFunding.objects.select_related("directorate", "pooled_budget").get(pk=funding.pk)
    note = (f"Funding line removed: {funding.funder} funded {format_pounds(funding.amount_pence)} "
            f"in {funding.year_label}")
    funding.delete()
    audit_record(actor=by, action=Action.UPDATED, obj=contract, note=note)


@transaction.atomic
def pool_save(*, budget: PooledBudget, by) -> PooledBudget:
    """Set up or change a pooled budget."""
    creating = budget.pk is None
    budget.full_clean()
    budget.save()
    audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=budget)
    return budget


@transaction.atomic
def contribution_save(*, contribution: PoolContribution, by) -> PoolContribution:
    """Record what a partner pays into a pooled budget in a quarter, or correct it."""
    creating = contribution.pk is None
    before = ({} if creating else
              readable_snapshot(PoolContribution.objects.get(pk=contribution.pk), CONTRIBUTION_FIELDS))
    if creating:
        contribution.created_by = by
    contribution.partner = contribution.partner.strip()
    contribution.full_clean()
    contribution.save()
    if creating:
        audit_record(actor=by, action=Action.UPDATED, obj=contribution.budget,
                     note=f"{contribution.partner} pays in {format_pounds(contribution.amount_pence)}, "
                          f"{contribution.get_quarter_display()} {contribution.financial_year}")
    elif changes := diff(contribution, before, readable_snapshot(contribution, CONTRIBUTION_FIELDS)):
        audit_record(actor=by, action=Action.UPDATED, obj=contribution.budget, changes=changes,
                     note=f"Contribution changed: {contribution.partner}")
    return contribution


@transaction.atomic
def contribution_remove(*, contribution: PoolContribution, by) -> None:
    """Take off a contribution recorded in error, on the pooled budget's audit trail with what it was."""
    contribution = PoolContribution.objects.select_related("budget").get(pk=contribution.pk)
    note = (f"Contribution removed: {contribution.partner} paid in {format_pounds(contribution.amount_pence)}, "
            f"{contribution.get_quarter_display()} {contribution.financial_year}")
    budget = contribution.budget
    contribution.delete()
    audit_record(actor=by, action=Action.UPDATED, obj=budget, note=note)


def payment_problems(*, contract: Contract, payment: ContractPayment) -> dict[str, str]:
    """What is wrong with a payment's date for its contract: not in the future, not before the start."""
    if payment.paid_on and payment.paid_on > timezone.localdate():
        return {"paid_on": "The date paid must be today or in the past"}
    if payment.paid_on and payment.paid_on < contract.start_date:
        return {"paid_on": f"The date paid must be on or after the contract's start, {contract.start_date:%-d %B %Y}"}
    return {}


@transaction.atomic
def payment_record(*, payment: ContractPayment, by) -> ContractPayment:
    """Record a payment to a contract's supplier from the finance system, once: a reference already
    recorded on the contract is refused. A list's payments are its call-offs' invoices, not these."""
    contract = Contract.objects.select_for_update().get(pk=payment.contract_id)
    if contract.approved_list_id:
        raise ValidationError("A list's spend is its call-offs' paid invoices: record payments on the invoices")
    payment.reference = payment.reference.strip()
    problems = payment_problems(contract=contract, payment=payment)
    if payment.reference and contract.payments.filter(reference__iexact=payment.reference).exists():
        problems["reference"] = f"Payment {payment.reference} is already recorded on this contract"
    if problems:
        raise ValidationError(problems)
    payment.created_by = by
    payment.full_clean()
    payment.save()
    audit_record(actor=by, action=Action.UPDATED, obj=contract,
                 note=f"Payment {payment.reference} of {format_pounds(payment.amount_pence)} recorded, "
                      f"paid {payment.paid_on:%-d %B %Y}")
    return payment


@transaction.atomic
def payment_remove(*, payment: ContractPayment, by) -> None:
    """Take off a payment recorded in error, on the contract's audit trail with what it was."""
    contract = Contract.objects.select_for_update().get(pk=payment.contract_id)
    payment = ContractPayment.objects.get(pk=payment.pk)
    note = (f"Payment {payment.reference} of {format_pounds(payment.amount_pence)}, paid "
            f"{payment.paid_on:%-d %B %Y}, removed")
    payment.delete()
    audit_record(actor=by, action=Action.UPDATED, obj=contract, note=note)
