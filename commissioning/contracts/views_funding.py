"""Pages of joint funding: a contract's funders by year, and pooled budgets by quarter."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from commissioning.core.errors import form_errors_from
from commissioning.core.permissions import allow_roles

from . import rules
from .domain.pools import financial_year
from .forms import ContributionForm, FundingForm, PoolForm
from .models import ContractFunding, PoolContribution
from .selectors import contract_scope, pool_quarters, pools
from .services import contribution_add, funding_add, pool_save


def _form_page(request, form, *, title, back, button):
    return render(request, "govuk/simple_form.html", {"form": form, "title": title, "back": back, "button": button})


@allow_roles(rules.EDIT)
def funding_add_page(request, pk):
    contract = get_object_or_404(contract_scope(user=request.user), pk=pk)
    form = FundingForm(request.POST or None, instance=ContractFunding(contract=contract),
                       initial={"financial_year": financial_year(timezone.localdate())})
    form.fields["pooled_budget"].queryset = pools(user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            funding = funding_add(funding=form.instance, by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"{funding.funder} added as a funder")
            return redirect(contract)
    return _form_page(request, form, title=f"Add a funder of {contract.title}", back=contract.get_absolute_url(),
                      button="Add the funder")


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
    return _form_page(request, form, title="Set up a pooled budget", back=reverse("contracts:pool_list"),
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
        **pool_quarters(budget=budget, year=year), "can_edit": rules.can_edit(request.user)})


@allow_roles(rules.EDIT)
def contribution_add_page(request, pk):
    budget = get_object_or_404(pools(user=request.user), pk=pk)
    form = ContributionForm(request.POST or None, instance=PoolContribution(budget=budget),
                            initial={"financial_year": financial_year(timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        contribution = contribution_add(contribution=form.instance, by=request.user)
        messages.success(request, f"{contribution.partner}'s contribution recorded")
        return redirect(budget)
    return _form_page(request, form, title=f"Record a contribution to {budget}", back=budget.get_absolute_url(),
                      button="Record the contribution")
