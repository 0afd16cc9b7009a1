"""Pages of the provider register: thin views over the selectors and services."""
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from commissioning.core.audit import Action, audit_record
from commissioning.core.csv_export import safe_writer
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


def _list_page(request, filterset, template, partial, csv_name=None):
    context = {"filter": filterset, "can_edit": rules.can_edit_register(request.user),
               **paginate(request, filterset.qs)}
    if csv_name and rules.can_export_register(request.user):
        query = request.GET.copy()
        query.pop("page", None)
        context["csv_url"] = reverse(csv_name) + (f"?{query.urlencode()}" if query else "")
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, partial, context)
    return render(request, template, context)


@allow_roles(rules.VIEW_REGISTER)
def provider_list(request):
    filterset = ProviderFilterSet(request.GET or None, queryset=select_providers(user=request.user))
    return _list_page(request, filterset, "providers/provider_list.html", "providers/_provider_results.html",
                      "providers:provider_csv")


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
    return _list_page(request, filterset, "providers/service_list.html", "providers/_service_results.html",
                      "providers:service_csv")


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


def _filters_described(filterset) -> str:
    chosen = [f"{filterset.filters[name].label}: {value}" for name, value in filterset.form.cleaned_data.items()
              if value not in (None, "") and name in filterset.filters] if filterset.is_bound else []
    return "; ".join(chosen) or "no filters"


def _csv_response(request, *, filename: str, header: list[str], rows, what: str, filterset) -> HttpResponse:
    """A CSV download of the list as filtered, formula-safe, and audited as an export."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localdate():%Y-%m-%d}.csv"'
    writer = safe_writer(response)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    audit_record(actor=request.user, action=Action.EXPORTED, obj=request.user,
                 note=f"{what} downloaded as CSV: {count} row(s); {_filters_described(filterset)}")
    return response


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


@allow_roles(rules.EXPORT_REGISTER)
def provider_csv(request):
    """The provider list, with the page's filters applied, as CSV."""
    filterset = ProviderFilterSet(request.GET or None, queryset=select_providers(user=request.user))
    rows = ([p.name, p.legal_name, p.companies_house_number, p.cqc_provider_id or "", p.get_status_display(),
             p.service_count, p.total_beds or 0, p.total_hours or 0, p.contact_name, p.contact_email,
             p.contact_phone, "Yes" if p.new_placements_suspended else "No"] for p in filterset.qs.iterator())
    return _csv_response(request, filename="providers", what="Providers", filterset=filterset, rows=rows, header=[
        "Trading name", "Legal name", "Companies House number", "CQC provider ID", "Status", "Services", "Beds",
        "Hours a week", "Main contact", "Main contact email", "Main contact telephone", "New placements suspended"])


@allow_roles(rules.EXPORT_REGISTER)
def service_csv(request):
    """The service list, with the page's filters applied, as CSV."""
    filterset = ServiceFilterSet(request.GET or None, queryset=select_services(user=request.user))
    rows = ([s.name, s.provider.name, s.cqc_location_id or "", s.get_status_display(),
             ", ".join(t.name for t in s.service_types.all()), s.address_line_1, s.town, s.postcode,
             s.locality.name if s.locality else "", s.beds or "", s.hours_per_week or "",
             s.get_cqc_rating_display() if s.cqc_rating else "", _date(s.cqc_rating_date),
             s.get_council_rag_display() if s.council_rag else ""] for s in filterset.qs)
    return _csv_response(request, filename="services", what="Services", filterset=filterset, rows=rows, header=[
        "Service", "Provider", "CQC location ID", "Status", "Service types", "Address line 1", "Town or city",
        "Postcode", "Locality", "Beds", "Hours a week", "CQC rating", "CQC rating date", "Council RAG rating"])
