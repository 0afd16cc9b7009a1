"""Portal pages where a provider applies to Approved Provider Lists and sees its results."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.core.errors import form_errors_from
from commissioning.core.permissions import allow_roles
from commissioning.core.workflow import TransitionNotAllowed
from commissioning.procurement import selectors, services
from commissioning.procurement.choices import ApplicationStatus, ListStatus
from commissioning.procurement.forms import ApplicationForm, ClarificationAnswerForm


@allow_roles(Role.PROVIDER_USER)
def list_index(request):
    """Lists a provider can apply to now, and its own applications and memberships."""
    today = timezone.localdate()
    lists = selectors.list_scope(user=request.user).filter(status=ListStatus.OPEN).order_by("name")
    return render(request, "portal/list_index.html", {
        "lists": [(lst, selectors.list_is_accepting(lst, today)) for lst in lists],
        "applications": selectors.application_scope(user=request.user).order_by("-created_at"),
        "memberships": selectors.membership_scope(user=request.user),
    })


@allow_roles(Role.PROVIDER_USER)
def application_start(request, list_pk):
    approved_list = get_object_or_404(selectors.list_scope(user=request.user), pk=list_pk)
    if request.method != "POST":
        return redirect("portal:list_index")
    try:
        application = services.application_start(approved_list=approved_list, provider=request.user.provider,
                                                 by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:list_index")
    return redirect("portal:application", pk=application.pk)


@allow_roles(Role.PROVIDER_USER)
def application(request, pk):
    """A draft to fill in and submit, or (once submitted) the locked answers, clarifications and result."""
    application = get_object_or_404(selectors.application_scope(user=request.user), pk=pk)
    if application.status != ApplicationStatus.DRAFT:
        return _application_view(request, application)
    form = ApplicationForm(request.POST or None, request.FILES or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_save_draft(application=application, by=request.user,
                                            lots=form.cleaned_data["lots"], answers=form.answers(),
                                            prices=form.prices())
            if request.POST.get("action") == "submit":
                services.application_submit(application=application, by=request.user)
                messages.success(request, "Application submitted. The council will decide within 10 working days.")
            else:
                messages.success(request, "Draft saved")
            return redirect("portal:application", pk=pk)
        except ValidationError as error:
            form_errors_from(form, error)
    return render(request, "portal/application_form.html", {"application": application, "form": form})


def _application_view(request, application):
    open_clarification = application.clarifications.filter(answered_at__isnull=True).first()
    form = ClarificationAnswerForm(request.POST or None) if open_clarification else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.clarification_answer(clarification=open_clarification, by=request.user,
                                          answer=form.cleaned_data["answer"])
        except (ValidationError, TransitionNotAllowed) as error:
            form.add_error(None, str(getattr(error, "message", error)))
        else:
            messages.success(request, "Your answer has been sent")
            return redirect("portal:application", pk=application.pk)
    decided = application.status == ApplicationStatus.DECIDED
    return render(request, "portal/application_view.html", {
        "application": application,
        "lots": application.lots.all(),
        "answers": application.answers.select_related("question").order_by("question__number"),
        "clarifications": application.clarifications.all(),
        "tendered": application.tendered_prices.select_related("price_line__lot"),
        "open_clarification": open_clarification,
        "form": form,
        "decisions": application.decisions.select_related("lot") if decided else [],
    })
