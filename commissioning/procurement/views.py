"""Council pages for Approved Provider Lists: set-up, applications, evaluation, membership."""
import io
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from commissioning.accounts.roles import ALL_ROLES
from commissioning.core.audit import Action, audit_record, history_for
from commissioning.core.csv_export import safe_writer
from commissioning.core.errors import form_errors_from
from commissioning.core.money import pence_to_pounds
from commissioning.core.permissions import allow_roles

from . import rules, selectors, services
from .choices import ApplicationStatus, ListStatus, MembershipStatus
from .domain.evaluation import deadline_state
from .forms import (
    ApprovedListForm,
    ClarificationForm,
    DecisionForm,
    LotForm,
    MembershipActionForm,
    PriceLineForm,
    QuestionForm,
    RateReviewForm,
    ReasonForm,
    ScoresForm,
    WindowForm,
)
from .models import ApprovedList
from .transitions import LIST, MEMBERSHIP, TransitionNotAllowed

LIST_EVENT_LABELS = {"open": "Open the list", "pause": "Pause the list", "reopen": "Reopen the list",
                     "close": "Close the list"}
MEMBERSHIP_EVENT_LABELS = {"suspend": "Suspend", "reinstate": "Reinstate", "remove": "Remove"}
AWAITING = selectors.AWAITING_DECISION
CONFLICTS = {
    "moderate": "Only a submitted application with no open clarification can be moderated",
    "decide": "Decide only after the scores are moderated",
}


def _conflict(request, template, context, error):
    context["conflict"] = CONFLICTS.get(error.event, str(error))
    return render(request, template, context, status=409)


@allow_roles(rules.VIEW_LISTS)
def list_index(request):
    lists = selectors.lists_for_index(user=request.user)
    return render(request, "procurement/list_index.html", {
        "lists": lists, "can_manage": request.user.role in rules.MANAGE_LISTS,
    })


@allow_roles(rules.VIEW_LISTS)
def application_queue(request):
    """Applications awaiting a decision, soonest deadline first, with the deadline's state."""
    today = timezone.localdate()
    applications = selectors.applications_awaiting_decision(user=request.user)
    rows = [(a, deadline_state(a.decision_due, today)) for a in applications]
    return render(request, "procurement/application_queue.html", {
        "rows": rows, "overdue": sum(1 for _, s in rows if s == "overdue"),
        "due_soon": sum(1 for _, s in rows if s == "due_soon"),
    })


@allow_roles(rules.MANAGE_LISTS)
def list_edit(request, pk=None):
    approved_list = (get_object_or_404(selectors.list_scope(user=request.user), pk=pk) if pk
                     else ApprovedList(created_by=request.user))
    if approved_list.pk and approved_list.status == ListStatus.CLOSED:
        messages.error(request, "A closed list cannot be changed")
        return redirect(approved_list)
    form = ApprovedListForm(request.POST or None, instance=approved_list)
    if request.method == "POST" and form.is_valid():
        saved = services.list_save(approved_list=form.instance, by=request.user)
        messages.success(request, f"{saved} saved")
        return redirect(saved)
    return render(request, "procurement/list_form.html", {"form": form, "approved_list": approved_list})


@allow_roles(rules.VIEW_LISTS)
def list_detail(request, pk):
    approved_list = get_object_or_404(selectors.list_scope(user=request.user).select_related("lead_commissioner"),
                                      pk=pk)
    lots = selectors.lots_with_member_counts(approved_list).prefetch_related("price_lines", "reserve_for")
    memberships, member_filters = _member_filters(request, approved_list)
    applications, application_status = _application_filters(request, approved_list)
    query = request.GET.urlencode()
    ready = [(lot, window) for lot, window, _ in selectors.rounds_ready_to_rank(user=request.user)
             if lot.approved_list_id == approved_list.pk]
    return render(request, "procurement/list_detail.html", {
        "approved_list": approved_list,
        "lots": lots,
        "questions": approved_list.questions.all(),
        "windows": approved_list.windows.all(),
        "applications": applications,
        "memberships": memberships,
        "member_filters": member_filters,
        "application_status": application_status,
        "application_statuses": [c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.DRAFT],
        "membership_statuses": MembershipStatus.choices,
        "query": query,
        "ready_to_rank": ready,
        "events": [(e, LIST_EVENT_LABELS[e]) for e in LIST.events_from(approved_list.status)],
        "can_manage": request.user.role in rules.MANAGE_LISTS,
        "can_manage_members": request.user.role in rules.MANAGE_MEMBERS,
        "can_moderate": request.user.role in rules.MODERATE,
        "is_draft": approved_list.status == ListStatus.DRAFT,
        "history": history_for([approved_list]).select_related("actor")[:50],
    })


def _member_filters(request, approved_list):
    """The members of the list `request.user` may see, filtered by ?lot= and ?status=."""
    memberships = selectors.list_memberships(user=request.user, approved_list=approved_list).prefetch_related(
        "prices__price_line")
    lot, status = request.GET.get("lot", ""), request.GET.get("status", "")
    if lot.isdigit():
        memberships = memberships.filter(lot_id=int(lot))
    if status in MembershipStatus.values:
        memberships = memberships.filter(status=status)
    return memberships, {"lot": lot, "status": status}


def _application_filters(request, approved_list):
    applications = selectors.list_applications(user=request.user, approved_list=approved_list)
    status = request.GET.get("application_status", "")
    if status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    return applications, status


def _money(pence):
    return f"{pence_to_pounds(pence):.2f}" if pence is not None else ""


@allow_roles(rules.VIEW_LISTS)
def members_csv(request, pk):
    """The list's members with their current prices, as on the list page with its filters, as CSV."""
    approved_list = get_object_or_404(selectors.list_scope(user=request.user), pk=pk)
    memberships, _ = _member_filters(request, approved_list)
    today = timezone.localdate()
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(["Lot", "Provider", "Member since", "Status", "Main price (£)", "Prices"])
    rows = 0
    for m in memberships:
        prices = "; ".join(
            f"{p.price_line.name} £{pence_to_pounds(p.pence):,.2f} {p.price_line.get_unit_display().lower()}"
            for p in selectors.current_member_prices(m, today))
        writer.writerow([str(m.lot), m.provider.name, f"{m.admitted_on:%d/%m/%Y}", m.get_status_display(),
                         _money(m.rate_pence), prices])
        rows += 1
    audit_record(actor=request.user, action=Action.EXPORTED, obj=approved_list, note=f"Members as CSV ({rows} rows)")
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="members-{approved_list.reference}.csv"'
    return response


@allow_roles(rules.VIEW_LISTS)
def applications_csv(request, pk):
    """The list's submitted applications, filtered as on the list page, as CSV."""
    approved_list = get_object_or_404(selectors.list_scope(user=request.user), pk=pk)
    applications, _ = _application_filters(request, approved_list)
    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(["Provider", "Lots", "Submitted", "Decision due", "Status", "Quality score (%)"])
    rows = 0
    for a in applications.prefetch_related("lots"):
        writer.writerow([a.provider.name, "; ".join(str(lot) for lot in a.lots.all()),
                         f"{a.submitted_at:%d/%m/%Y}" if a.submitted_at else "",
                         f"{a.decision_due:%d/%m/%Y}" if a.decision_due else "", a.get_status_display(),
                         a.weighted_score if a.weighted_score is not None else ""])
        rows += 1
    audit_record(actor=request.user, action=Action.EXPORTED, obj=approved_list,
                 note=f"Applications as CSV ({rows} rows)")
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="applications-{approved_list.reference}.csv"'
    return response


@allow_roles(rules.MANAGE_LISTS)
def list_transition(request, pk):
    approved_list = get_object_or_404(selectors.list_scope(user=request.user), pk=pk)
    if request.method != "POST":
        return redirect(approved_list)
    event = request.POST.get("event", "")
    try:
        services.list_transition(approved_list=approved_list, event=event, by=request.user)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
        return redirect(approved_list)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(approved_list)
    messages.success(request, f"{LIST_EVENT_LABELS.get(event, event)}: done")
    return redirect(approved_list)


def _child_edit(request, list_pk, pk, related, form_class, template, save):
    approved_list = get_object_or_404(selectors.list_scope(user=request.user), pk=list_pk)
    if approved_list.status != ListStatus.DRAFT:
        messages.error(request, "Lots and questions can only change while the list is a draft")
        return redirect(approved_list)
    children = getattr(approved_list, related)
    instance = get_object_or_404(children.all(), pk=pk) if pk else children.model(approved_list=approved_list)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Saved")
            return redirect(approved_list)
    return render(request, template, {"form": form, "approved_list": approved_list, "object": instance})


@allow_roles(rules.MANAGE_LISTS)
def lot_edit(request, list_pk, pk=None):
    def save(form):
        services.lot_save(lot=form.instance, by=request.user, service_types=form.cleaned_data["service_types"],
                          localities=form.cleaned_data["localities"], reserve_for=form.cleaned_data["reserve_for"])
    return _child_edit(request, list_pk, pk, "lots", LotForm, "procurement/lot_form.html", save)


@allow_roles(rules.MANAGE_LISTS)
def price_line_edit(request, list_pk, lot_pk, pk=None):
    """Add or change a price line of a lot while the list is a draft."""
    approved_list = get_object_or_404(selectors.list_scope(user=request.user), pk=list_pk)
    lot = get_object_or_404(approved_list.lots.all(), pk=lot_pk)
    if approved_list.status != ListStatus.DRAFT:
        messages.error(request, "Price lines can only change while the list is a draft")
        return redirect(approved_list)
    line = get_object_or_404(lot.price_lines.all(), pk=pk) if pk else lot.price_lines.model(
        lot=lot, number=lot.price_lines.count() + 1)
    form = PriceLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        try:
            services.price_line_save(line=form.instance, by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"Price line saved on {lot}")
            return redirect("procurement:lot_edit", list_pk=approved_list.pk, pk=lot.pk)
    return render(request, "procurement/price_line_form.html", {
        "form": form, "approved_list": approved_list, "lot": lot, "object": line})


@allow_roles(rules.MODERATE)
def lot_rank(request, list_pk, lot_pk, window_pk):
    """A capped lot's round: the passed applications ranked, and the button that admits by rank."""
    approved_list = get_object_or_404(selectors.list_scope(user=request.user), pk=list_pk)
    lot = get_object_or_404(approved_list.lots.all(), pk=lot_pk)
    window = get_object_or_404(approved_list.windows.all(), pk=window_pk)
    state = selectors.round_waiting(lot, window)
    waiting = list(selectors.applications_awaiting_decision(user=request.user).filter(
        lots=lot, window=window, status=ApplicationStatus.MODERATED).exclude(decisions__lot=lot))
    scores = selectors.lot_scores(lot, waiting)
    ordered = sorted(waiting, key=lambda a: -scores[a.pk][0])
    if request.method == "POST":
        try:
            result = services.lot_admit_by_rank(lot=lot, window=window, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(request.path)
        messages.success(request, f"{len(result['admitted'])} admitted by rank; {len(result['refused'])} told "
                                  "they were not admitted, with the reasons")
        return redirect(approved_list)
    return render(request, "procurement/lot_rank.html", {
        "approved_list": approved_list, "lot": lot, "window": window, "state": state,
        "rows": [(a, scores[a.pk]) for a in ordered],
        "places": max(lot.member_cap - selectors.live_member_count(lot), 0) if lot.member_cap else None,
    })


@allow_roles(rules.MODERATE)
def rate_review(request, list_pk, lot_pk):
    """The annual rate review of a lot: an uplift for all, or new prices per member and line."""
    approved_list = get_object_or_404(selectors.list_scope(user=request.user), pk=list_pk)
    lot = get_object_or_404(approved_list.lots.all(), pk=lot_pk)
    memberships = list(selectors.list_memberships(user=request.user, approved_list=approved_list).filter(
        lot=lot, status__in=selectors.LIVE))
    lines = list(lot.price_lines.all())
    today = timezone.localdate()
    current = {(m.pk, p.price_line_id): p.pence for m in memberships for p in selectors.current_member_prices(m, today)}
    form = RateReviewForm(request.POST or None, memberships=memberships, lines=lines, current=current)
    if request.method == "POST" and form.is_valid():
        uplift = form.cleaned_data.get("uplift_percentage")
        try:
            added = services.rate_review(lot=lot, by=request.user, effective_from=form.cleaned_data["effective_from"],
                                         reason=form.cleaned_data["reason"],
                                         uplift_percentage=Decimal(uplift) if uplift is not None else None,
                                         new_prices=form.new_prices() or None)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"Rate review saved: {added} prices changed")
            return redirect(approved_list)
    return render(request, "procurement/rate_review.html", {
        "form": form, "approved_list": approved_list, "lot": lot, "memberships": memberships})


@allow_roles(rules.MANAGE_LISTS)
def question_edit(request, list_pk, pk=None):
    def save(form):
        services.question_save(question=form.instance, by=request.user)
    return _child_edit(request, list_pk, pk, "questions", QuestionForm, "procurement/question_form.html", save)


@allow_roles(rules.MANAGE_LISTS)
def window_add(request, list_pk):
    approved_list = get_object_or_404(selectors.list_scope(user=request.user), pk=list_pk)
    form = WindowForm(request.POST or None, instance=None)
    if request.method == "POST" and form.is_valid():
        try:
            services.window_add(approved_list=approved_list, by=request.user, opens_on=form.cleaned_data["opens_on"],
                                closes_on=form.cleaned_data["closes_on"], name=form.cleaned_data["name"])
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Admission round added")
            return redirect(approved_list)
    return render(request, "procurement/window_form.html", {"form": form, "approved_list": approved_list})


def _application_context(request, application):
    user = request.user
    scored = list(selectors.questions_for_evaluators(application.approved_list))
    visible, own = selectors.application_scores(user=user, application=application)
    return {
        "application": application,
        "answers": application.answers.select_related("question").order_by("question__number"),
        "lots": application.lots.all(),
        "clarifications": application.clarifications.select_related("asked_by", "answered_by"),
        "conditions": [(application.approved_list.questions.get(pk=k), ok, why)
                       for k, (ok, why) in selectors.system_conditions(application, timezone.localdate()).items()],
        "scores": visible,
        "moderated": application.moderated_scores.select_related("question").order_by("question__number"),
        "decisions": application.decisions.select_related("lot"),
        "tendered": application.tendered_prices.select_related("price_line__lot"),
        "lot_evaluations": application.lot_evaluations.select_related("lot"),
        "capped_lots": [lot for lot in application.lots.all() if lot.member_cap],
        "status_changes": application.status_events.select_related("by"),
        "recommended": selectors.recommended_outcome(application),
        "deadline_state": deadline_state(application.decision_due, timezone.localdate())
        if application.decision_due else None,
        "can_score": user.role in rules.EVALUATE and application.status == ApplicationStatus.SUBMITTED,
        "can_moderate": user.role in rules.MODERATE and application.status == ApplicationStatus.SUBMITTED,
        "can_decide": user.role in rules.MODERATE and application.status == ApplicationStatus.MODERATED,
        "can_clarify": user.role in rules.MODERATE and application.status == ApplicationStatus.SUBMITTED,
        "can_extend": user.role in rules.MODERATE and application.status in AWAITING
        and not application.extension_reason,
        "scored_questions": scored,
        "own_scores": own,
    }


def _council_application(request, pk):
    """A submitted application in the council's scope; drafts belong to the provider until submitted."""
    return get_object_or_404(selectors.application_scope(user=request.user), pk=pk)


@allow_roles(rules.VIEW_LISTS)
def application_detail(request, pk):
    application = _council_application(request, pk)
    return render(request, "procurement/application_detail.html", _application_context(request, application))


@allow_roles(rules.EVALUATE)
def application_score(request, pk):
    """An evaluator records their own scores, without seeing other evaluators' scores."""
    application = _council_application(request, pk)
    context = _application_context(request, application)
    form = ScoresForm(request.POST or None, questions=context["scored_questions"],
                      scale_max=application.approved_list.score_scale_max, initial_scores=context["own_scores"])
    if request.method == "POST" and form.is_valid():
        try:
            for question, (score, reason) in zip(form.questions, form.scores().values(), strict=True):
                services.score_record(application=application, question=question, evaluator=request.user,
                                      score=score, reason=reason)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Your scores are saved")
            return redirect("procurement:application_detail", pk=pk)
    return render(request, "procurement/application_score.html", {**context, "form": form})


@allow_roles(rules.MODERATE)
def application_moderate(request, pk):
    """The moderator agrees the final scores; the system applies conditions and the pass mark."""
    application = _council_application(request, pk)
    context = _application_context(request, application)
    form = ScoresForm(request.POST or None, questions=context["scored_questions"],
                      scale_max=application.approved_list.score_scale_max)
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_moderate(application=application, moderator=request.user, agreed=form.scores())
        except TransitionNotAllowed as error:
            return _conflict(request, "procurement/application_moderate.html", {**context, "form": form}, error)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Scores agreed")
            return redirect("procurement:application_detail", pk=pk)
    return render(request, "procurement/application_moderate.html", {**context, "form": form})


@allow_roles(rules.MODERATE)
def application_decide(request, pk):
    application = _council_application(request, pk)
    context = _application_context(request, application)
    form = DecisionForm(request.POST or None, lots=[lot for lot in context["lots"] if not lot.member_cap
                                                     and not application.decisions.filter(lot=lot).exists()])
    if request.method == "POST" and form.is_valid():
        try:
            services.application_decide(application=application, by=request.user, outcomes=form.outcomes())
        except TransitionNotAllowed as error:
            return _conflict(request, "procurement/application_decide.html", {**context, "form": form}, error)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Decision recorded and shown to the provider")
            return redirect("procurement:application_detail", pk=pk)
    return render(request, "procurement/application_decide.html", {**context, "form": form})


@allow_roles(rules.MODERATE)
def application_clarify(request, pk):
    application = _council_application(request, pk)
    form = ClarificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.clarification_ask(application=application, by=request.user,
                                       question=form.cleaned_data["question"])
        except TransitionNotAllowed as error:
            return _conflict(request, "procurement/simple_form.html", {
                "form": form, "application": application, "title": "Ask for a clarification"}, error)
        messages.success(request, "Clarification sent to the provider")
        return redirect("procurement:application_detail", pk=pk)
    return render(request, "procurement/simple_form.html", {
        "form": form, "application": application, "title": "Ask for a clarification", "button": "Send"})


@allow_roles(rules.MODERATE)
def application_extend(request, pk):
    application = _council_application(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deadline_extend(application=application, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Deadline extended to 15 working days from submission")
            return redirect("procurement:application_detail", pk=pk)
    return render(request, "procurement/simple_form.html", {
        "form": form, "application": application, "title": "Extend the decision deadline",
        "button": "Extend to 15 working days"})


@allow_roles(rules.VIEW_LISTS)
def membership_detail(request, pk):
    membership = get_object_or_404(selectors.membership_scope(user=request.user), pk=pk)
    return render(request, "procurement/membership_detail.html", {
        "membership": membership,
        "current_prices": selectors.current_member_prices(membership, timezone.localdate()),
        "price_history": membership.prices.select_related("price_line", "recorded_by"),
        "events": membership.status_events.select_related("by"),
        "actions": [(e, MEMBERSHIP_EVENT_LABELS[e]) for e in MEMBERSHIP.events_from(membership.status)],
        "can_manage": request.user.role in rules.MANAGE_MEMBERS,
    })


@allow_roles(rules.MANAGE_MEMBERS)
def membership_action(request, pk, event):
    membership = get_object_or_404(selectors.membership_scope(user=request.user), pk=pk)
    if event not in MEMBERSHIP_EVENT_LABELS and event != "reverify":
        raise Http404("No such action")
    form = MembershipActionForm(request.POST or None)
    context = {"form": form, "membership": membership, "event": event,
               "title": f"{MEMBERSHIP_EVENT_LABELS.get(event, 'Re-verify')} {membership.provider} on {membership.lot}"}
    if request.method == "POST" and form.is_valid():
        try:
            if event == "reverify":
                services.membership_reverify(membership=membership, by=request.user, note=form.cleaned_data["reason"])
            else:
                services.membership_transition(membership=membership, event=event, by=request.user,
                                               reason=form.cleaned_data["reason"], until=form.cleaned_data["until"])
        except TransitionNotAllowed as error:
            return _conflict(request, "procurement/membership_action.html", context, error)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Membership updated")
            return redirect("procurement:membership_detail", pk=pk)
    return render(request, "procurement/membership_action.html", context)


@allow_roles(ALL_ROLES)
def answer_attachment(request, pk):
    """An answer's attachment, for council staff or the provider who gave it."""
    answer = get_object_or_404(selectors.answer_scope(user=request.user), pk=pk)
    if not answer.attachment:
        raise Http404("No attachment")
    return FileResponse(answer.attachment.open("rb"), as_attachment=True,
                        filename=answer.attachment.name.rsplit("/", 1)[-1])
