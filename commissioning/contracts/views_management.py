"""Pages of contract management: meetings scheduled from a contract's page and recorded, their
actions, breaches with the penalty or remedy applied, and KPIs with the providers' returns. Thin
views over `selectors_management` and `services.management`; a provider user reads its own
organisation's meetings, actions and breaches."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from commissioning.core.permissions import allow_roles

from . import rules
from .forms_management import (
    ActionDoneForm,
    ActionForm,
    BreachForm,
    BreachMoveForm,
    KpiForm,
    MeetingRecordForm,
    MeetingScheduleForm,
)
from .selectors import contract_scope
from .selectors_management import (
    action_scope,
    breach_history,
    breach_scope,
    kpi_return_scope,
    kpi_scope,
    meeting_scope,
    missing_returns,
)
from .services import (
    action_add,
    action_done,
    breach_move,
    breach_record,
    kpi_create,
    meeting_record,
    meetings_schedule,
)
from .services.management import BREACH_MOVES
from .views_common import act, form_page


@allow_roles(rules.VIEW)
def meeting_list(request):
    """The meetings and breaches the user may see: council staff all, a provider user its own."""
    meetings = meeting_scope(user=request.user)
    if request.GET.get("show") != "all":
        meetings = meetings.filter(held_on__isnull=True)
    return render(request, "contracts/meeting_list.html", {
        "meetings": meetings.order_by("scheduled_for", "id")[:200], "show_all": request.GET.get("show") == "all",
        "breaches": breach_scope(user=request.user)[:100], "today": timezone.localdate(),
        "can_manage": rules.can_manage(request.user)})


@allow_roles(rules.MANAGE)
def meeting_schedule(request, pk):
    contract = get_object_or_404(contract_scope(user=request.user), pk=pk)
    form = MeetingScheduleForm(request.POST or None, contract=contract, initial={"start": timezone.localdate()})
    done = act(request, form, lambda: meetings_schedule(contract=contract, by=request.user, **form.values()),
                "Meetings scheduled", reverse("contracts:contract_detail", args=[contract.pk]) + "#management")
    if done:
        return done
    every = (f"every {contract.approved_list.market_area.meeting_every_months} months, as its market area "
             f"({contract.approved_list.market_area}) says" if contract.approved_list_id
             else "as often as the market area you choose says")
    return form_page(request, form, title=f"Schedule contract meetings: {contract.title}",
                      back=contract.get_absolute_url(), button="Schedule the meetings",
                      intro=f"Meetings are set from the first meeting for the months ahead, {every}.")


@allow_roles(rules.VIEW)
def meeting_detail(request, pk):
    meeting = get_object_or_404(meeting_scope(user=request.user), pk=pk)
    can_manage = rules.can_manage(request.user)
    form = MeetingRecordForm(request.POST or None, instance=meeting) if can_manage else None
    if form is not None:
        done = act(request, form, lambda: meeting_record(meeting=meeting, by=request.user, **form.values()),
                    "Meeting record saved", meeting.get_absolute_url())
        if done:
            return done
    return render(request, "contracts/meeting_detail.html", {
        "meeting": meeting, "form": form, "can_manage": can_manage,
        "actions": action_scope(user=request.user).filter(meeting=meeting),
        "breaches": breach_scope(user=request.user).filter(meeting=meeting)})


@allow_roles(rules.MANAGE)
def action_add_page(request, pk):
    meeting = get_object_or_404(meeting_scope(user=request.user), pk=pk)
    form = ActionForm(request.POST or None, meeting=meeting)
    done = act(request, form, lambda: action_add(meeting=meeting, by=request.user, **form.cleaned_data),
                "Action added", meeting.get_absolute_url())
    return done or form_page(request, form, title=f"Add an action: {meeting}", back=meeting.get_absolute_url(),
                              button="Add the action")


@allow_roles(rules.VIEW)
def action_list(request):
    """The actions the user owns (open first), and for those who manage contracts every open action."""
    mine = action_scope(user=request.user).filter(owner=request.user).order_by("done_on", "due")
    others = (action_scope(user=request.user).filter(done_on__isnull=True).exclude(owner=request.user)
              .order_by("due")[:200] if rules.can_manage(request.user) else [])
    return render(request, "contracts/action_list.html", {"mine": mine[:200], "others": others,
                                                          "today": timezone.localdate()})


@allow_roles(rules.VIEW)
def action_edit(request, pk):
    """The owner, or someone who manages contracts, marks the action done (or open again)."""
    action = get_object_or_404(action_scope(user=request.user), pk=pk)
    if not (action.owner_id == request.user.pk or rules.can_manage(request.user)):
        raise PermissionDenied("Only the action's owner, or someone who manages contracts, may change it")
    form = ActionDoneForm(request.POST or None, initial={"done_on": action.done_on or timezone.localdate()})
    done = act(request, form, lambda: action_done(action=action, by=request.user, **form.cleaned_data),
                "Action saved", reverse("contracts:action_list"))
    return done or form_page(request, form, title=f"Action: {action.what[:60]}", back=reverse("contracts:action_list"),
                              button="Save", intro=f"From {action.meeting}. Owner: {action.owner}. "
                                                   f"Due by {action.due:%-d %B %Y}.")


def _breach_page(request, contract, meeting):
    form = BreachForm(request.POST or None, contract=contract, meeting=meeting)
    back = meeting.get_absolute_url() if meeting else contract.get_absolute_url()

    def record():
        breach_record(contract=contract, meeting=meeting, by=request.user, **form.values())
    done = act(request, form, record, "Breach recorded", back)
    title = f"Record a breach at {meeting}" if meeting else f"Record a breach of {contract.title}"
    return done or form_page(request, form, title=title, back=back, button="Record the breach")


@allow_roles(rules.MANAGE)
def breach_add(request, pk):
    contract = get_object_or_404(contract_scope(user=request.user), pk=pk)
    return _breach_page(request, contract, None)


@allow_roles(rules.MANAGE)
def breach_add_at_meeting(request, pk):
    meeting = get_object_or_404(meeting_scope(user=request.user).filter(contract__isnull=False), pk=pk)
    return _breach_page(request, meeting.contract, meeting)


@allow_roles(rules.VIEW)
def breach_detail(request, pk):
    breach = get_object_or_404(breach_scope(user=request.user), pk=pk)
    can_manage = rules.can_manage(request.user) and BREACH_MOVES[breach.status]
    form = BreachMoveForm(request.POST or None, current=breach.status, moves=BREACH_MOVES) if can_manage else None
    if form is not None:
        done = act(request, form, lambda: breach_move(breach=breach, by=request.user, **form.cleaned_data),
                    "Breach updated", breach.get_absolute_url())
        if done:
            return done
    return render(request, "contracts/breach_detail.html", {
        "breach": breach, "form": form, "history": breach_history(breach)[:100],
        "may_open_contract": contract_scope(user=request.user).filter(pk=breach.contract_id).exists()})


@allow_roles(rules.MANAGE)
def kpi_add(request, pk):
    contract = get_object_or_404(contract_scope(user=request.user), pk=pk)
    form = KpiForm(request.POST or None)
    done = act(request, form, lambda: kpi_create(by=request.user, contract=contract, **form.cleaned_data),
                "KPI added", reverse("contracts:contract_detail", args=[contract.pk]) + "#management")
    return done or form_page(request, form, title=f"Add a KPI to {contract.title}", back=contract.get_absolute_url(),
                              button="Add the KPI")


@allow_roles(rules.MANAGE)
def kpi_list(request):
    """Every contract's KPIs, the latest returns and those late and not sent."""
    return render(request, "contracts/kpi_list.html", {
        "kpis": kpi_scope(user=request.user),
        "returns": kpi_return_scope(user=request.user).order_by("-submitted_at")[:100],
        "missing": missing_returns()})
