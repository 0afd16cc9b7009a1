"""The register's reference data on pages: service types, client groups, specialisms and localities,
added, renamed, retired and restored by an administrator or procurement officer, each with its history."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commissioning.core.errors import form_errors_from
from commissioning.core.permissions import allow_roles

from . import rules, selectors
from .forms import LocalityForm, ReferenceNameForm, ServiceTypeForm
from .services import REFERENCE_KINDS, reference_item_save, reference_item_set_retired

MODEL_FORMS = {"service-types": ServiceTypeForm, "localities": LocalityForm}


def _kind(slug: str):
    kind = REFERENCE_KINDS.get(slug)
    if kind is None:
        raise Http404
    return kind


def _item(kind, pk):
    item = selectors.reference_item(kind.model, pk)
    if item is None:
        raise Http404
    return item


@allow_roles(rules.MANAGE_REFERENCE)
def reference_index(request):
    """The lists of reference data the council keeps."""
    lists = [(kind, selectors.reference_items(kind.model).filter(retired=False).count())
             for kind in REFERENCE_KINDS.values()]
    return render(request, "providers/reference_index.html", {"lists": lists})


@allow_roles(rules.MANAGE_REFERENCE)
def reference_list(request, kind):
    kind = _kind(kind)
    return render(request, "providers/reference_list.html", {
        "kind": kind, "items": selectors.reference_items(kind.model)})


@allow_roles(rules.MANAGE_REFERENCE)
def reference_edit(request, kind, pk=None):
    """Add an item, or rename one (its code, and the services that have it, stay the same)."""
    kind = _kind(kind)
    item = _item(kind, pk) if pk else kind.model()
    typed = kind.slug in MODEL_FORMS
    if typed:
        form = MODEL_FORMS[kind.slug](request.POST or None, instance=item)
    else:
        form = ReferenceNameForm(request.POST or None, initial={"name": item.name}, singular=kind.singular)
    if request.method == "POST" and form.is_valid():
        if typed:
            item = form.instance
        else:
            item.name = form.cleaned_data["name"]
        try:
            saved = reference_item_save(item=item, by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"{saved} saved")
            return redirect("providers:reference_list", kind=kind.slug)
    return render(request, "providers/reference_form.html", {
        "kind": kind, "item": item, "form": form,
        "history": selectors.reference_history(item=item)[:100] if item.pk else []})


@allow_roles(rules.MANAGE_REFERENCE)
@require_POST
def reference_retire(request, kind, pk):
    """Retire an item (kept on the services that have it, offered for no new ones) or restore it."""
    kind = _kind(kind)
    item = _item(kind, pk)
    retire = request.POST.get("retired") == "yes"
    try:
        reference_item_set_retired(item=item, retired=retire, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{item} {'retired' if retire else 'restored'}")
    return redirect("providers:reference_edit", kind=kind.slug, pk=item.pk)
