"""Portal pages where a provider reads its audit reports, challenges a draft, sends its action plan
and progress, and makes its KPI returns. Only its own organisation's records, and never a planned
(possibly unannounced) visit."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.contracts import selectors_management as management
from commissioning.contracts import services as contract_services
from commissioning.contracts.forms_management import KpiReturnForm
from commissioning.core.errors import form_errors_from
from commissioning.core.permissions import allow_roles
from commissioning.quality import selectors, services
from commissioning.quality.choices import AuditStatus, PlanStatus
from commissioning.quality.forms import ActionItemFormSet, ChallengeForm, ProgressForm


@allow_roles(Role.PROVIDER_USER)
def audit_list(request):
    return render(request, "portal/audit_list.html", {
        "audits": selectors.audit_scope(user=request.user).order_by("-draft_issued_on"),
        "plans": selectors.plan_scope(user=request.user).order_by("-created_at"), "today": timezone.localdate()})


@allow_roles(Role.PROVIDER_USER)
def audit(request, pk):
    audit = get_object_or_404(selectors.audit_scope(user=request.user), pk=pk)
    can_challenge = (audit.status == AuditStatus.DRAFT and not audit.provider_agreed_on
                     and timezone.localdate() <= audit.comments_due)
    form = ChallengeForm(request.POST or None) if can_challenge else None
    if request.method == "POST" and can_challenge:
        try:
            if request.POST.get("action") == "agree":
                services.draft_agree(audit=audit, by=request.user)
                messages.success(request, "You have told the council you have no more challenges")
                return redirect("portal:audit", pk=pk)
            if form.is_valid():
                services.challenge_raise(audit=audit, by=request.user, text=form.cleaned_data["text"])
                messages.success(request, "Your challenge is sent to the quality officer")
                return redirect("portal:audit", pk=pk)
        except ValidationError as error:
            form_errors_from(form, error)
    return render(request, "portal/audit.html", {
        "audit": audit, "assessments": audit.assessments.select_related("standard"),
        "challenges": audit.challenges.all(), "form": form, "plan": getattr(audit, "action_plan", None)})


@allow_roles(Role.PROVIDER_USER)
def plan(request, pk):
    plan = get_object_or_404(selectors.plan_scope(user=request.user), pk=pk)
    editable = plan.status == PlanStatus.REQUIRED
    rows = [{"issue": i.issue, "action": i.action, "owner": i.owner, "due": i.due} for i in plan.items.all()]
    formset = ActionItemFormSet(request.POST if request.method == "POST" and editable else None, prefix="items",
                                initial=rows + [{}] * 3) if editable else None
    if editable and request.method == "POST" and formset.is_valid():
        items = [f.cleaned_data for f in formset if f.cleaned_data and not f.is_blank()]
        try:
            services.plan_submit(plan=plan, by=request.user, items=items)
        except ValidationError as error:
            formset.non_form_errors().extend(error.messages)
        else:
            messages.success(request, "Your action plan is sent for review")
            return redirect("portal:plan", pk=pk)
    return render(request, "portal/plan.html", {
        "plan": plan, "formset": formset, "items": plan.items.all(), "today": timezone.localdate(),
        "progress_form": ProgressForm() if plan.status == PlanStatus.ACCEPTED else None})


@allow_roles(Role.PROVIDER_USER)
def plan_item(request, pk):
    item = get_object_or_404(selectors.action_item_scope(user=request.user), pk=pk)
    form = ProgressForm(request.POST or None, initial={"progress": item.progress, "done_on": item.done_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.item_progress(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Progress recorded")
            return redirect("portal:plan", pk=item.plan_id)
    return render(request, "portal/plan_item.html", {"item": item, "form": form})


@allow_roles(Role.PROVIDER_USER)
def kpi_returns(request):
    kpis = management.kpi_scope(user=request.user)
    kpi = kpis.filter(pk=request.POST.get("kpi") or request.GET.get("kpi")).first() or kpis.first()
    form = KpiReturnForm(request.POST or None)
    if request.method == "POST" and kpi is not None and form.is_valid():
        try:
            contract_services.kpi_return_submit(kpi=kpi, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"Return for {kpi.name} sent")
            return redirect("portal:kpi_returns")
    return render(request, "portal/kpi_returns.html", {
        "kpis": kpis, "kpi": kpi, "form": form,
        "returns": management.kpi_return_scope(user=request.user),
        "missing": management.missing_returns(provider=request.user.provider)})
