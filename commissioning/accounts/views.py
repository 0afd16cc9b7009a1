"""Signing in and out (django-allauth's views, declared for the role middleware), invitations,
the administrator's pages for people, API tokens and the audit trail."""
import functools

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from commissioning.core.audit import Action, Source, audit_record, history_for
from commissioning.core.csv_export import safe_writer
from commissioning.core.errors import form_errors_from
from commissioning.core.pagination import paginate
from commissioning.core.permissions import PUBLIC, allow_anonymous, allow_roles
from commissioning.core.second_factor import has_authenticator, mark_second_factor_passed

from . import selectors, services
from .audit import AuditFilterForm, audit_events, type_label
from .forms import DeactivateForm, FirstRunForm, InvitationAcceptForm, MarketForm, UserForm
from .models import Market, User
from .roles import ALL_ROLES, Role


def declare(view, roles):
    """The django-allauth view `view`, declaring who may use it (public views skip the login check)."""
    @functools.wraps(view)
    def declared(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    declared.allowed_roles = roles
    declared.login_required = roles != PUBLIC
    return declared


def _when_set_up(view, authenticator_type, otherwise: str):
    """Open `view` only when the person has that kind of authenticator; otherwise go to `otherwise`."""
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not selectors.has_authenticator_of_type(user=request.user, kind=authenticator_type):
            return redirect(otherwise)
        return view(request, *args, **kwargs)

    return guarded


def _enrolment_passes_second_factor(view):
    """Setting up an authenticator app (proved by a code from it) passes the second factor for this session."""
    @functools.wraps(view)
    def enrol(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "POST" and request.user.is_authenticated and has_authenticator(request.user):
            mark_second_factor_passed(request.session)
        return response

    return enrol


class SignOutView(account_views.LogoutView):
    """Sign out by POST only (a link cannot sign someone out)."""

    http_method_names = ["post", "options"]


def _first_run_while_empty(view):
    """An empty platform (no council, nobody) sends the sign-in page to the first run instead."""
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if selectors.first_run_open():
            return redirect("accounts:first_run")
        return view(request, *args, **kwargs)

    return guarded


sign_in = declare(_first_run_while_empty(account_views.login), PUBLIC)
sign_out = declare(SignOutView.as_view(), ALL_ROLES)
account_inactive = declare(account_views.account_inactive, PUBLIC)
password_reset = declare(account_views.password_reset, PUBLIC)
password_reset_done = declare(account_views.password_reset_done, PUBLIC)
password_reset_from_key = declare(account_views.password_reset_from_key, PUBLIC)
password_reset_from_key_done = declare(account_views.password_reset_from_key_done, PUBLIC)
password_change = declare(account_views.password_change, ALL_ROLES)
password_set = declare(account_views.password_set, ALL_ROLES)
reauthenticate = declare(account_views.reauthenticate, ALL_ROLES)
mfa_authenticate = declare(mfa_views.authenticate, PUBLIC)
mfa_reauthenticate = declare(mfa_views.reauthenticate, ALL_ROLES)
mfa_index = declare(mfa_views.index, ALL_ROLES)
mfa_activate_totp = declare(_enrolment_passes_second_factor(totp_views.activate_totp), ALL_ROLES)
mfa_deactivate_totp = declare(_when_set_up(totp_views.deactivate_totp, Authenticator.Type.TOTP, "mfa_activate_totp"),
                              ALL_ROLES)
mfa_recovery_codes = declare(_when_set_up(recovery_views.view_recovery_codes, Authenticator.Type.RECOVERY_CODES,
                                          "mfa_index"), ALL_ROLES)
mfa_generate_recovery_codes = declare(_when_set_up(recovery_views.generate_recovery_codes, Authenticator.Type.TOTP,
                                                   "mfa_activate_totp"), ALL_ROLES)
mfa_download_recovery_codes = declare(_when_set_up(recovery_views.download_recovery_codes,
                                                   Authenticator.Type.RECOVERY_CODES, "mfa_index"), ALL_ROLES)


@allow_anonymous
def first_run(request):
    """Set up an empty platform: the council, its localities and the first administrator. Not found
    once a council or anybody's account exists, so nobody can use it to take over a running platform."""
    if not selectors.first_run_open():
        raise Http404
    form = FirstRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            council, admin = services.council_first_run(
                council_name=data["council_name"], ppon=data["ppon"], localities=data["localities"],
                username=data["username"], email=data["email"], first_name=data["first_name"],
                last_name=data["last_name"], password=data["password1"], markets=form.markets())
        except services.FirstRunClosed:
            raise Http404 from None
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"{council} is set up. Sign in as {admin.username}, then set up your "
                                      "authenticator app and invite your colleagues from Users.")
            return redirect("account_login")
    return render(request, "accounts/first_run.html", {"form": form})


@allow_anonymous
def invitation_accept(request, token):
    """Choose a password from an invitation link; the link works once and expires."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_unusable.html",
                      {"invitation_expiry_days": settings.INVITATION_EXPIRY_DAYS}, status=410)
    if request.user.is_authenticated:
        logout(request)
    form = InvitationAcceptForm(request.POST or None, user=invitation.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        except services.InvitationNotUsable:
            return render(request, "accounts/invitation_unusable.html", status=410)
        messages.success(request, "Your password is set. Sign in with your username and new password.")
        return redirect("account_login")
    return render(request, "accounts/invitation_accept.html", {"form": form, "person": invitation.user})


@allow_roles(ALL_ROLES)
@require_POST
def sign_out_everywhere(request):
    """End all of the signed-in person's sessions, this one included, and revoke their API token."""
    services.user_sign_out_everywhere(user=request.user, by=request.user)
    logout(request)
    messages.success(request, "You have been signed out on every device")
    return redirect("account_login")


@allow_roles(ALL_ROLES)
@require_GET
def keep_alive(request):
    """Keep the session open (the idle-timeout warning's ‘Stay signed in’ button)."""
    return HttpResponse(status=204)


@allow_roles(Role.ADMINISTRATOR)
def user_list(request):
    users = selectors.people(user=request.user).order_by("role", "last_name", "username")
    return render(request, "accounts/user_list.html", {"users": users})


@allow_roles(Role.ADMINISTRATOR)
def user_edit(request, pk=None):
    """Add a person (and e-mail them an invitation) or change their details."""
    person = get_object_or_404(selectors.people(user=request.user), pk=pk) if pk else User()
    creating = person.pk is None
    form = UserForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.user_save(user=form.instance, by=request.user)
        if creating:
            services.user_invite(user=form.instance, by=request.user)
            messages.success(request, f"{form.instance} added and invited by email to {form.instance.email}")
        else:
            messages.success(request, f"{form.instance} saved")
        return redirect("accounts:user_detail", pk=form.instance.pk)
    return render(request, "accounts/user_form.html", {"form": form, "person": person,
                                                       "invitation_expiry_days": settings.INVITATION_EXPIRY_DAYS})


@allow_roles(Role.ADMINISTRATOR)
def user_detail(request, pk):
    person = get_object_or_404(selectors.people(user=request.user), pk=pk)
    invitation = person.invitations.first()
    return render(request, "accounts/user_detail.html", {
        "person": person, "history": history_for([person]).select_related("actor")[:50],
        "has_token": hasattr(person, "auth_token"), "has_authenticator": has_authenticator(person),
        "invitation": invitation, "invitation_usable": invitation is not None and invitation.is_usable(timezone.now()),
    })


@allow_roles(Role.ADMINISTRATOR)
@require_POST
def user_invite(request, pk):
    """Send (or send again) the invitation to choose a password."""
    person = get_object_or_404(selectors.people(user=request.user), pk=pk)
    try:
        services.user_invite(user=person, by=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Invitation sent to {person.email}. It expires in "
                                  f"{settings.INVITATION_EXPIRY_DAYS} days.")
    return redirect("accounts:user_detail", pk=pk)


@allow_roles(Role.ADMINISTRATOR)
def user_deactivate(request, pk):
    """Stop a person signing in; their sessions and API token stop working at once."""
    person = get_object_or_404(selectors.people(user=request.user), pk=pk)
    form = DeactivateForm(request.POST or None)
    if person.pk == request.user.pk:
        messages.error(request, "You cannot deactivate your own account")
        return redirect("accounts:user_detail", pk=pk)
    if request.method == "POST" and form.is_valid():
        services.user_deactivate(user=person, by=request.user, note=form.cleaned_data["reason"])
        messages.success(request, f"{person} can no longer sign in")
        return redirect("accounts:user_detail", pk=pk)
    return render(request, "accounts/user_deactivate.html", {"form": form, "person": person})


@allow_roles(Role.ADMINISTRATOR)
@require_POST
def user_reactivate(request, pk):
    person = get_object_or_404(selectors.people(user=request.user), pk=pk)
    services.user_reactivate(user=person, by=request.user)
    messages.success(request, f"{person} can sign in again")
    return redirect("accounts:user_detail", pk=pk)


@allow_roles(Role.ADMINISTRATOR)
def user_token(request, pk):
    """Issue an integration token (POST only); the key is shown on this response and never again."""
    person = get_object_or_404(selectors.people(user=request.user), pk=pk)
    if request.method != "POST":
        return redirect("accounts:user_detail", pk=pk)
    if not person.is_active:
        messages.error(request, "This person cannot sign in, so cannot have an API token")
        return redirect("accounts:user_detail", pk=pk)
    key = services.api_token_issue(user=person, by=request.user, source=Source.WEB)
    return render(request, "accounts/token_issued.html", {"person": person, "key": key})


@allow_roles(Role.ADMINISTRATOR)
def audit_list(request):
    """The audit trail, filtered by who, what, which record and when, 50 lines a page."""
    form = AuditFilterForm(request.GET or None)
    events = form.filter(audit_events())
    context = {"form": form, **paginate(request, events, per_page=50)}
    context["rows"] = [(event, type_label(event)) for event in context["page_obj"]]
    return render(request, "accounts/audit_list.html", context)


@allow_roles(Role.ADMINISTRATOR)
def audit_csv(request):
    """The filtered audit trail as a CSV safe to open in a spreadsheet; the export is audited."""
    form = AuditFilterForm(request.GET or None)
    events = form.filter(audit_events())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y-%m-%d}.csv"'
    writer = safe_writer(response)
    writer.writerow(["When", "Done by", "What happened", "Type of record", "Record", "Changes", "Note", "Through"])
    count = 0
    for event in events.iterator(chunk_size=500):
        changes = "; ".join(f"{label}: {pair[0]} → {pair[1]}" for label, pair in (event.changes or {}).items())
        writer.writerow([timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"), event.actor_label,
                         event.get_action_display(), type_label(event), event.object_repr, changes, event.note,
                         event.get_source_display()])
        count += 1
    audit_record(actor=request.user, action=Action.EXPORTED, obj=request.user,
                 note=f"Audit trail exported: {count} line(s); {form.describe()}")
    return response


MARKET_KEEPERS = (Role.ADMINISTRATOR, Role.HEAD_OF_COMMISSIONING)


@allow_roles(*MARKET_KEEPERS)
def market_list(request):
    """The council's market areas, in order, and a form to add one."""
    form = MarketForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            market = services.market_save(market=Market(
                name=form.cleaned_data["name"], position=form.cleaned_data["position"] or 0,
                meeting_every_months=form.cleaned_data["meeting_every_months"] or 3), by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"{market} added")
            return redirect("accounts:market_list")
    return render(request, "accounts/market_list.html", {"markets": selectors.markets(), "form": form})


@allow_roles(*MARKET_KEEPERS)
def market_edit(request, pk):
    """Rename or move a market area (its code, and the records that have it, stay the same), with its history."""
    market = get_object_or_404(selectors.markets(), pk=pk)
    form = MarketForm(request.POST or None, initial={"name": market.name, "position": market.position,
                                                     "meeting_every_months": market.meeting_every_months})
    if request.method == "POST" and form.is_valid():
        market.name = form.cleaned_data["name"]
        market.meeting_every_months = form.cleaned_data["meeting_every_months"] or market.meeting_every_months
        if form.cleaned_data["position"] is not None:
            market.position = form.cleaned_data["position"]
        try:
            services.market_save(market=market, by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"{market} saved")
            return redirect("accounts:market_list")
    return render(request, "accounts/market_form.html", {
        "market": market, "form": form, "blockers": services.market_retire_blockers(market),
        "history": history_for([market]).select_related("actor")[:100]})


@allow_roles(*MARKET_KEEPERS)
@require_POST
def market_retire(request, pk):
    """Retire a market area (kept on the records that have it, offered for nothing new) or restore it."""
    market = get_object_or_404(selectors.markets(), pk=pk)
    retire = request.POST.get("retired") == "yes"
    try:
        services.market_set_retired(market=market, retired=retire, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{market} {'retired' if retire else 'brought back into use'}")
    return redirect("accounts:market_edit", pk=market.pk)
