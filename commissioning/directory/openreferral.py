"""The directory in Open Referral UK 3.0 (HSDS 3.0 with the UK profile): services, organisations,
locations, service-at-locations, taxonomies and terms, as the profile's JSON and its CSV tables.

Identifiers are UUIDs, as the profile requires: a listing keeps its own; everything derived from it
(its location, address, service-at-location, cost option, attributes) and the organisations and
taxonomy terms taken from the register are name-based UUIDs (uuid5), so they stay the same between
calls and downloads."""
from __future__ import annotations

import math
import uuid
from decimal import Decimal

from django.conf import settings

from .models import Listing

PROFILE_VERSION = "3.0"
PROFILE_URL = "https://github.com/openreferral/uk-profile"
NAMESPACE = uuid.UUID("6a0f6c2e-7b0e-5d1c-9f6b-2f0d3c9a8e41")

# The register's three classifications, each published as one taxonomy.
TAXONOMIES = [
    ("service_type_codes", "service-types", "Service types",
     "The kinds of care and support the council commissions and lists (for example care homes, home care)."),
    ("client_group_codes", "client-groups", "Client groups",
     "The groups of people a service is for, by primary support reason."),
    ("specialism_codes", "specialisms", "Specialisms", "Needs a service is equipped to meet (for example dementia)."),
]
TAXONOMY_BY_COLUMN = {column: slug for column, slug, _, _ in TAXONOMIES}


def _id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def taxonomy_id(slug: str) -> str:
    return _id("taxonomy", slug)


def term_id(slug: str, code: str) -> str:
    return _id("term", slug, code)


def organization_id(listing: Listing) -> str:
    if listing.provider_id:
        return _id("provider", listing.provider_id)
    return _id("organisation", " ".join(listing.organisation_name.lower().split()))


def location_id(listing: Listing) -> str:
    return _id("location", listing.uuid)


def service_at_location_id(listing: Listing) -> str:
    return _id("service-at-location", listing.uuid)


def _clean(record: dict) -> dict:
    """Leave out empty values: the profile's optional fields are absent rather than blank."""
    return {k: v for k, v in record.items() if v not in (None, "", [])}


def taxonomy(slug: str, name: str, description: str) -> dict:
    return {"id": taxonomy_id(slug), "name": name, "description": description,
            "uri": f"{settings.SITE_URL.rstrip('/')}/openreferral/taxonomies/{taxonomy_id(slug)}",
            "version": "1"}


def taxonomies() -> list[dict]:
    return [taxonomy(slug, name, description) for _, slug, name, description in TAXONOMIES]


def taxonomy_terms(names: dict[str, dict[str, str]]) -> list[dict]:
    """Every term of the three taxonomies: `names` maps a taxonomy's slug to its {code: name}."""
    terms = []
    for _, slug, taxonomy_name, _ in TAXONOMIES:
        for code, name in sorted(names.get(slug, {}).items(), key=lambda item: item[1]):
            terms.append(term(slug, code, name, taxonomy_name))
    return terms


def term(slug: str, code: str, name: str, taxonomy_name: str) -> dict:
    return {"id": term_id(slug, code), "name": name, "description": f"{taxonomy_name}: {name}",
            "taxonomy": taxonomy_name, "taxonomy_id": taxonomy_id(slug), "term": code}


def organization(listing: Listing) -> dict:
    description = ("A care provider registered with the Care Quality Commission" if listing.cqc_location_id
                   else "An organisation providing care or support")
    provider = listing.provider if listing.provider_id else None
    return _clean({"id": organization_id(listing), "name": listing.organisation_name,
                   "description": description,
                   "email": provider.contact_email if provider else "",
                   "website": provider.website if provider else ""})


def _status(listing: Listing) -> str:
    return "active" if listing.published else "inactive"


def _last_modified(listing: Listing) -> str:
    return listing.updated_at.isoformat().replace("+00:00", "Z")


def service_list_item(listing: Listing) -> dict:
    """A service with its one-to-one fields and its organisation (`compiled/service_list.json`)."""
    return _clean({
        "id": str(listing.uuid), "organization_id": organization_id(listing), "name": listing.name,
        "description": listing.description or f"{listing.name}, run by {listing.organisation_name}.",
        "url": listing.website, "email": listing.email, "status": _status(listing),
        "accreditations": (f"Care Quality Commission rating: {listing.cqc_rating.label}"
                           f"{', ' + listing.cqc_rating_date.strftime('%-d %B %Y') if listing.cqc_rating_date else ''}"
                           if listing.cqc_rating else ""),
        "assured_date": listing.verified_on.isoformat() if listing.verified_on else "",
        "alert": (f"{listing.beds_vacant} vacant bed{'s' if listing.beds_vacant != 1 else ''} in the week starting "
                  f"{listing.vacancies_week:%-d %B %Y}" if listing.vacancies_week else ""),
        "last_modified": _last_modified(listing),
        "organization": organization(listing),
    })


def location(listing: Listing) -> dict:
    lid = location_id(listing)
    address = _clean({"id": _id("address", listing.uuid), "location_id": lid, "address_1": listing.address_line_1,
                      "city": listing.town, "region": listing.address_line_2,
                      "state_province": "England", "postal_code": listing.postcode, "country": "GB",
                      "address_type": "physical"})
    accessibility = ([{"id": _id("accessibility", listing.uuid), "location_id": lid,
                       "description": listing.accessibility}] if listing.accessibility else [])
    return _clean({"id": lid, "location_type": "physical", "name": listing.name,
                   "latitude": listing.latitude, "longitude": listing.longitude,
                   "external_identifier": listing.cqc_location_id,
                   "external_identifier_type": "CQC location ID" if listing.cqc_location_id else "",
                   "addresses": [address], "accessibility": accessibility})


def attributes(listing: Listing, names: dict[str, dict[str, str]]) -> list[dict]:
    out = []
    for column, slug, taxonomy_name, _ in TAXONOMIES:
        for code in Listing.codes(getattr(listing, column)):
            tid = term_id(slug, code)
            out.append({"id": _id("attribute", listing.uuid, slug, code), "link_id": str(listing.uuid),
                        "taxonomy_term_id": tid, "link_type": "service",
                        "taxonomy_term": term(slug, code, names.get(slug, {}).get(code, code), taxonomy_name)})
    return out


def cost_options(listing: Listing) -> list[dict]:
    if listing.self_funder_price_pence is None:
        return []
    unit = listing.get_price_unit_display() or ""
    return [_clean({"id": _id("cost", listing.uuid), "service_id": str(listing.uuid), "option": "Self-funder price",
                    "amount": float(Decimal(listing.self_funder_price_pence) / 100),
                    "amount_description": f"£{Decimal(listing.self_funder_price_pence) / 100:,.2f} {unit}".strip()})]


def funding(listing: Listing) -> list[dict]:
    sources = []
    if listing.accepts_council_funded:
        sources.append("Council-funded places")
    if listing.accepts_self_funders:
        sources.append("People paying for themselves")
    return [{"id": _id("funding", listing.uuid, s), "service_id": str(listing.uuid), "source": s} for s in sources]


def contacts(listing: Listing) -> list[dict]:
    if not listing.telephone:
        return []
    return [{"id": _id("contact", listing.uuid), "service_id": str(listing.uuid), "name": listing.name,
             "title": f"Telephone {listing.telephone}"}]


def service_at_location(listing: Listing) -> dict:
    return {"id": service_at_location_id(listing), "service_id": str(listing.uuid),
            "location_id": location_id(listing), "location": location(listing)}


def service_full(listing: Listing, names: dict[str, dict[str, str]]) -> dict:
    """A fully nested service (`compiled/service.json`)."""
    return _clean({**service_list_item(listing), "service_at_locations": [service_at_location(listing)],
                   "funding": funding(listing), "cost_options": cost_options(listing),
                   "contacts": contacts(listing), "attributes": attributes(listing, names)})


def service_at_location_list_item(listing: Listing) -> dict:
    """A service at a location with both (`compiled/service_at_location_list.json`)."""
    entry = service_at_location(listing)
    return {**entry, "location": {k: v for k, v in entry["location"].items()
                                  if k not in ("addresses", "accessibility")},
            "service": service_list_item(listing)}


def page(items: list, *, total: int, number: int, per_page: int) -> dict:
    """The profile's paging envelope (`components/schemas/Page` of its OpenAPI document)."""
    pages = max(1, math.ceil(total / per_page)) if per_page else 1
    return {"total_items": total, "total_pages": pages, "page_number": number, "size": len(items),
            "first_page": number == 1, "last_page": number >= pages, "empty": total == 0, "contents": items}


# The CSV form: one table per object, with the columns of the profile's own examples/csv files.
CSV_TABLES = {
    "services": ["id", "organization_id", "name", "description", "url", "email", "status", "fees",
                 "accreditations", "minimum_age", "maximum_age", "assured_date", "assurer_email", "alert",
                 "last_modified"],
    "organizations": ["id", "name", "description", "email", "website", "logo", "uri", "parent_organization_id"],
    "locations": ["id", "location_type", "name", "description", "latitude", "longitude", "external_identifier",
                  "external_identifier_type"],
    "service_at_location": ["id", "service_id", "location_id"],
    "addresses": ["id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province",
                  "postal_code", "country", "address_type"],
    "accessibility": ["id", "location_id", "description", "details", "url", "accessibility"],
    "cost_options": ["id", "service_id", "valid_from", "valid_to", "option", "amount", "amount_description"],
    "funding": ["id", "service_id", "source"],
    "attribute": ["id", "link_id", "taxonomy_term_id", "link_type"],
    "taxonomies": ["id", "name", "description", "uri", "version"],
    "taxonomy_terms": ["id", "name", "description", "parent_id", "taxonomy", "taxonomy_id", "term_uri", "term"],
}


def csv_rows(listings, names: dict[str, dict[str, str]]) -> dict[str, list[dict]]:
    """Every table's rows for `listings` (organisations once each)."""
    tables = {name: [] for name in CSV_TABLES}
    organisations = {}
    for listing in listings:
        item = service_list_item(listing)
        tables["services"].append({k: v for k, v in item.items() if k != "organization"})
        organisations[item["organization_id"]] = item["organization"]
        place = location(listing)
        tables["locations"].append({k: v for k, v in place.items() if k not in ("addresses", "accessibility")})
        tables["addresses"].extend(place.get("addresses", []))
        tables["accessibility"].extend(place.get("accessibility", []))
        tables["service_at_location"].append({"id": service_at_location_id(listing), "service_id": str(listing.uuid),
                                              "location_id": place["id"]})
        tables["cost_options"].extend(cost_options(listing))
        tables["funding"].extend(funding(listing))
        tables["attribute"].extend({k: v for k, v in a.items() if k != "taxonomy_term"}
                                   for a in attributes(listing, names))
    tables["organizations"] = list(organisations.values())
    tables["taxonomies"] = taxonomies()
    tables["taxonomy_terms"] = taxonomy_terms(names)
    return tables
