"""Signing in and out, and the administrator's pages for people and API tokens."""
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render

from commissioning.core.audit import Source, history_for
from commissioning.core.permissions import PUBLIC, allow_roles

from .forms import SignInForm, UserForm
from .models import User
from .roles import ALL_ROLES, Role
from .services import api_token_issue, user_save


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    allowed_roles = PUBLIC


class SignOutView(auth_views.LogoutView):
    allowed_roles = ALL_ROLES


@allow_roles(Role.ADMINISTRATOR)
def user_list(request):
    users = User.objects.select_related("provider").order_by("role", "last_name", "username")
    return render(request, "accounts/user_list.html", {"users": users})


@allow_roles(Role.ADMINISTRATOR)
def user_edit(request, pk=None):
    person = get_object_or_404(User, pk=pk) if pk else User()
    form = UserForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        user_save(user=form.instance, by=request.user)
        messages.success(request, f"{form.instance} saved")
        return redirect("accounts:user_detail", pk=form.instance.pk)
    return render(request, "accounts/user_form.html", {"form": form, "person": person})


@allow_roles(Role.ADMINISTRATOR)
def user_detail(request, pk):
    person = get_object_or_404(User.objects.select_related("provider"), pk=pk)
    return render(request, "accounts/user_detail.html", {
        "person": person, "history": history_for([person]).select_related("actor")[:50],
        "has_token": hasattr(person, "auth_token"),
    })


@allow_roles(Role.ADMINISTRATOR)
def user_token(request, pk):
    """Issue an integration token (POST only); the key is shown on this response and never again."""
    person = get_object_or_404(User, pk=pk)
    if request.method != "POST":
        return redirect("accounts:user_detail", pk=pk)
    if not person.is_active:
        messages.error(request, "This person cannot sign in, so cannot have an API token")
        return redirect("accounts:user_detail", pk=pk)
    key = api_token_issue(user=person, by=request.user, source=Source.WEB)
    return render(request, "accounts/token_issued.html", {"person": person, "key": key})
