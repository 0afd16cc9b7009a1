"""Writes the generated market and one demo login per role into the database."""
import random
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from commissioning.accounts.models import User
from commissioning.accounts.roles import MarketArea, Role
from commissioning.core.models import AuditEvent
from commissioning.providers.models import ClientGroup, Locality, Provider, Service, ServiceType, Specialism

from .generator import ProviderSpec

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - local demo only, printed by make run


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    first_name: str
    last_name: str
    market_area: str = ""
    provider_index: int | None = None

    @property
    def label(self) -> str:
        label = Role(self.role).label
        if self.market_area:
            label += f", {MarketArea(self.market_area).label.lower()}"
        return label


LOGINS = [
    Login("head", Role.HEAD_OF_COMMISSIONING, "Helen", "Marsh"),
    Login("lead.care-homes", Role.LEAD_COMMISSIONER, "Ravi", "Kapoor", MarketArea.CARE_HOMES),
    Login("lead.supported-living", Role.LEAD_COMMISSIONER, "Claire", "Dunn", MarketArea.SUPPORTED_LIVING),
    Login("lead.home-care", Role.LEAD_COMMISSIONER, "Martin", "Hale", MarketArea.HOME_CARE),
    Login("lead.specialist", Role.LEAD_COMMISSIONER, "Aisha", "Begum", MarketArea.SPECIALIST),
    Login("procurement", Role.PROCUREMENT_OFFICER, "Gemma", "Cole"),
    Login("evaluator", Role.EVALUATOR, "Tom", "Reid"),
    Login("evaluator.two", Role.EVALUATOR, "Nadia", "Hussain"),
    Login("broker", Role.BROKER, "Lucy", "Grant"),
    Login("social.worker", Role.SOCIAL_WORKER, "Daniel", "Price"),
    Login("quality", Role.QUALITY_OFFICER, "Sarah", "Boyle"),
    Login("finance", Role.FINANCE_OFFICER, "Peter", "Lowe"),
    Login("admin", Role.ADMINISTRATOR, "Joe", "Bishop"),
    Login("provider.a", Role.PROVIDER_USER, "Kerry", "Shaw", provider_index=0),
    Login("provider.b", Role.PROVIDER_USER, "Vikram", "Sandhu", provider_index=1),
]


@transaction.atomic
def load_market(market: list[ProviderSpec]) -> list[Provider]:
    """Bulk-write providers and services, with one 'created' audit event each by the system."""
    types = {t.code: t for t in ServiceType.objects.all()}
    specialisms = {s.code: s for s in Specialism.objects.all()}
    groups = {g.code: g for g in ClientGroup.objects.all()}
    localities = {loc.name: loc for loc in Locality.objects.all()}
    providers = Provider.objects.bulk_create([
        Provider(name=p.name, legal_name=p.legal_name, companies_house_number=p.companies_house_number,
                 cqc_provider_id=p.cqc_provider_id, contact_name=p.contact_name, contact_email=p.contact_email,
                 contact_phone=p.contact_phone, status=p.status)
        for p in market
    ])
    specs = [(provider, s) for provider, p in zip(providers, market, strict=True) for s in p.services]
    services = Service.objects.bulk_create([
        Service(provider=provider, name=s.name, cqc_location_id=s.cqc_location_id, status=s.status,
                address_line_1=s.address_line_1, town="Derby", postcode=s.postcode, latitude=s.latitude,
                longitude=s.longitude, locality=localities[s.locality], beds=s.beds, hours_per_week=s.hours_per_week,
                cqc_rating=s.cqc_rating, cqc_rating_date=s.cqc_rating_date)
        for provider, s in specs
    ])
    for relation, lookup, attr in ((Service.service_types.through, types, "types"),
                                   (Service.specialisms.through, specialisms, "specialisms"),
                                   (Service.client_groups.through, groups, "client_groups")):
        target = relation._meta.get_field(_target_field(relation)).attname
        relation.objects.bulk_create([
            relation(service_id=service.pk, **{target: lookup[code].pk})
            for service, (_, spec) in zip(services, specs, strict=True) for code in getattr(spec, attr)
        ])
    provider_type = ContentType.objects.get_for_model(Provider)
    service_type = ContentType.objects.get_for_model(Service)
    AuditEvent.objects.bulk_create(
        [AuditEvent(actor_label="System", action="created", source="system", content_type=provider_type,
                    object_id=p.pk, object_repr=p.name, note="Demo data") for p in providers]
        + [AuditEvent(actor_label="System", action="created", source="system", content_type=service_type,
                      object_id=s.pk, object_repr=s.name, note="Demo data") for s in services])
    return providers


def _target_field(relation) -> str:
    """The through table's foreign key that is not the service."""
    return next(f.name for f in relation._meta.get_fields()
                if f.is_relation and f.many_to_one and f.related_model is not Service)


@transaction.atomic
def load_users(providers: list[Provider]) -> dict[str, User]:
    """One login per role, each with an authenticator app on a published secret; the two provider users
    belong to two different active providers."""
    from commissioning.accounts.totp import demo_authenticator_ensure

    active = [p for p in providers if p.status == "active" and p.cqc_provider_id]
    users = {}
    for login in LOGINS:
        user = User(username=login.username, first_name=login.first_name, last_name=login.last_name,
                    email=f"{login.username}@example.org.uk", role=login.role, market_area=login.market_area,
                    provider=active[login.provider_index] if login.provider_index is not None else None,
                    job_title=login.label)
        user.set_password(DEMO_PASSWORD)
        user.save()
        demo_authenticator_ensure(user)
        users[login.username] = user
    return users


def demo_rng(seed: int) -> random.Random:
    return random.Random(seed * 31 + 7)
