"""Council pages of brokerage: requests, the queue, awards, competitions, agreements, dashboard."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from commissioning.core.errors import form_errors_from
from commissioning.core.money import pounds_to_pence
from commissioning.core.permissions import allow_roles

from . import rules, selectors, services
from .choices import AgreementStatus, AllocationStatus, CompetitionStatus, RequestStatus
from .forms import (
    AllocationForm,
    AwardForm,
    CareRequestForm,
    DirectAwardForm,
    FrontDoorForm,
    PersonForm,
    UnmetForm,
    WaiverDecisionForm,
    WaiverForm,
)
from .models import CareRequest
from .transitions import TransitionNotAllowed

SOURCING = (RequestStatus.NEW, RequestStatus.UNMET)


def _request(user, pk) -> CareRequest:
    return get_object_or_404(selectors.request_scope(user=user), pk=pk)


@allow_roles(rules.VIEW_REQUESTS)
def request_list(request):
    """Requests with their status; a social worker sees the ones they made first."""
    requests = selectors.request_scope(user=request.user).order_by("-created_at")
    mine = request.GET.get("mine") == "1" or (request.user.role in rules.REQUEST_CARE - rules.BROKER
                                              and "mine" not in request.GET)
    if mine:
        requests = requests.filter(requested_by=request.user)
    return render(request, "brokerage/request_list.html", {
        "requests": requests[:200], "mine": mine, "can_request": request.user.role in rules.REQUEST_CARE})


@allow_roles(rules.REQUEST_CARE)
def request_create(request):
    person_form = PersonForm(request.POST or None, prefix="person")
    form = CareRequestForm(request.POST or None, prefix="care")
    if request.method == "POST":
        person_ok, form_ok = person_form.is_valid(), form.is_valid()
        if person_ok and form_ok:
            try:
                care = services.request_create(by=request.user, person=person_form.save(commit=False),
                                               request=form.save(commit=False),
                                               specialisms=form.cleaned_data["specialisms"])
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, f"{care.reference} is in the brokerage queue")
                return redirect(care)
    return render(request, "brokerage/request_form.html", {"form": form, "person_form": person_form,
                                                           "errors_forms": [person_form, form]})


@allow_roles(rules.VIEW_REQUESTS)
def request_detail(request, pk):
    care = _request(request.user, pk)
    is_broker = request.user.role in rules.BROKER
    return render(request, "brokerage/request_detail.html", {
        "care": care,
        "checks": care.front_door_checks.select_related("recorded_by"),
        "events": care.status_events.select_related("by"),
        "competitions": care.competitions.all(),
        "agreements": care.agreements.select_related("provider"),
        "specialisms": care.specialisms.all(),
        "eligible": services.eligible_providers(care) if is_broker and care.status in SOURCING else [],
        "is_broker": is_broker,
        "sourcing": care.status in SOURCING,
        "has_front_door": care.front_door_checks.exists(),
        "can_approve_waiver": request.user.role in rules.APPROVE_WAIVER
        and care.status == RequestStatus.WAIVER_PENDING,
    })


@allow_roles(rules.BROKER)
def queue(request):
    return render(request, "brokerage/queue.html", {
        "requests": selectors.queue(user=request.user),
        "unmet": selectors.queue(user=request.user, statuses=(RequestStatus.UNMET,)),
        "in_competition": selectors.competitions_in_progress(user=request.user),
        "now": timezone.now()})


def _broker_action(request, pk, form, template, act, success: str, extra=None):
    care = _request(request.user, pk)
    if request.method == "POST" and form.is_valid():
        try:
            act(care, form.cleaned_data)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(care)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, success)
            return redirect(care)
    return render(request, template, {"care": care, "form": form, **(extra or {})})


@allow_roles(rules.BROKER)
def front_door(request, pk):
    def act(care, data):
        services.front_door_record(request=care, by=request.user, **data)
    return _broker_action(request, pk, FrontDoorForm(request.POST or None), "brokerage/front_door.html", act,
                          "Front-door option recorded")


@allow_roles(rules.BROKER)
def direct_award(request, pk):
    care = _request(request.user, pk)
    eligible = services.eligible_providers(care)

    def act(care, data):
        provider = next(e.provider for e in eligible if e.provider.pk == int(data["provider"]))
        services.direct_award(request=care, by=request.user, provider=provider, reason=data["reason"],
                              note=data["note"])
    return _broker_action(request, pk, DirectAwardForm(request.POST or None, eligible=eligible),
                          "brokerage/direct_award.html", act, "Awarded: the provider is asked to accept",
                          {"eligible": eligible})


@allow_roles(rules.BROKER)
def competition_open(request, pk):
    care = _request(request.user, pk)
    if request.method == "POST":
        try:
            competition = services.competition_open(request=care, by=request.user)
        except (TransitionNotAllowed, ValidationError) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
            return redirect(care)
        messages.success(request, f"{competition.reference} sent to {competition.invites.count()} providers")
        return redirect(competition)
    return redirect(care)


@allow_roles(rules.BROKER)
def mark_unmet(request, pk):
    def act(care, data):
        services.request_mark_unmet(request=care, by=request.user, **data)
    return _broker_action(request, pk, UnmetForm(request.POST or None), "brokerage/unmet_form.html", act,
                          "Recorded as unmet need")


@allow_roles(rules.BROKER)
def waiver(request, pk):
    def act(care, data):
        services.waiver_request(request=care, by=request.user, provider=data["provider"],
                                rate_pence=pounds_to_pence(data["rate"]), reason=data["reason"])
    return _broker_action(request, pk, WaiverForm(request.POST or None), "brokerage/waiver_form.html", act,
                          "Spot purchase sent for approval")


@allow_roles(rules.APPROVE_WAIVER)
def waiver_decide(request, pk):
    def act(care, data):
        services.waiver_decide(request=care, by=request.user, approve=data["decision"] == "approve",
                               note=data["note"])
    return _broker_action(request, pk, WaiverDecisionForm(request.POST or None), "brokerage/waiver_decide.html",
                          act, "Waiver decided")


@allow_roles(rules.VIEW_REQUESTS)
def competition_detail(request, pk):
    competition = get_object_or_404(selectors.competition_scope(user=request.user), pk=pk)
    if competition.status == CompetitionStatus.OPEN and timezone.now() >= competition.closes_at:
        services.competition_close(competition=competition, by=request.user)
        competition.refresh_from_db()
    closed = competition.status != CompetitionStatus.OPEN
    offers = selectors.competition_offers(user=request.user, competition=competition)
    if closed:
        versions = selectors.offer_revisions(user=request.user, offers=offers)
        for offer in offers:
            offer.versions = versions.get(offer.pk, [])
    form = None
    if request.user.role in rules.BROKER and competition.status == CompetitionStatus.CLOSED and offers:
        form = AwardForm(request.POST or None, offers=offers, initial={"offer": str(offers[0].pk)})
        if request.method == "POST" and form.is_valid():
            try:
                agreement = services.competition_award(
                    competition=competition, offer=next(o for o in offers if str(o.pk) == form.cleaned_data["offer"]),
                    by=request.user, note=form.cleaned_data["note"])
            except (TransitionNotAllowed, ValidationError) as error:
                form_errors_from(form, error if isinstance(error, ValidationError) else ValidationError(str(error)))
            else:
                messages.success(request, f"Awarded: {agreement.reference} is with {agreement.provider}")
                return redirect(competition)
    return render(request, "brokerage/competition_detail.html", {
        "competition": competition, "care": competition.request, "closed": closed,
        "invites": selectors.competition_invites(user=request.user, competition=competition),
        "offers": offers if closed else [], "offer_count": len(offers), "form": form})


@allow_roles(rules.VIEW_AGREEMENTS)
def agreement_list(request):
    agreements = selectors.agreement_scope(user=request.user)
    status = request.GET.get("status", "")
    if status in AgreementStatus.values:
        agreements = agreements.filter(status=status)
    return render(request, "brokerage/agreement_list.html", {
        "agreements": agreements[:200], "status": status, "statuses": AgreementStatus.choices})


@allow_roles(rules.VIEW_AGREEMENTS)
def agreement_detail(request, pk):
    agreement = get_object_or_404(selectors.agreement_scope(user=request.user), pk=pk)
    return render(request, "brokerage/agreement_detail.html", {
        "agreement": agreement, "events": agreement.status_events.select_related("by"),
        "sees_person": request.user.role in rules.VIEW_REQUESTS})


@allow_roles(rules.DASHBOARD)
def dashboard(request):
    return render(request, "brokerage/dashboard.html", {"data": selectors.dashboard(user=request.user)})


@allow_roles(rules.BROKER)
def allocation_create(request):
    form = AllocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.allocation_propose_start(lot=form.cleaned_data["lot"], by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect(job)
    return render(request, "brokerage/allocation_form.html", {
        "form": form, "runs": selectors.allocation_runs(user=request.user)[:20]})


@allow_roles(rules.BROKER)
def allocation_detail(request, pk):
    run = get_object_or_404(selectors.allocation_runs(user=request.user), pk=pk)
    lines = selectors.allocation_lines(run=run)
    options = selectors.options_for(run) if run.status == AllocationStatus.PROPOSED else {}
    if request.method == "POST" and run.status == AllocationStatus.PROPOSED:
        action = request.POST.get("action")
        try:
            if action == "award":
                count = services.allocation_award(run=run, by=request.user)
                messages.success(request, f"{count} packages awarded")
                return redirect(run)
            if action == "discard":
                services.allocation_discard(run=run, by=request.user)
                messages.success(request, "Proposal discarded")
                return redirect("brokerage:allocation_create")
            chosen = {line: request.POST.get(f"line{line.pk}") for line in lines}
            services.allocation_lines_edit(
                run=run, by=request.user,
                choices={line: int(value) if value else None for line, value in chosen.items()
                         if value is not None and value != str(line.provider_id or "")})
            messages.success(request, "Proposal updated")
            return redirect(run)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(run)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(run)
    assigned = [line for line in lines if line.provider_id]
    return render(request, "brokerage/allocation_detail.html", {
        "run": run, "lines": lines, "options": options, "assigned": len(assigned),
        "gap": (run.bound - run.score) / run.bound * 100 if run.bound else 0,
        "editable": run.status == AllocationStatus.PROPOSED,
        "line_choices": [(line, options.get(line.pk, [])) for line in lines],
        "unassigned": [line for line in lines if not line.provider_id]})
