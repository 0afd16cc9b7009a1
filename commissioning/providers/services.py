"""Writes to the register. Each is atomic, takes the acting user, and records an audit event."""
from django.db import transaction

from commissioning.core.audit import Action, Source, audit_record, diff, snapshot

from . import geo
from .models import Provider, Service
from .validators import normalise_postcode

PROVIDER_FIELDS = [
    "name", "legal_name", "companies_house_number", "cqc_provider_id", "status",
    "contact_name", "contact_email", "contact_phone", "website", "address",
]
SERVICE_FIELDS = [
    "provider", "name", "cqc_location_id", "status", "address_line_1", "address_line_2", "town",
    "postcode", "latitude", "longitude", "locality", "service_types", "specialisms",
    "client_groups", "beds", "hours_per_week", "cqc_rating", "cqc_rating_date", "telephone", "website",
]
SERVICE_M2M = ("service_types", "specialisms", "client_groups")


def _blank_to_none(obj, *names):
    for name in names:
        if getattr(obj, name) == "":
            setattr(obj, name, None)


@transaction.atomic
def provider_save(*, provider: Provider, by, source: str = Source.WEB) -> Provider:
    """Create or update a provider, recording what changed."""
    creating = provider.pk is None
    _blank_to_none(provider, "cqc_provider_id")
    before = {} if creating else snapshot(Provider.objects.get(pk=provider.pk), PROVIDER_FIELDS)
    provider.full_clean()
    provider.save()
    after = snapshot(provider, PROVIDER_FIELDS)
    changes = diff(provider, dict.fromkeys(PROVIDER_FIELDS, "") if creating else before, after)
    if creating or changes:
        audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED,
                     obj=provider, changes=changes, source=source)
    return provider


def _place(service: Service) -> None:
    """Normalise the postcode and fill coordinates and locality from it when not given."""
    service.postcode = normalise_postcode(service.postcode) or service.postcode
    if service.latitude is None or service.longitude is None:
        found = geo.coordinates_for(service.postcode)
        if found:
            service.latitude, service.longitude = found
    if service.locality_id is None:
        service.locality = geo.locality_for(service.postcode)


@transaction.atomic
def service_save(*, service: Service, by, m2m: dict | None = None, source: str = Source.WEB,
                 note: str = "") -> Service:
    """Create or update a service and its classifications, recording what changed.

    `m2m` maps service_types / specialisms / client_groups to the new lists; a missing key
    leaves that list as it is.
    """
    creating = service.pk is None
    _blank_to_none(service, "cqc_location_id")
    _place(service)
    before = {f: ([] if f in SERVICE_M2M else "") for f in SERVICE_FIELDS} if creating else snapshot(
        Service.objects.get(pk=service.pk), SERVICE_FIELDS)
    service.full_clean(exclude=list(SERVICE_M2M))
    service.save()
    for name, values in (m2m or {}).items():
        if name not in SERVICE_M2M:
            raise ValueError(f"{name} is not a classification of a service")
        getattr(service, name).set(values)
    changes = diff(service, before, snapshot(service, SERVICE_FIELDS))
    if creating or changes:
        action = Action.CREATED if creating else Action.UPDATED
        if source == Source.IMPORT:
            action = Action.IMPORTED
        audit_record(actor=by, action=action, obj=service, changes=changes, source=source, note=note)
    return service


@transaction.atomic
def provider_set_placements_suspended(*, provider: Provider, suspended: bool, by, note: str = "",
                                      source: str = Source.WEB) -> Provider:
    """Suspend or lift new placements with a provider (brokerage then awards it nothing); audited."""
    if provider.new_placements_suspended == suspended:
        return provider
    provider.new_placements_suspended = suspended
    provider.save(update_fields=["new_placements_suspended", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=provider, source=source, note=note,
                 changes={"New placements suspended": ["Yes" if not suspended else "No", "Yes" if suspended else "No"]})
    return provider
