"""Pages of the provider register: thin views over the selectors and services."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from commissioning.core.pagination import paginate
from commissioning.core.permissions import allow_roles
from commissioning.core.workflow import TransitionNotAllowed

from . import rules
from .filtersets import ProviderFilterSet, ServiceFilterSet
from .forms import ProviderForm, ServiceForm
from .models import Service
from .selectors import (
    provider_history,
    provider_scope,
    service_history,
    service_scope,
)
from .selectors import (
    provider_list as select_providers,
)
from .selectors import (
    service_list as select_services,
)
from .services import provider_save, service_save


def _list_page(request, filterset, template, partial):
    context = {"filter": filterset, "can_edit": rules.can_edit_register(request.user),
               **paginate(request, filterset.qs)}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, partial, context)
    return render(request, template, context)


@allow_roles(rules.VIEW_REGISTER)
def provider_list(request):
    filterset = ProviderFilterSet(request.GET or None, queryset=select_providers(user=request.user))
    return _list_page(request, filterset, "providers/provider_list.html", "providers/_provider_results.html")


@allow_roles(rules.VIEW_REGISTER)
def provider_detail(request, pk):
    provider = get_object_or_404(provider_scope(user=request.user), pk=pk)
    services = service_scope(user=request.user).filter(provider=provider).prefetch_related("service_types")
    return render(request, "providers/provider_detail.html", {
        "provider": provider, "services": services,
        "history": provider_history(provider=provider)[:100],
        "can_edit": rules.can_edit_register(request.user),
    })


@allow_roles(rules.EDIT_REGISTER)
def provider_edit(request, pk=None):
    provider = get_object_or_404(provider_scope(user=request.user), pk=pk) if pk else None
    form = ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        try:
            saved = provider_save(provider=form.instance, by=request.user)
        except TransitionNotAllowed as error:
            form.add_error("status", str(error))
        else:
            messages.success(request, f"{saved} saved")
            return redirect(saved)
    return render(request, "providers/provider_form.html", {"form": form, "provider": provider})


@allow_roles(rules.VIEW_REGISTER)
def service_list(request):
    filterset = ServiceFilterSet(request.GET or None, queryset=select_services(user=request.user))
    return _list_page(request, filterset, "providers/service_list.html", "providers/_service_results.html")


@allow_roles(rules.VIEW_REGISTER)
def service_detail(request, pk):
    service = get_object_or_404(
        service_scope(user=request.user).prefetch_related("service_types", "specialisms", "client_groups"), pk=pk
    )
    return render(request, "providers/service_detail.html", {
        "service": service, "history": service_history(service=service)[:100],
        "can_edit": rules.can_edit_register(request.user),
    })


@allow_roles(rules.EDIT_REGISTER)
def service_edit(request, pk=None, provider_pk=None):
    if pk:
        service = get_object_or_404(service_scope(user=request.user), pk=pk)
    else:
        service = Service(provider=get_object_or_404(provider_scope(user=request.user), pk=provider_pk))
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            saved = service_save(service=form.instance, by=request.user, m2m=form.m2m())
        except TransitionNotAllowed as error:
            form.add_error("status", str(error))
        else:
            messages.success(request, f"{saved} saved")
            return redirect(saved)
    return render(request, "providers/service_form.html", {"form": form, "service": service})
