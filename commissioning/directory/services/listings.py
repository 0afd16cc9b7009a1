"""Listings: care listings kept in step with the provider register, community listings written by
officers (or by approving an organisation's proposal)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, audit_record
from commissioning.core.audit import diff as audit_diff
from commissioning.core.audit import snapshot as audit_snapshot
from commissioning.providers import geo
from commissioning.providers.choices import ProviderStatus, ServiceStatus
from commissioning.providers.validators import normalise_postcode

from ..choices import ListingKind
from ..models import COMMUNITY_FIELDS, DESCRIBED, Listing

SHOWN_FIELDS = ["name", "organisation_name", "postcode", *DESCRIBED, "published"]


def _vacancies(service) -> tuple[int | None, object]:
    """The service's latest weekly bed return: (vacant beds, week starting), or (None, None)."""
    from commissioning.intelligence.models import VacancyReturn

    latest = (VacancyReturn.objects.filter(service=service).order_by("-week_start")
              .values_list("beds_vacant", "week_start").first())
    return latest or (None, None)


def _contracted(provider) -> bool:
    """Whether the provider is an active member of one of the council's Approved Provider Lists."""
    from commissioning.procurement.choices import MembershipStatus
    from commissioning.procurement.models import Membership

    return Membership.objects.filter(provider=provider, status=MembershipStatus.ACTIVE).exists()


def _register_values(service, *, contracted: bool | None = None) -> dict:
    provider = service.provider
    vacant, week = _vacancies(service)
    return {
        "kind": ListingKind.CARE, "provider_id": provider.pk, "name": service.name, "organisation_name": provider.name,
        "address_line_1": service.address_line_1, "address_line_2": service.address_line_2, "town": service.town,
        "postcode": service.postcode,
        "latitude": float(service.latitude) if service.latitude is not None else None,
        "longitude": float(service.longitude) if service.longitude is not None else None,
        "service_type_codes": Listing.join_codes(t.code for t in service.service_types.all()),
        "client_group_codes": Listing.join_codes(c.code for c in service.client_groups.all()),
        "specialism_codes": Listing.join_codes(s.code for s in service.specialisms.all()),
        "cqc_location_id": service.cqc_location_id or "", "cqc_rating": service.cqc_rating or "",
        "cqc_rating_date": service.cqc_rating_date, "beds": service.beds, "beds_vacant": vacant,
        "vacancies_week": week,
        "council_contracted": _contracted(provider) if contracted is None else contracted,
        "published": service.status == ServiceStatus.ACTIVE and provider.status == ProviderStatus.ACTIVE,
    }


@transaction.atomic
def listing_sync_service(service, *, contracted: bool | None = None) -> Listing:
    """Create or refresh the care listing of a register service. What the register holds (name,
    address, types, CQC rating, vacancies, whether it is open) is copied; what the provider says about
    it (description, prices, accessibility, contact) is the listing's own and kept. Not audited: the
    register's own save is."""
    values = _register_values(service, contracted=contracted)
    listing = Listing.objects.select_for_update().filter(service=service).first()
    if listing is None:
        return Listing.objects.create(service=service, telephone=service.telephone, website=service.website,
                                      owner_email=service.provider.contact_email,
                                      verified_on=timezone.localdate(), **values)
    changed = [name for name, value in values.items() if getattr(listing, name) != value]
    if changed:
        for name in changed:
            setattr(listing, name, values[name])
        listing.save(update_fields=["provider" if n == "provider_id" else n for n in changed] + ["updated_at"])
    return listing


def listing_sync_provider(provider) -> int:
    """Refresh every care listing of one provider (its status or list membership changed)."""
    contracted = _contracted(provider)
    services = provider.services.prefetch_related("service_types", "client_groups", "specialisms")
    for service in services:
        listing_sync_service(service, contracted=contracted)
    return len(services)


def listing_sync_all() -> int:
    """Refresh every care listing from the register (nightly, and after a CQC import)."""
    from commissioning.providers.models import Provider

    return sum(listing_sync_provider(provider) for provider in Provider.objects.all())


def _place(listing: Listing) -> None:
    normal = normalise_postcode(listing.postcode)
    if not normal:
        raise ValidationError({"postcode": "Enter a real postcode, like DE1 2FS"})
    listing.postcode = normal
    found = geo.coordinates_for(normal)
    if found is None:
        raise ValidationError({"postcode": "We do not know where this postcode is: check it and try again"})
    listing.latitude, listing.longitude = float(found[0]), float(found[1])


def _check_price(listing: Listing) -> None:
    if listing.self_funder_price_pence is not None and not listing.price_unit:
        raise ValidationError({"price_unit": "Say what the price is for: a week, an hour, a session or a day"})


@transaction.atomic
def listing_create(*, by, values: dict, verified: bool = True) -> Listing:
    """Add a community or voluntary listing (an officer, or an approved proposal)."""
    unknown = set(values) - set(COMMUNITY_FIELDS) - {"owner_email"}
    if unknown:
        raise ValueError(f"Not fields of a community listing: {sorted(unknown)}")
    listing = Listing(kind=ListingKind.COMMUNITY, **values)
    _place(listing)
    _check_price(listing)
    listing.full_clean(exclude=["uuid"])
    if verified:
        listing.verified_on = timezone.localdate()
    listing.save()
    audit_record(actor=by, action=Action.CREATED, obj=listing,
                 changes=audit_diff(listing, dict.fromkeys(SHOWN_FIELDS, ""), audit_snapshot(listing, SHOWN_FIELDS)))
    return listing


@transaction.atomic
def listing_update(*, listing: Listing, by, values: dict, verified: bool = True) -> Listing:
    """Change a listing's own fields. A care listing's register fields (name, address, types, rating)
    are refused: they change in the register."""
    allowed = COMMUNITY_FIELDS if listing.kind == ListingKind.COMMUNITY else DESCRIBED
    refused = set(values) - set(allowed) - {"owner_email"}
    if refused:
        raise ValidationError(f"These come from the provider register and change there: {', '.join(sorted(refused))}")
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    before = audit_snapshot(listing, SHOWN_FIELDS)
    for name, value in values.items():
        setattr(listing, name, value)
    if "postcode" in values:
        _place(listing)
    _check_price(listing)
    listing.full_clean(exclude=["uuid"])
    if verified:
        listing.verified_on = timezone.localdate()
    listing.save()
    audit_record(actor=by, action=Action.UPDATED, obj=listing,
                 changes=audit_diff(listing, before, audit_snapshot(listing, SHOWN_FIELDS)))
    return listing


@transaction.atomic
def listing_verify(*, listing: Listing, by) -> Listing:
    """Record that the listing was checked and is still right today."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    listing.verified_on = timezone.localdate()
    listing.save(update_fields=["verified_on", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=listing, note="Checked: still right")
    return listing


@transaction.atomic
def listing_set_published(*, listing: Listing, published: bool, by, note: str = "") -> Listing:
    """Take a community listing out of the directory, or put it back. A care listing follows the
    register (a closed service or an inactive provider is not shown)."""
    if listing.kind != ListingKind.COMMUNITY:
        raise ValidationError("A care service is shown while it is open in the provider register")
    if not published and not note.strip():
        raise ValidationError({"note": "Say why the listing is taken out of the directory"})
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    listing.published = published
    listing.save(update_fields=["published", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=listing, note=note,
                 changes={"Shown in the directory": ["No" if published else "Yes", "Yes" if published else "No"]})
    return listing
