"""Pages of a contract's changes: variations and extensions (proposed, approved or refused) and
decommissioning (the plan, its steps, the people affected and completion). Thin views over the
selectors and services."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commissioning.core.audit import history_for
from commissioning.core.errors import form_errors_from
from commissioning.core.money import format_pounds
from commissioning.core.permissions import allow_roles
from commissioning.core.workflow import TransitionNotAllowed

from . import rules
from .choices import ContractStatus, VariationStatus
from .forms_changes import ArrangementForm, PlanForm, RefusalForm, StepForm, VariationForm
from .models import DecommissionPlan, DecommissionStep, Variation
from .selectors import contract_scope
from .selectors_changes import (
    original_terms,
    people_affected,
    plan_of,
    plan_readiness,
    step_scope,
    terms_of,
    variation_scope,
    variations_of,
    waiting_for_decision,
)
from .services import (
    arrangement_mark,
    plan_complete,
    plan_start,
    step_add,
    step_done,
    variation_approve,
    variation_propose,
    variation_refuse,
)
from .views_common import act, form_page


def _refused(request, error) -> None:
    messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))


def contract_changes(*, user, contract) -> dict:
    """What the contract's page shows of its changes: original and current terms, every variation, and
    the decommissioning plan with what the user may do."""
    variations = variations_of(user=user, contract=contract)
    return {
        "variations": variations, "original": original_terms(contract, variations), "current": terms_of(contract),
        "varied": any(v.status == VariationStatus.APPROVED for v in variations),
        "may_propose": rules.can_edit(user) and contract.status in (ContractStatus.PLANNED, ContractStatus.LIVE),
        "plan": plan_of(user=user, contract=contract) if user.role in rules.SEE_PLANS else None,
        "may_decommission": rules.can_edit(user) and contract.status == ContractStatus.LIVE,
        "may_see_plans": user.role in rules.SEE_PLANS,
    }


@allow_roles(rules.EDIT)
def variation_propose_page(request, pk):
    contract = get_object_or_404(contract_scope(user=request.user), pk=pk)
    form = VariationForm(request.POST or None, instance=Variation(contract=contract))
    done = act(request, form, lambda: variation_propose(variation=form.instance, by=request.user),
               lambda proposed: f"{proposed} proposed: it now waits for approval", lambda proposed: proposed)
    if done:
        return done
    intro = (f"{contract.title} is worth {format_pounds(contract.value_pence)} over its term "
             f"({format_pounds(contract.annual_value_pence)} a year) and ends on {contract.end_date:%-d %B %Y}. "
             "The head of commissioning or an administrator approves the change.")
    return form_page(request, form, title=f"Propose a variation or extension of {contract.title}",
                      back=contract.get_absolute_url(), button="Propose the change", intro=intro)


@allow_roles(rules.APPROVE_VARIATIONS)
def variation_list(request):
    return render(request, "contracts/variation_list.html", {"waiting": waiting_for_decision(user=request.user)})


@allow_roles(rules.VIEW)
def variation_detail(request, pk):
    variation = get_object_or_404(variation_scope(user=request.user), pk=pk)
    return render(request, "contracts/variation_detail.html", {
        "variation": variation, "contract": variation.contract,
        "may_decide": variation.status == VariationStatus.PROPOSED and rules.can_decide(request.user, variation),
        "proposed_by_you": variation.proposed_by_id == request.user.pk,
        "events": variation.status_events.select_related("by"), "history": history_for([variation])[:50],
    })


@require_POST
@allow_roles(rules.APPROVE_VARIATIONS)
def variation_approve_page(request, pk):
    variation = get_object_or_404(variation_scope(user=request.user), pk=pk)
    try:
        variation = variation_approve(variation=variation, by=request.user)
    except (PermissionDenied, ValidationError, TransitionNotAllowed) as error:
        _refused(request, error)
    else:
        messages.success(request, f"{variation} approved: the contract now reflects it")
        return redirect(variation.contract)
    return redirect(variation)


@allow_roles(rules.APPROVE_VARIATIONS)
def variation_refuse_page(request, pk):
    variation = get_object_or_404(variation_scope(user=request.user), pk=pk)
    form = RefusalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            variation = variation_refuse(variation=variation, by=request.user,
                                         reason=form.cleaned_data["refusal_reason"])
        except ValidationError as error:
            form_errors_from(form, error)
        except (PermissionDenied, TransitionNotAllowed) as error:
            _refused(request, error)
            return redirect(variation)
        else:
            messages.success(request, f"{variation} refused")
            return redirect(variation)
    return form_page(request, form, title=f"Refuse {variation}", back=variation.get_absolute_url(),
                      button="Refuse the change")


@allow_roles(rules.EDIT)
def decommission_start_page(request, pk):
    contract = get_object_or_404(contract_scope(user=request.user), pk=pk)
    if plan_of(user=request.user, contract=contract) is not None:
        return redirect("contracts:decommission_plan", pk=contract.pk)
    form = PlanForm(request.POST or None, instance=DecommissionPlan(contract=contract))
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_start(plan=form.instance, by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        except TransitionNotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{contract} is now being decommissioned")
            return redirect(plan)
    return form_page(request, form, title=f"Decommission {contract.title}", back=contract.get_absolute_url(),
                      button="Start decommissioning",
                      intro="The contract's status moves to being decommissioned; it ends when the plan is complete.")


def _plan(request, pk) -> DecommissionPlan:
    contract = get_object_or_404(contract_scope(user=request.user), pk=pk)
    plan = plan_of(user=request.user, contract=contract)
    if plan is None:
        raise Http404("No such decommissioning plan or person affected")
    plan.contract = contract
    return plan


@allow_roles(rules.SEE_PLANS)
def decommission_plan_page(request, pk):
    plan = _plan(request, pk)
    people = people_affected(plan)
    see_people = request.user.role in rules.SEE_PEOPLE
    return render(request, "contracts/decommission_plan.html", {
        "plan": plan, "contract": plan.contract, "steps": plan.steps.select_related("owner", "done_by"),
        "people": people if see_people else None, "people_count": len(people), "see_people": see_people,
        "may_mark": request.user.role in rules.MARK_ARRANGED and not plan.completed_at,
        "can_edit": rules.can_edit(request.user) and not plan.completed_at,
        "readiness": plan_readiness(plan, people), "history": history_for([plan])[:100],
    })


@allow_roles(rules.EDIT)
def step_add_page(request, pk):
    plan = _plan(request, pk)
    form = StepForm(request.POST or None, instance=DecommissionStep(plan=plan))
    done = act(request, form, lambda: step_add(step=form.instance, by=request.user),
               lambda step: f"Step added: {step.description}", plan)
    if done:
        return done
    return form_page(request, form, title=f"Add a step to the decommissioning of {plan.contract.title}",
                      back=plan.get_absolute_url(), button="Add the step")


@require_POST
@allow_roles(rules.SEE_PLANS)
def step_done_page(request, pk):
    step = get_object_or_404(step_scope(user=request.user), pk=pk)
    get_object_or_404(contract_scope(user=request.user), pk=step.plan.contract_id)
    try:
        step_done(step=step, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        _refused(request, error)
    else:
        messages.success(request, f"Step done: {step.description}")
    return redirect(step.plan)


@allow_roles(rules.MARK_ARRANGED)
def arrangement_page(request, pk, agreement_pk):
    plan = _plan(request, pk)
    agreement = next((a for a in people_affected(plan) if a.pk == agreement_pk), None)
    if agreement is None:
        raise Http404("No such decommissioning plan or person affected")
    initial = {"arranged": "yes" if agreement.mark.arranged else "no", "note": agreement.mark.note} \
        if agreement.mark else {}
    form = ArrangementForm(request.POST or None, initial=initial)
    done = act(request, form, lambda: arrangement_mark(plan=plan, agreement=agreement, by=request.user,
                                                      arranged=form.cleaned_data["arranged"],
                                                      note=form.cleaned_data["note"]),
               f"New arrangement for {agreement.person.reference} recorded", plan)
    if done:
        return done
    person = agreement.person
    return form_page(request, form, title=f"New arrangement for {person.name} ({person.reference})",
                      back=plan.get_absolute_url(), button="Save",
                      intro=f"Agreement {agreement.reference} with {agreement.provider.name} ends with the contract.")


@require_POST
@allow_roles(rules.EDIT)
def plan_complete_page(request, pk):
    plan = _plan(request, pk)
    try:
        plan_complete(plan=plan, by=request.user)
    except (ValidationError, TransitionNotAllowed) as error:
        _refused(request, error)
        return redirect(plan)
    messages.success(request, f"The plan is complete: {plan.contract} has ended")
    return redirect(plan.contract)
