"""The Open Referral UK 3.0 API: read-only, public, paged as the profile says (`page`, `per_page`;
`total_items` … `contents`). Reads published listings only, through the directory's selectors."""
from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone

from commissioning.core.csv_export import safe_writer
from commissioning.core.permissions import allow_anonymous

from .. import openreferral as oruk
from .. import selectors

PER_PAGE, MOST_PER_PAGE = 50, 500


class BadRequest(Exception):
    pass


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _paging(request) -> tuple[int, int]:
    try:
        number = int(request.GET.get("page") or 1)
        per_page = int(request.GET.get("per_page") or PER_PAGE)
    except ValueError:
        raise BadRequest("page and per_page must be whole numbers") from None
    if number < 1 or per_page < 1:
        raise BadRequest("page and per_page must be 1 or more")
    return number, min(per_page, MOST_PER_PAGE)


def _paged(request, rows, render) -> dict:
    number, per_page = _paging(request)
    total = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    chunk = list(rows[(number - 1) * per_page: number * per_page])
    return oruk.page([render(item) for item in chunk], total=total, number=number, per_page=per_page)


def answers_errors(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            return _json({"detail": str(error)}, status=400)
        except Http404:
            return _json({"detail": "Not found."}, status=404)
    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return allow_anonymous(wrapped)


def _term(value: str) -> tuple[str, str] | None:
    """(column, code) of a taxonomy term identifier, or None when no term has it."""
    for column, slug, _, _ in oruk.TAXONOMIES:
        for code in selectors.taxonomy_names()[slug]:
            if oruk.term_id(slug, code) == value:
                return column, code
    return None


def _filtered(request):
    """Published listings narrowed by `search`, `taxonomy_term_id`, `taxonomy_id`, `organization_id`,
    and `postcode` with `proximity` (metres; nearest first)."""
    wanted = selectors.Search(name=request.GET.get("search", ""))
    postcode = request.GET.get("postcode", "").strip()
    if postcode:
        place = selectors.place_for(postcode)
        if place is None:
            raise BadRequest("postcode is not a postcode or postcode district that we know")
        wanted.place = place
        try:
            wanted.radius_km = float(request.GET.get("proximity") or 10_000) / 1000
        except ValueError:
            raise BadRequest("proximity must be a number of metres") from None
        if wanted.radius_km <= 0:
            raise BadRequest("proximity must be more than 0 metres")
    rows = selectors.search_listings(wanted)
    term_value = request.GET.get("taxonomy_term_id")
    if term_value:
        found = _term(term_value)
        if found is None:
            return rows.none()
        rows = rows.filter(**{f"{found[0]}__contains": f"|{found[1]}|"})
    taxonomy_value = request.GET.get("taxonomy_id")
    if taxonomy_value:
        column = next((c for c, slug, _, _ in oruk.TAXONOMIES if oruk.taxonomy_id(slug) == taxonomy_value), None)
        rows = rows.exclude(**{column: ""}) if column else rows.none()
    organisation = request.GET.get("organization_id")
    if organisation:
        ids = [item.pk for item in rows.only("pk", "provider_id", "organisation_name")
               if oruk.organization_id(item) == organisation]
        rows = rows.filter(pk__in=ids)
    return rows.select_related("provider")


@answers_errors
def root(request):
    """Which version of Open Referral UK this API speaks."""
    return _json({"version": oruk.PROFILE_VERSION, "profile": oruk.PROFILE_URL,
                  "openapi_url": "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"})


@answers_errors
def services(request):
    """Services, paged, with their one-to-one fields and organisation."""
    return _json(_paged(request, _filtered(request), oruk.service_list_item))


@answers_errors
def service(request, pk):
    """One service, fully nested."""
    listing = selectors.published_by_uuid(pk)
    if listing is None:
        raise Http404
    return _json(oruk.service_full(listing, selectors.taxonomy_names()))


@answers_errors
def service_at_locations(request):
    """Services at their locations, paged; nearest first within `proximity` metres of `postcode`."""
    return _json(_paged(request, _filtered(request), oruk.service_at_location_list_item))


@answers_errors
def service_at_location(request, pk):
    """The service at one service-at-location, fully nested (as the profile's OpenAPI document says)."""
    listing = next((item for item in selectors.published_listings().only("pk", "uuid").iterator(chunk_size=5000)
                    if oruk.service_at_location_id(item) == str(pk)), None)
    if listing is None:
        raise Http404
    listing = selectors.published_by_uuid(listing.uuid)
    return _json(oruk.service_full(listing, selectors.taxonomy_names()))


def _organisations() -> dict[str, dict]:
    """Every organisation with a published service, once each, by identifier, in name order."""
    found = {}
    for listing in selectors.published_listings().select_related("provider").order_by("organisation_name", "pk"):
        found.setdefault(oruk.organization_id(listing), oruk.organization(listing))
    return found


@answers_errors
def organizations(request):
    """Organisations with published services, paged."""
    return _json(_paged(request, list(_organisations().values()), lambda o: o))


@answers_errors
def organization(request, pk):
    """One organisation with its services."""
    found = _organisations().get(str(pk))
    if found is None:
        raise Http404
    own = [oruk.service_list_item(item) for item in selectors.published_listings().select_related("provider")
           if oruk.organization_id(item) == str(pk)]
    return _json({**found, "services": [{k: v for k, v in s.items() if k != "organization"} for s in own]})


@answers_errors
def taxonomies(request):
    """The three taxonomies the directory classifies services by."""
    return _json(_paged(request, oruk.taxonomies(), lambda t: t))


@answers_errors
def taxonomy(request, pk):
    found = next((t for t in oruk.taxonomies() if t["id"] == str(pk)), None)
    if found is None:
        raise Http404
    return _json(found)


@answers_errors
def taxonomy_terms(request):
    """Every term, paged; `taxonomy_id` narrows to one taxonomy."""
    terms = oruk.taxonomy_terms(selectors.taxonomy_names())
    if request.GET.get("taxonomy_id"):
        terms = [t for t in terms if t["taxonomy_id"] == request.GET["taxonomy_id"]]
    return _json(_paged(request, terms, lambda t: t))


@answers_errors
def taxonomy_term(request, pk):
    found = next((t for t in oruk.taxonomy_terms(selectors.taxonomy_names()) if t["id"] == str(pk)), None)
    if found is None:
        raise Http404
    return _json(found)


def _stamp() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


@answers_errors
def bulk_json(request):
    """The whole directory as one download: every service fully nested, in the profile's JSON form."""
    names = selectors.taxonomy_names()
    items = [oruk.service_full(item, names) for item in selectors.published_listings().select_related("provider")
             .order_by("pk")]
    response = _json(oruk.page(items, total=len(items), number=1, per_page=max(1, len(items))))
    response["Content-Disposition"] = f'attachment; filename="directory-openreferral-{_stamp()}.json"'
    return response


@answers_errors
def bulk_csv(request):
    """The whole directory as the profile's CSV tables, one file per table, in a zip."""
    tables = oruk.csv_rows(selectors.published_listings().select_related("provider").order_by("pk"),
                           selectors.taxonomy_names())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, columns in oruk.CSV_TABLES.items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(tables[name])
            archive.writestr(f"{name}.csv", text.getvalue())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="directory-openreferral-csv-{_stamp()}.zip"'
    return response


OGL_COLUMNS = ["Name", "Organisation", "Kind", "Address", "Town", "Postcode", "Latitude", "Longitude",
               "Types of support", "Who it is for", "Specialisms", "CQC location ID", "CQC rating",
               "CQC rating date", "Vacant beds", "Vacancies for week starting", "Contracted by the council",
               "Takes council-funded", "Takes self-funders", "Self-funder price", "Price is for", "Telephone",
               "Email", "Website", "Accessibility", "Last checked", "Page"]


@answers_errors
def open_data_csv(request):
    """Every published service as one CSV under the Open Government Licence v3.0."""
    names = selectors.need_names()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="directory-services-{_stamp()}.csv"'
    response.write("\ufeff")
    writer = safe_writer(response)
    writer.writerow(OGL_COLUMNS)
    site = request.build_absolute_uri("/").rstrip("/")
    def shown(item, column):
        return "; ".join(names.get(c, c) for c in item.codes(getattr(item, column)))

    for item in selectors.published_listings().order_by("name", "pk").iterator(chunk_size=2000):
        price = item.self_funder_price_pence
        writer.writerow([
            item.name, item.organisation_name, item.get_kind_display(),
            ", ".join(p for p in (item.address_line_1, item.address_line_2) if p), item.town, item.postcode,
            item.latitude if item.latitude is not None else "", item.longitude if item.longitude is not None else "",
            shown(item, "service_type_codes"), shown(item, "client_group_codes"), shown(item, "specialism_codes"),
            item.cqc_location_id, item.cqc_rating.label if item.cqc_rating else "",
            item.cqc_rating_date.isoformat() if item.cqc_rating_date else "",
            "" if item.beds_vacant is None else item.beds_vacant,
            item.vacancies_week.isoformat() if item.vacancies_week else "",
            "Yes" if item.council_contracted else "No", "Yes" if item.accepts_council_funded else "No",
            "Yes" if item.accepts_self_funders else "No",
            f"{Decimal(price) / 100:.2f}" if price is not None else "", item.get_price_unit_display() if price else "",
            item.telephone, item.email, item.website, item.accessibility,
            item.verified_on.isoformat() if item.verified_on else "", site + reverse("directory:listing",
                                                                                      args=[item.pk])])
    return response
