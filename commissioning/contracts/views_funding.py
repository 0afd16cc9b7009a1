"""Pages of joint funding and spend: a contract's funders by year, pooled budgets by quarter, and the
payments recorded against a contract that is not a list."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from commissioning.core.money import format_pounds as pounds
from commissioning.core.money import pence_to_pounds
from commissioning.core.permissions import allow_roles

from . import rules
from .domain.pools import financial_year
from .forms import ContributionForm, FundingForm, PaymentForm, PoolForm
from .models import ContractFunding, ContractPayment, PoolContribution
from .selectors import contract_funding, contract_scope, pool_contributions, pool_quarters, pools
from .services import (
    contribution_remove,
    contribution_save,
    funding_remove,
    funding_save,
    payment_record,
    payment_remove,
    pool_save,
)
from .views_common import act, confirm_page, form_page


@allow_roles(rules.EDIT)
def funding_add_page(request, pk, line=None):
    """Add a funder's share of a contract, or (with `line`) change one."""
    contract = get_object_or_404(contract_scope(user=request.user), pk=pk)
    if line is None:
        funding = ContractFunding(contract=contract)
        initial = {"financial_year": financial_year(timezone.localdate())}
    else:
        funding = get_object_or_404(contract_funding(user=request.user, contract=contract), pk=line)
        initial = {"amount": pence_to_pounds(funding.amount_pence)}
    form = FundingForm(request.POST or None, instance=funding, initial=initial)
    form.fields["pooled_budget"].queryset = pools(user=request.user)
    done = act(request, form, lambda: funding_save(funding=form.instance, by=request.user),
               lambda saved: f"{saved.funder} {'added as a funder' if line is None else 'changed'}", contract)
    if done:
        return done
    if line is None:
        return form_page(request, form, title=f"Add a funder of {contract.title}", back=contract.get_absolute_url(),
                          button="Add the funder")
    return form_page(request, form, title=f"Change a funder of {contract.title}", back=contract.get_absolute_url(),
                      button="Save the change")


@allow_roles(rules.EDIT)
def funding_remove_page(request, pk, line):
    contract = get_object_or_404(contract_scope(user=request.user), pk=pk)
    funding = get_object_or_404(contract_funding(user=request.user, contract=contract), pk=line)
    if request.method == "POST":
        funding_remove(funding=funding, by=request.user)
        messages.success(request, f"{funding.funder} removed as a funder of {funding.year_label}")
        return redirect(contract)
    return confirm_page(request, title=f"Remove {funding.funder} as a funder of {contract.title}",
                         warning=f"{funding.funder}'s {pounds(funding.amount_pence)} in {funding.year_label} "
                                 "will no longer fund the contract. The audit trail keeps what it was.",
                         back=contract.get_absolute_url(), button="Remove the funder")


@allow_roles(rules.COUNCIL)
def pool_list(request):
    return render(request, "contracts/pool_list.html", {"pools": pools(user=request.user),
                                                        "can_edit": rules.can_edit(request.user)})


@allow_roles(rules.EDIT)
def pool_create(request):
    form = PoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        budget = pool_save(budget=form.instance, by=request.user)
        messages.success(request, f"{budget} set up")
        return redirect(budget)
    return form_page(request, form, title="Set up a pooled budget", back=reverse("contracts:pool_list"),
                      button="Save the pooled budget")


@allow_roles(rules.COUNCIL)
def pool_detail(request, pk):
    budget = get_object_or_404(pools(user=request.user), pk=pk)
    try:
        year = int(request.GET.get("year") or financial_year(timezone.localdate()))
    except ValueError:
        year = financial_year(timezone.localdate())
    year = min(max(year, 2000), 2100)
    return render(request, "contracts/pool_detail.html", {
        "budget": budget, "year": year, "next_year": year + 1, "previous_year": year - 1,
        **pool_quarters(budget=budget, year=year), "can_edit": rules.can_edit(request.user),
        "contributions": pool_contributions(budget=budget, year=year)})


@allow_roles(rules.EDIT)
def contribution_add_page(request, pk, line=None):
    """Record a partner's contribution to a pooled budget, or (with `line`) correct one."""
    budget = get_object_or_404(pools(user=request.user), pk=pk)
    if line is None:
        contribution = PoolContribution(budget=budget)
        initial = {"financial_year": financial_year(timezone.localdate())}
    else:
        contribution = get_object_or_404(budget.contributions.all(), pk=line)
        initial = {"amount": pence_to_pounds(contribution.amount_pence)}
    form = ContributionForm(request.POST or None, instance=contribution, initial=initial)
    done = act(request, form, lambda: contribution_save(contribution=form.instance, by=request.user),
               lambda saved: f"{saved.partner}'s contribution {'recorded' if line is None else 'changed'}",
               lambda saved: f"{budget.get_absolute_url()}?year={saved.financial_year}")
    if done:
        return done
    if line is None:
        return form_page(request, form, title=f"Record a contribution to {budget}", back=budget.get_absolute_url(),
                          button="Record the contribution")
    return form_page(request, form, title=f"Change a contribution to {budget}", back=budget.get_absolute_url(),
                      button="Save the change")


@allow_roles(rules.EDIT)
def contribution_remove_page(request, pk, line):
    budget = get_object_or_404(pools(user=request.user), pk=pk)
    contribution = get_object_or_404(budget.contributions.all(), pk=line)
    back = f"{budget.get_absolute_url()}?year={contribution.financial_year}"
    if request.method == "POST":
        contribution_remove(contribution=contribution, by=request.user)
        messages.success(request, f"{contribution.partner}'s contribution removed")
        return redirect(back)
    return confirm_page(request, title=f"Remove {contribution.partner}'s contribution to {budget}",
                         warning=f"{pounds(contribution.amount_pence)} paid in, {contribution.get_quarter_display()} "
                                 f"{contribution.financial_year} to {contribution.financial_year + 1}, will no "
                                 "longer count. The audit trail keeps what it was.",
                         back=back, button="Remove the contribution")


@allow_roles(rules.PAY)
def payment_add_page(request, pk):
    contract = get_object_or_404(contract_scope(user=request.user).filter(approved_list__isnull=True), pk=pk)
    form = PaymentForm(request.POST or None, instance=ContractPayment(contract=contract))
    done = act(request, form, lambda: payment_record(payment=form.instance, by=request.user),
               lambda saved: f"Payment {saved.reference} of {pounds(saved.amount_pence)} recorded", contract)
    if done:
        return done
    return form_page(request, form, title=f"Record a payment on {contract.title}", back=contract.get_absolute_url(),
                      button="Record the payment")


@allow_roles(rules.PAY)
def payment_remove_page(request, pk, line):
    contract = get_object_or_404(contract_scope(user=request.user), pk=pk)
    payment = get_object_or_404(contract.payments.all(), pk=line)
    if request.method == "POST":
        payment_remove(payment=payment, by=request.user)
        messages.success(request, f"Payment {payment.reference} removed")
        return redirect(contract)
    return confirm_page(request, title=f"Remove payment {payment.reference} from {contract.title}",
                         warning=f"{pounds(payment.amount_pence)} paid {payment.paid_on:%-d %B %Y} will no longer "
                                 "count as spend on the contract. The audit trail keeps what it was.",
                         back=contract.get_absolute_url(), button="Remove the payment")
