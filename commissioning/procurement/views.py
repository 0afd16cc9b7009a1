"""Council pages for Approved Provider Lists: set-up, applications, evaluation, membership."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from commissioning.accounts.roles import ALL_ROLES
from commissioning.core.audit import history_for
from commissioning.core.errors import form_errors_from
from commissioning.core.permissions import allow_roles

from . import rules, selectors, services
from .choices import ApplicationStatus, ListStatus
from .domain.evaluation import deadline_state
from .forms import (
    ApprovedListForm,
    ClarificationForm,
    DecisionForm,
    LotForm,
    MembershipActionForm,
    QuestionForm,
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
    lots = selectors.lots_with_member_counts(approved_list)
    return render(request, "procurement/list_detail.html", {
        "approved_list": approved_list,
        "lots": lots,
        "questions": approved_list.questions.all(),
        "windows": approved_list.windows.all(),
        "applications": selectors.list_applications(user=request.user, approved_list=approved_list),
        "memberships": selectors.list_memberships(user=request.user, approved_list=approved_list),
        "events": [(e, LIST_EVENT_LABELS[e]) for e in LIST.events_from(approved_list.status)],
        "can_manage": request.user.role in rules.MANAGE_LISTS,
        "can_manage_members": request.user.role in rules.MANAGE_MEMBERS,
        "is_draft": approved_list.status == ListStatus.DRAFT,
        "history": history_for([approved_list]).select_related("actor")[:50],
    })


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
                          localities=form.cleaned_data["localities"])
    return _child_edit(request, list_pk, pk, "lots", LotForm, "procurement/lot_form.html", save)


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
        services.window_add(approved_list=approved_list, by=request.user, opens_on=form.cleaned_data["opens_on"],
                            closes_on=form.cleaned_data["closes_on"])
        messages.success(request, "Reopening window added")
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
    form = DecisionForm(request.POST or None, lots=context["lots"])
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
