"""Writes to the register. Each is atomic, takes the acting user, and records an audit event."""
from django.db import transaction

from commissioning.core.audit import Action, Source, audit_record, diff, snapshot
from commissioning.core.workflow import transition

from .. import geo
from ..choices import CouncilRag
from ..models import Provider, Service
from ..transitions import PROVIDER_WORKFLOW, SERVICE_WORKFLOW, event_between
from ..validators import normalise_postcode

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


def _status_event(workflow, record, stored) -> str | None:
    """The workflow event an edit asks for by choosing a new status, with the record put back at its
    stored status until `transition` moves it; None when the status is unchanged."""
    if stored is None or record.status == stored.status:
        return None
    event = event_between(workflow, stored.status, record.status)
    record.status = stored.status
    return event


@transaction.atomic
def provider_save(*, provider: Provider, by, source: str = Source.WEB) -> Provider:
    """Create or update a provider, recording what changed; a new status is a move of its workflow
    (TransitionNotAllowed when the table has none)."""
    creating = provider.pk is None
    _blank_to_none(provider, "cqc_provider_id")
    stored = None if creating else Provider.objects.select_for_update().get(pk=provider.pk)
    before = {} if creating else snapshot(stored, PROVIDER_FIELDS)
    event = _status_event(PROVIDER_WORKFLOW, provider, stored)
    provider.full_clean()
    provider.save()
    after = snapshot(provider, PROVIDER_FIELDS)
    changes = diff(provider, dict.fromkeys(PROVIDER_FIELDS, "") if creating else before, after)
    if creating or changes:
        audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED,
                     obj=provider, changes=changes, source=source)
    if event:
        transition(provider, PROVIDER_WORKFLOW, event, by=by, source=source)
    return provider


@transaction.atomic
def provider_change_status(*, provider: Provider, event: str, by, note: str = "",
                           source: str = Source.WEB) -> Provider:
    """Move a provider by `event` of its workflow (deactivate, reactivate, cease trading, reinstate)."""
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    return transition(provider, PROVIDER_WORKFLOW, event, by=by, note=note, source=source)


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
    leaves that list as it is. A new status is a move of the service's workflow (a CQC import closes
    a deregistered location this way).
    """
    creating = service.pk is None
    _blank_to_none(service, "cqc_location_id")
    _place(service)
    stored = None if creating else Service.objects.select_for_update().get(pk=service.pk)
    before = {f: ([] if f in SERVICE_M2M else "") for f in SERVICE_FIELDS} if creating else snapshot(
        stored, SERVICE_FIELDS)
    event = _status_event(SERVICE_WORKFLOW, service, stored)
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
    if event:
        transition(service, SERVICE_WORKFLOW, event, by=by, note=note, source=source)
    return service


@transaction.atomic
def service_change_status(*, service: Service, event: str, by, note: str = "",
                          source: str = Source.WEB) -> Service:
    """Move a service by `event` of its workflow (close, reopen)."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    return transition(service, SERVICE_WORKFLOW, event, by=by, note=note, source=source)


@transaction.atomic
def service_set_council_rag(*, service: Service, rag: str, by, note: str = "",
                            source: str = Source.WEB) -> Service:
    """Record the council's own RAG mark on a service (from a final quality audit; Red stops new
    placements); audited."""
    rag = CouncilRag(rag)
    service = Service.objects.select_for_update().get(pk=service.pk)
    old = service.council_rag
    if old == rag:
        return service
    service.council_rag = rag
    service.save(update_fields=["council_rag", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=service, source=source, note=note,
                 changes={"Council RAG rating": [old.label if old else "", rag.label]})
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
