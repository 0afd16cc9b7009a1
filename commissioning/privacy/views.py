"""Data protection pages: find a person, export their record for a subject access request, and see
and apply the retention schedule."""
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from commissioning.core.audit import Source
from commissioning.core.permissions import allow_roles

from . import rules, selectors, services
from .forms import PersonSearchForm


@allow_roles(rules.DATA_PROTECTION)
def index(request):
    form = PersonSearchForm(request.GET or None)
    people = selectors.person_find(text=form.cleaned_data["text"]) if form.is_valid() else []
    return render(request, "privacy/index.html", {
        "form": form, "people": people, "searched": form.is_bound,
        "years": settings.PERSONAL_DATA_RETENTION_YEARS,
    })


@allow_roles(rules.DATA_PROTECTION)
def person_detail(request, pk):
    person = get_object_or_404(selectors.people(), pk=pk)
    return render(request, "privacy/person.html", {"person": person, "record": selectors.subject_access_record(person)})


@require_POST
@allow_roles(rules.DATA_PROTECTION)
def person_export(request, pk):
    person = get_object_or_404(selectors.people(), pk=pk)
    body = services.subject_access_export(person=person, by=request.user)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.reference}.json"'
    return response


@allow_roles(rules.DATA_PROTECTION)
def retention(request):
    today = timezone.localdate()
    if request.method == "POST":
        done = services.retention_anonymise_due(today=today, by=request.user, source=Source.WEB)
        messages.success(request, f"{len(done)} {'record' if len(done) == 1 else 'records'} anonymised")
        return redirect("privacy:retention")
    return render(request, "privacy/retention.html", {
        "due": selectors.people_due_for_anonymisation(today=today), "years": settings.PERSONAL_DATA_RETENTION_YEARS,
        "anonymised": selectors.people().filter(anonymised_at__isnull=False).count(),
    })
