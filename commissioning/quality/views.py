"""Council pages of quality assurance and contract management."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from commissioning.core.errors import form_errors_from
from commissioning.core.pagination import paginate
from commissioning.core.permissions import allow_roles
from commissioning.providers.models import Provider, Service

from . import presenters, rules, selectors, services
from .choices import AuditStatus, ConcernStage, PlanStatus, ReviewStatus
from .forms import (
    AnswerForm,
    ConcernForm,
    ConcernMoveForm,
    FeedbackForm,
    FrameworkForm,
    OutcomeForm,
    PlanReviewForm,
    PlanYearForm,
    RatingsForm,
    ReasonForm,
    SafeguardingForm,
    VisitForm,
)
from .transitions import CONCERN, TransitionNotAllowed

CONCERN_EVENT_LABELS = {"escalate": "Escalate to the next stage", "lift_suspension": "Lift the suspension",
                        "close": "Close the case"}


def _form_or_redirect(request, form, act, success, target, template, context):
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(target)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, success)
            return redirect(target)
    return render(request, template, {**context, "form": form})


@allow_roles(rules.VIEW)
def index(request):
    """The audit programme by risk, and what needs attention."""
    form = PlanYearForm(request.POST or None, initial={"start": timezone.localdate()})
    if request.method == "POST" and request.user.role in rules.AUDIT and form.is_valid():
        planned = services.plan_year(by=request.user, start=form.cleaned_data["start"])
        messages.success(request, f"{planned} audits planned")
        return redirect("quality:index")
    return render(request, "quality/index.html", {
        **paginate(request, selectors.programme()), "form": form, "can_audit": request.user.role in rules.AUDIT,
        "links": presenters.links(request.user, leave_out="quality:index"),
        "overdue_plans": selectors.overdue_plans(user=request.user).select_related("audit__service"),
        "overdue_items": selectors.overdue_items(user=request.user).select_related("plan__audit__service"),
        "draft_audits": selectors.audit_scope(user=request.user).filter(status=AuditStatus.DRAFT),
        "concerns": selectors.concern_scope(user=request.user).exclude(stage=ConcernStage.CLOSED),
        "plans_to_review": selectors.plan_scope(user=request.user).filter(status=PlanStatus.SUBMITTED),
    })


@allow_roles(rules.VIEW)
def audit_detail(request, pk):
    audit = get_object_or_404(selectors.audit_scope(user=request.user), pk=pk)
    return render(request, "quality/audit_detail.html", {
        "audit": audit, "assessments": audit.assessments.select_related("standard__domain"),
        "challenges": audit.challenges.select_related("raised_by", "answered_by", "standard"),
        "can_audit": request.user.role in rules.AUDIT, "today": timezone.localdate(),
        "plan": getattr(audit, "action_plan", None), "review": getattr(audit, "contract_review", None),
        "safety": getattr(audit, "safety_check", None)})


@allow_roles(rules.AUDIT)
def audit_rate(request, pk):
    audit = get_object_or_404(selectors.audit_scope(user=request.user), pk=pk)
    standards = selectors.standards_of(audit.framework)
    form = RatingsForm(request.POST or None, standards=standards,
                       assessments={a.standard_id: a for a in audit.assessments.all()},
                       initial={"visited_on": audit.visited_on or timezone.localdate(), "summary": audit.summary})

    def act(data):
        services.audit_rate(audit=audit, by=request.user, ratings=form.ratings(), summary=data["summary"],
                            visited_on=data["visited_on"])
    return _form_or_redirect(request, form, act, "Ratings saved; the domain, overall and RAG ratings are worked out",
                             audit, "quality/audit_rate.html", {"audit": audit})


@allow_roles(rules.AUDIT)
def audit_event(request, pk, event):
    audit = get_object_or_404(selectors.audit_scope(user=request.user), pk=pk)
    actions = {"start": services.audit_start, "issue_draft": services.audit_issue_draft,
               "publish": services.audit_publish}
    if event == "cancel":
        return _form_or_redirect(
            request, ReasonForm(request.POST or None),
            lambda data: services.audit_cancel(audit=audit, by=request.user, reason=data["reason"]),
            "Audit cancelled", audit, "govuk/simple_form.html",
            {"title": "Cancel the audit", "back": audit.get_absolute_url(), "button": "Cancel the audit"})
    if request.method == "POST" and event in actions:
        try:
            actions[event](audit=audit, by=request.user)
        except (TransitionNotAllowed, ValidationError) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
        else:
            messages.success(request, {"start": "Audit started", "issue_draft": "Draft sent to the provider",
                                       "publish": "Final report published"}[event])
    return redirect(audit)


@allow_roles(rules.AUDIT)
def challenge_answer(request, pk):
    challenge = get_object_or_404(selectors.challenge_scope(user=request.user), pk=pk)
    return _form_or_redirect(
        request, AnswerForm(request.POST or None),
        lambda data: services.challenge_answer(challenge=challenge, by=request.user, answer=data["answer"]),
        "Challenge answered", challenge.audit, "govuk/simple_form.html",
        {"title": "Answer the challenge", "back": challenge.audit.get_absolute_url(), "button": "Save answer",
         "intro": challenge.text})


@allow_roles(rules.AUDIT)
def visit_add(request, service_pk):
    service = get_object_or_404(Service, pk=service_pk)

    def act(data):
        services.visit_add(service=service, by=request.user, **data)
    return _form_or_redirect(request, VisitForm(request.POST or None), act, "Monitoring visit added",
                             "quality:index", "govuk/simple_form.html",
                             {"title": f"Add a monitoring visit to {service}", "back": "/quality/",
                              "button": "Add the visit"})


@allow_roles(rules.VIEW)
def plan_detail(request, pk):
    plan = get_object_or_404(selectors.plan_scope(user=request.user), pk=pk)
    form = PlanReviewForm(request.POST or None) if request.user.role in rules.AUDIT else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.plan_review(plan=plan, by=request.user, accept=form.cleaned_data["decision"] == "accept",
                                 note=form.cleaned_data["note"])
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        except ValidationError as error:
            form_errors_from(form, error)
            return render(request, "quality/plan_detail.html", {"plan": plan, "form": form})
        else:
            messages.success(request, "Action plan reviewed")
        return redirect(plan)
    return render(request, "quality/plan_detail.html", {
        "plan": plan, "form": form if plan.status == PlanStatus.SUBMITTED else None,
        "items": plan.items.all(), "today": timezone.localdate()})


@allow_roles(rules.REVIEW)
def review_list(request):
    return render(request, "quality/review_list.html", {
        "reviews": selectors.review_scope(user=request.user).order_by("status", "-created_at")})


@allow_roles(rules.REVIEW)
def review_detail(request, pk):
    review = get_object_or_404(selectors.review_scope(user=request.user), pk=pk)
    form = OutcomeForm(request.POST or None) if review.status == ReviewStatus.OPEN else None
    context = {"review": review, "audit": review.audit,
               "report": selectors.failure_report(review.audit.service.provider)}
    if form is None:
        return render(request, "quality/review_detail.html", context)
    return _form_or_redirect(
        request, form, lambda data: services.review_close(review=review, by=request.user, outcome=data["outcome"]),
        "Review closed", review, "quality/review_detail.html", context)


@allow_roles(rules.SAFETY)
def safety_list(request):
    return render(request, "quality/safety_list.html", {
        "checks": selectors.safety_scope(user=request.user, own_only=True).order_by("status", "-created_at")})


@allow_roles(rules.SAFETY)
def safety_check(request, pk):
    check = get_object_or_404(selectors.safety_scope(user=request.user), pk=pk)
    rows = check.people.select_related("agreement__person", "agreement__service", "social_worker")
    if request.method == "POST":
        row = selectors.safety_row_for(check=check, user=request.user, pk=request.POST.get("row") or None)
        if row is None:
            raise Http404("No such person on this check for you")
        form = OutcomeForm(request.POST)
        if form.is_valid():
            try:
                services.safety_record(row=row, by=request.user, outcome=form.cleaned_data["outcome"])
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, f"Check of {row.agreement.person.reference} recorded")
                return redirect(check)
        return render(request, "quality/safety_check.html", {"check": check, "rows": rows, "form": form,
                                                             "failed_row": row.pk})
    return render(request, "quality/safety_check.html", {"check": check, "rows": rows, "form": OutcomeForm()})


@allow_roles(rules.CONCERNS)
def concern_list(request):
    form = ConcernForm(request.POST or None)

    def act(data):
        case = services.concern_open(provider=data["provider"], by=request.user, summary=data["summary"])
        act.case = case
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Concern case opened; monitoring visits added")
            return redirect(act.case)
    return render(request, "quality/concern_list.html", {
        "cases": selectors.concern_scope(user=request.user).order_by("stage", "-created_at"), "form": form})


@allow_roles(rules.CONCERNS)
def concern_detail(request, pk):
    case = get_object_or_404(selectors.concern_scope(user=request.user), pk=pk)
    form = ConcernMoveForm(request.POST or None)
    event = request.POST.get("event", "")
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_move(case=case, by=request.user, event=event, note=form.cleaned_data["note"])
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, CONCERN_EVENT_LABELS.get(event, event) + ": done")
            return redirect(case)
    return render(request, "quality/concern_detail.html", {
        "case": case, "form": form, "events": selectors.concern_history(case),
        "moves": [(e, CONCERN_EVENT_LABELS[e]) for e in CONCERN.events_from(case.stage)]})


@allow_roles(rules.CONCERNS | rules.REVIEW)
def failure(request, pk):
    provider = get_object_or_404(Provider, pk=pk)
    return render(request, "quality/failure.html", {"report": selectors.failure_report(provider)})


@allow_roles(rules.VIEW)
def provider_quality(request, pk):
    provider = get_object_or_404(Provider, pk=pk)
    page = selectors.provider_quality(provider, user=request.user)
    return render(request, "quality/provider_quality.html", {
        "provider": provider, **page, "chart": presenters.rating_chart(page["audits"], provider_name=provider.name),
        "can_audit": request.user.role in rules.AUDIT})


def _record_for_service(request, service_pk, form_class, record, title):
    service = get_object_or_404(Service, pk=service_pk)
    return _form_or_redirect(
        request, form_class(request.POST or None),
        lambda data: record(service=service, by=request.user, **data), f"{title} recorded",
        reverse("quality:provider_quality", args=[service.provider_id]), "govuk/simple_form.html",
        {"title": f"{title}: {service}", "button": "Save", "back": f"/quality/providers/{service.provider_id}/"})


@allow_roles(rules.AUDIT)
def safeguarding_add(request, service_pk):
    return _record_for_service(request, service_pk, SafeguardingForm, services.safeguarding_record, "Safeguarding")


@allow_roles(rules.AUDIT)
def feedback_add(request, service_pk):
    return _record_for_service(request, service_pk, FeedbackForm, services.feedback_record, "Customer feedback")


@allow_roles(rules.AUDIT)
def framework(request):
    """The default framework's method, bands and RAG mapping. Published reports keep their ratings."""
    current = get_object_or_404(selectors.frameworks(), is_default=True)
    form = FrameworkForm(request.POST or None, instance=current)
    return _form_or_redirect(
        request, form,
        lambda data: services.framework_configure(framework=current, by=request.user, **form.values()),
        "Framework saved: audits rated from now on use it", "quality:framework", "quality/framework.html",
        {"framework": current, "domains": current.domains.prefetch_related("standards")})
