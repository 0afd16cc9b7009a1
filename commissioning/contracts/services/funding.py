"""Writes of joint funding: a contract's funders by financial year, pooled budgets and what partners pay in."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from commissioning.core.audit import Action, audit_record
from commissioning.core.money import format_pounds

from ..choices import FunderKind
from ..models import Contract, ContractFunding, PoolContribution, PooledBudget


@transaction.atomic
def funding_add(*, funding: ContractFunding, by) -> ContractFunding:
    """Add a funder's share of a contract for a financial year: a department, the integrated care
    board (named) or a pooled budget; the year's funders together may not exceed the value a year."""
    contract = Contract.objects.select_for_update().get(pk=funding.contract_id)
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
    already = contract.funding.filter(financial_year=funding.financial_year).aggregate(
        total=Sum("amount_pence"))["total"] or 0
    if already + funding.amount_pence > contract.annual_value_pence:
        raise ValidationError({"amount": f"The funders of {funding.financial_year} to {funding.financial_year + 1} "
                                         f"would come to more than the value a year, "
                                         f"{format_pounds(contract.annual_value_pence)}"})
    funding.full_clean()
    funding.save()
    audit_record(actor=by, action=Action.UPDATED, obj=contract,
                 note=f"{funding.funder} funds {format_pounds(funding.amount_pence)} in {funding.year_label}")
    return funding


@transaction.atomic
def pool_save(*, budget: PooledBudget, by) -> PooledBudget:
    """Set up or change a pooled budget."""
    creating = budget.pk is None
    budget.full_clean()
    budget.save()
    audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=budget)
    return budget


@transaction.atomic
def contribution_add(*, contribution: PoolContribution, by) -> PoolContribution:
    """Record what a partner pays into a pooled budget in a quarter."""
    contribution.created_by = by
    contribution.full_clean()
    contribution.save()
    audit_record(actor=by, action=Action.UPDATED, obj=contribution.budget,
                 note=f"{contribution.partner} pays in {format_pounds(contribution.amount_pence)}, "
                      f"{contribution.get_quarter_display()} {contribution.financial_year}")
    return contribution
