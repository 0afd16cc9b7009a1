"""Pages of the directory: the public search, service pages and proposal form (no sign-in), the
officers' moderation pages, and the provider portal's listing pages."""
from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from commissioning.core.errors import form_errors_from
from commissioning.core.pagination import paginate
from commissioning.core.permissions import allow_anonymous, allow_roles

from . import rules, selectors, services
from .choices import ListingKind, ProposalStatus
from .domain.geo import distance_words
from .forms import (
    ChangeProposalForm,
    CommunityListingForm,
    DecisionForm,
    DescribedForm,
    ProposalForm,
    SearchForm,
    WithdrawForm,
)
from .models import Listing

PER_PAGE = 20


def _needs_shown(listing: Listing, names: dict) -> dict:
    return {what: [names.get(code, code) for code in Listing.codes(getattr(listing, column))]
            for what, column in (("types", "service_type_codes"), ("groups", "client_group_codes"),
                                 ("specialisms", "specialism_codes"))}


def _result(listing: Listing, names: dict, back: str, near: bool) -> dict:
    """One result's words, worked out here rather than in the template (one loop, no includes)."""
    vacancies = ""
    if listing.vacancies_week:
        beds = listing.beds_vacant or 0
        vacancies = (f"{beds} vacant bed{'s' if beds != 1 else ''}" if beds else "No vacant beds") + \
            f", week of {listing.vacancies_week.day} {listing.vacancies_week:%B %Y}"
    rating = ""
    if listing.cqc_rating:
        rating = listing.cqc_rating.label + (f" ({listing.cqc_rating_date:%B %Y})" if listing.cqc_rating_date else "")
    return {"listing": listing, "url": f"{reverse('directory:listing', args=[listing.pk])}?{back}",
            "types": ", ".join(names.get(c, c) for c in Listing.codes(listing.service_type_codes)),
            "rating": rating, "vacancies": vacancies,
            "distance": distance_words(listing.distance_km) if near else ""}


def _plain_fields(form) -> list[dict]:
    """The search form's fields as plain values for one template loop: rendering each widget and option
    through Django's widget templates costs more than the search itself (ADR 0022)."""
    fields = []
    for bound in form:
        field, widget = bound.field, bound.field.widget
        value = bound.value()
        chosen = {str(v) for v in value} if isinstance(value, (list, tuple)) else {"" if value is None else str(value)}
        kind = ("checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else
                "radios" if isinstance(widget, forms.RadioSelect) else
                "checkbox" if isinstance(widget, forms.CheckboxInput) else
                "select" if isinstance(widget, forms.Select) else "text")
        fields.append({
            "name": bound.html_name, "id": bound.auto_id, "label": field.label, "hint": field.help_text,
            "kind": kind, "value": "" if value is None or kind != "text" else value,
            "checked": kind == "checkbox" and bool(value) and value not in ("", "False", "false"),
            "errors": bound.errors,
            "options": _options_html(kind, bound, getattr(field, "choices", []) or [], chosen),
        })
    return fields


def _options_html(kind: str, bound, choices, chosen: set[str]):
    """A select's options, or a fieldset's radios or checkboxes, as GOV.UK markup in one pass."""
    if kind == "select":
        selected = mark_safe(" selected")  # noqa: S308 - a constant attribute
        return format_html_join("", '<option value="{}"{}>{}</option>',
                                ((v, selected if str(v) in chosen else "", label) for v, label in choices))
    if kind not in ("radios", "checkboxes"):
        return ""
    part, kind_type = ("radios", "radio") if kind == "radios" else ("checkboxes", "checkbox")
    checked = mark_safe(" checked")  # noqa: S308 - a constant attribute
    return format_html_join(
        "", '<div class="govuk-{0}__item"><input class="govuk-{0}__input" id="{1}_{2}" name="{3}" type="{4}" '
            'value="{5}"{6}><label class="govuk-label govuk-{0}__label" for="{1}_{2}">{7}</label></div>',
        ((part, bound.auto_id, i, bound.html_name, kind_type, v, checked if str(v) in chosen else "",
          label) for i, (v, label) in enumerate(choices)))


@allow_anonymous
def search(request):
    """Find care and support by need, place and name, with filters; nearest first when a place is given."""
    asked = any(request.GET.get(k) for k in SearchForm.base_fields)
    form = SearchForm(request.GET if asked else None)
    context = {"form": form, "asked": asked, "fields": _plain_fields(form)}
    if asked and form.is_valid():
        wanted = form.search()
        rows = selectors.CountedRows(selectors.search_listings(wanted), request.GET.get("page"), PER_PAGE)
        page = paginate(request, rows, per_page=PER_PAGE)
        names = selectors.need_names()
        back = urlencode({"back": request.get_full_path()})
        page["results"] = [_result(listing, names, back, bool(wanted.place)) for listing in page["page_obj"]]
        context.update(page, search=wanted)
    return render(request, "directory/search.html", context)


def _public_listing(pk: int) -> Listing:
    try:
        return selectors.published_listing(pk)
    except Listing.DoesNotExist:
        raise Http404 from None


@allow_anonymous
def listing(request, pk):
    """One service: what, where, for whom, quality, vacancies, price, contact and accessibility."""
    item = _public_listing(pk)
    return render(request, "directory/listing.html", {
        "listing": item, "needs": _needs_shown(item, selectors.need_names()),
        "back": request.GET.get("back", "") if request.GET.get("back", "").startswith("/directory/") else ""})


PROPOSALS_LIMITED = ("You have sent as many proposals as we take from one place in a while. "
                     "Try again tomorrow, or email the council's directory team.")


def _proposal_allowed(request, form) -> bool:
    """Whether this address may send another proposal now (ACCOUNT_RATE_LIMITS["directory_proposal"]); if
    not, the form says so and nothing is saved. Only a proposal that would be saved counts."""
    if ratelimit.consume(request, action="directory_proposal"):
        return True
    form.add_error(None, PROPOSALS_LIMITED)
    return False


def _status(form) -> int:
    return 429 if form.is_bound and PROPOSALS_LIMITED in form.non_field_errors() else 200


@allow_anonymous
def propose(request):
    """An organisation proposes its community or voluntary service; an officer checks it before it shows."""
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _proposal_allowed(request, form):
        try:
            services.proposal_submit(changes=form.values(), proposer_name=form.cleaned_data["proposer_name"],
                                     proposer_email=form.cleaned_data["proposer_email"], by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect("directory:proposed")
    return render(request, "directory/propose.html", {"form": form, "title": "Add your service to the directory"},
                  status=_status(form))


@allow_anonymous
def propose_change(request, pk):
    """The owner of a community listing proposes changes to it (or says it is still right)."""
    item = _public_listing(pk)
    if item.kind != ListingKind.COMMUNITY:
        raise Http404
    form = ChangeProposalForm(request.POST or None, initial=ChangeProposalForm.initial_for(item))
    if request.method == "POST" and form.is_valid() and _proposal_allowed(request, form):
        try:
            services.proposal_submit(listing=item, changes=form.values(),
                                     proposer_name=form.cleaned_data["proposer_name"],
                                     proposer_email=form.cleaned_data["proposer_email"], by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect("directory:proposed")
    return render(request, "directory/propose.html", {"form": form, "listing": item,
                                                      "title": f"Tell us what has changed: {item.name}"},
                  status=_status(form))


@allow_anonymous
def proposed(request):
    """What happens next after a proposal."""
    return render(request, "directory/proposed.html")


@allow_anonymous
def open_data(request):
    """The directory as open data: the CSV under the Open Government Licence and the Open Referral UK API."""
    return render(request, "directory/open_data.html", {"count": selectors.published_listings().count()})


# Officers -----------------------------------------------------------------------------------------


@allow_roles(rules.MODERATE)
def manage(request):
    """Proposals to decide, listings due a check, and the community listings."""
    user = request.user
    community = selectors.listings(user=user).filter(kind=ListingKind.COMMUNITY).order_by("name")
    return render(request, "directory/manage.html", {
        "proposals": selectors.pending_proposals(user=user),
        "due": selectors.listings_due_check(user=user).order_by("verified_on", "name")[:50],
        "due_count": selectors.listings_due_check(user=user).count(),
        **paginate(request, community, per_page=25),
    })


def _managed(request, pk) -> Listing:
    return get_object_or_404(selectors.listings(user=request.user), pk=pk)


@allow_roles(rules.MODERATE)
def listing_add(request):
    """An officer adds a community or voluntary service; it shows at once."""
    form = CommunityListingForm(request.POST or None, initial={"accepts_council_funded": True,
                                                               "accepts_self_funders": True})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.listing_create(by=request.user, values=form.values())
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"{item.name} is in the directory.")
            return redirect(item)
    return render(request, "govuk/simple_form.html", {"form": form, "title": "Add a community or voluntary service",
                                                      "button": "Add to the directory",
                                                      "back": "/directory/manage/"})


@allow_roles(rules.MODERATE)
def listing_edit(request, pk):
    """An officer changes a listing: every field of a community listing, what a care service says about
    itself (the rest comes from the register). Saving counts as checking it."""
    item = _managed(request, pk)
    form_class = CommunityListingForm if item.kind == ListingKind.COMMUNITY else DescribedForm
    form = form_class(request.POST or None, initial=form_class.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(listing=item, by=request.user, values=form.values())
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"{item.name} is changed and marked as checked today.")
            return redirect("directory:manage")
    return render(request, "govuk/simple_form.html", {"form": form, "title": f"Change {item.name}",
                                                      "button": "Save and mark as checked",
                                                      "back": "/directory/manage/"})


@allow_roles(rules.MODERATE)
def listing_verify(request, pk):
    """An officer records that a listing is still right."""
    item = _managed(request, pk)
    if request.method == "POST":
        services.listing_verify(listing=item, by=request.user)
        messages.success(request, f"{item.name} is marked as checked today.")
    return redirect("directory:manage")


@allow_roles(rules.MODERATE)
def listing_withdraw(request, pk):
    """Take a community listing out of the directory, with the reason, or put it back."""
    item = _managed(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and item.kind == ListingKind.COMMUNITY and not item.published:
        services.listing_set_published(listing=item, published=True, by=request.user)
        messages.success(request, f"{item.name} is back in the directory.")
        return redirect("directory:manage")
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_set_published(listing=item, published=False, by=request.user,
                                           note=form.cleaned_data["note"])
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"{item.name} is no longer shown in the directory.")
            return redirect("directory:manage")
    return render(request, "govuk/simple_form.html", {"form": form, "title": f"Take {item.name} out of the directory",
                                                      "button": "Take it out", "back": "/directory/manage/"})


@allow_roles(rules.MODERATE)
def proposal(request, pk):
    """Decide a proposal: what was sent beside the listing as it is."""
    item = get_object_or_404(selectors.proposals(user=request.user), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and item.status == ProposalStatus.PENDING and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if form.cleaned_data["decision"] == "approve":
                published = services.proposal_approve(proposal=item, by=request.user, note=note)
                messages.success(request, f"{published.name} is published.")
            else:
                services.proposal_reject(proposal=item, by=request.user, note=note)
                messages.success(request, "The proposal is rejected and the proposer is told why.")
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect("directory:manage")
    names = selectors.need_names()
    rows = []
    for name, value in item.changes.items():
        rows.append({"label": _LABELS.get(name, name.replace("_", " ").capitalize()),
                     "now": _shown(name, getattr(item.listing, name), names) if item.listing_id else "",
                     "proposed": _shown(name, value, names)})
    return render(request, "directory/proposal.html", {"proposal": item, "form": form, "rows": rows})


_LABELS = {"service_type_codes": "Type of support", "client_group_codes": "Who it is for",
           "specialism_codes": "Needs it specialises in", "self_funder_price_pence": "Price for self-funders",
           "price_unit": "Price is for", "organisation_name": "Organisation",
           "accepts_council_funded": "Takes people the council funds",
           "accepts_self_funders": "Takes people paying for themselves", "description": "What the service does"}


def _shown(name: str, value, names: dict) -> str:
    from commissioning.core.money import format_pounds

    from .choices import PriceUnit

    if name.endswith("_codes"):
        return ", ".join(names.get(c, c) for c in Listing.codes(value)) or "None"
    if name == "self_funder_price_pence":
        return format_pounds(value) if value is not None else "Not given"
    if name == "price_unit":
        return str(PriceUnit(value).label) if value else "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value) if value not in (None, "") else "Not given"


# Provider portal ----------------------------------------------------------------------------------


@allow_roles(rules.PROVIDER)
def portal(request):
    """A provider's services as the public sees them, with when each was last checked."""
    own = selectors.listings(user=request.user).order_by("name")
    return render(request, "directory/portal.html", {
        "listings": own, "due": set(selectors.listings_due_check(user=request.user).values_list("pk", flat=True)),
        "pending": set(selectors.pending_proposals(user=request.user).values_list("listing_id", flat=True))})


@allow_roles(rules.PROVIDER)
def portal_listing(request, pk):
    """A provider proposes changes to what its service's listing says (checked by an officer before it
    shows), or confirms that it is still right."""
    item = get_object_or_404(selectors.listings(user=request.user), pk=pk)
    if request.method == "POST" and request.POST.get("action") == "verify":
        services.listing_verify(listing=item, by=request.user)
        messages.success(request, f"Thank you: {item.name} is marked as checked today.")
        return redirect("directory:portal")
    form = DescribedForm(request.POST or None, initial=DescribedForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_submit(listing=item, changes=form.values(), by=request.user,
                                     proposer_name=request.user.get_full_name() or request.user.username,
                                     proposer_email=request.user.email or item.provider.contact_email)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Your changes are sent. The council checks them before they show.")
            return redirect("directory:portal")
    return render(request, "directory/portal_listing.html", {"listing": item, "form": form})
