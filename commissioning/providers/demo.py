"""The demo register: the generated providers and their services, written through the same services
a person's pages call (`provider_save`, `service_save`), so each record is validated and has its
"created" line on the audit trail, by the system."""
from django.db import transaction

from commissioning.core.audit import Source

from .models import Provider, Service
from .selectors import client_groups, localities, service_types, specialisms
from .services import provider_save, service_save

DEMO_NOTE = "Demo data"


@transaction.atomic
def seed_register(*, market, by=None) -> list[Provider]:
    """Write each generated provider (a `demo.generator.ProviderSpec`) and its services; returns the
    providers in the market's order."""
    types = {t.code: t for t in service_types()}
    needs = {s.code: s for s in specialisms()}
    groups = {g.code: g for g in client_groups()}
    places = {loc.name: loc for loc in localities()}
    providers = []
    for spec in market:
        provider = provider_save(provider=Provider(
            name=spec.name, legal_name=spec.legal_name, companies_house_number=spec.companies_house_number,
            cqc_provider_id=spec.cqc_provider_id, contact_name=spec.contact_name, contact_email=spec.contact_email,
            contact_phone=spec.contact_phone, status=spec.status), by=by, source=Source.SYSTEM)
        for s in spec.services:
            service_save(service=Service(
                provider=provider, name=s.name, cqc_location_id=s.cqc_location_id, status=s.status,
                address_line_1=s.address_line_1, town="Derby", postcode=s.postcode, latitude=s.latitude,
                longitude=s.longitude, locality=places.get(s.locality), beds=s.beds, hours_per_week=s.hours_per_week,
                cqc_rating=s.cqc_rating, cqc_rating_date=s.cqc_rating_date), by=by, source=Source.SYSTEM,
                note=DEMO_NOTE, m2m={"service_types": [types[code] for code in s.types],
                                     "specialisms": [needs[code] for code in s.specialisms],
                                     "client_groups": [groups[code] for code in s.client_groups]})
        providers.append(provider)
    return providers
