"""Pages of the contracts register: thin views over the selectors and services."""
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from commissioning.brokerage import rules as brokerage_rules
from commissioning.core.csv_export import safe_writer
from commissioning.core.pagination import paginate
from commissioning.core.permissions import allow_anonymous, allow_roles
from commissioning.providers.selectors import provider_scope

from . import presenters, rules, transparency
from .filtersets import ContractFilterSet
from .forms import ContractForm, ListEntryForm
from .selectors import (
    call_offs,
    contract_funding,
    contract_history,
    contract_payments,
    contract_scope,
    deliveries,
    directorate_spend,
    open_register,
    provider_across_the_council,
    several_departments,
)
from .selectors_management import contract_management, provider_breaches
from .services import contract_save
from .views_changes import contract_changes


@allow_roles(rules.VIEW)
def contract_list(request):
    filterset = ContractFilterSet(request.GET or None, queryset=contract_scope(user=request.user), user=request.user)
    context = {"filter": filterset, "can_edit": rules.can_edit(request.user), **paginate(request, filterset.qs)}
    spend = deliveries(context["page_obj"].object_list)
    context["rows"] = [(c, spend[c.pk], presenters.alert_words(spend[c.pk])) for c in context["page_obj"]]
    context["several"] = several_departments({c.supplier_id for c in context["page_obj"]}) \
        if request.user.is_council_staff else {}
    template = ("contracts/_contract_results.html" if request.headers.get("HX-Request")
                and request.headers.get("HX-Target") == "results" else "contracts/contract_list.html")
    return render(request, template, context)


@allow_roles(rules.VIEW)
def contract_detail(request, pk):
    contract = get_object_or_404(contract_scope(user=request.user), pk=pk)
    delivery = deliveries([contract])[contract.pk]
    agreements = call_offs(contract=contract).for_user(request.user).select_related("provider").order_by("-start_date")
    return render(request, "contracts/contract_detail.html", {
        "contract": contract, "delivery_rows": presenters.delivery_rows(delivery),
        "alert": presenters.alert_words(delivery), "call_offs": agreements[:50],
        "call_off_count": agreements.count(),
        "funding": contract_funding(user=request.user, contract=contract),
        "may_open_agreements": request.user.role in brokerage_rules.VIEW_AGREEMENTS,
        "history": contract_history(contract=contract)[:100], "can_edit": rules.can_edit(request.user),
        "can_pay": rules.can_pay(request.user),
        **({} if contract.approved_list_id else contract_payments(contract=contract)),
        **contract_changes(user=request.user, contract=contract),
        "management": contract_management(user=request.user, contract=contract),
        "can_manage": rules.can_manage(request.user), "today": timezone.localdate(),
    })


@allow_roles(rules.EDIT)
def contract_edit(request, pk=None):
    contract = get_object_or_404(contract_scope(user=request.user), pk=pk) if pk else None
    form_class = ListEntryForm if contract and contract.approved_list_id else ContractForm
    form = form_class(request.POST or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        saved = contract_save(contract=form.instance, by=request.user)
        messages.success(request, f"{saved} saved")
        return redirect(saved)
    return render(request, "contracts/contract_form.html", {"form": form, "contract": contract})


@allow_roles(rules.COUNCIL)
def spend_by_directorate(request):
    rows = directorate_spend(user=request.user)
    totals = {key: sum(r[key] for r in rows) for key in ("contracts", "value_pence", "commissioned_pence",
                                                        "paid_pence")}
    return render(request, "contracts/spend.html", {"rows": rows, "totals": totals})


@allow_anonymous
def transparency_csv(request):
    """Open data: anyone may download it, as the Transparency Code asks councils to publish."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="contracts-transparency-{timezone.localdate():%Y-%m-%d}.csv"')
    writer = safe_writer(response)
    writer.writerow(transparency.HEADER)
    writer.writerows(transparency.rows(transparency.published(open_register())))
    return response


@allow_roles(rules.COUNCIL)
def provider_view(request, pk):
    provider = get_object_or_404(provider_scope(user=request.user), pk=pk)
    return render(request, "contracts/provider.html", {
        "provider": provider, **provider_across_the_council(user=request.user, provider=provider),
        "breaches": provider_breaches(user=request.user, provider=provider)[:50]})
