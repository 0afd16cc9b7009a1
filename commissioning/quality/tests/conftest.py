"""A commissioned care home with two people placed by brokerage, its provider's user, and the
people quality assurance escalates to."""
from datetime import timedelta

import pytest
from django.utils import timezone

from commissioning.accounts.roles import MarketArea, Role
from commissioning.brokerage.models import Agreement, CareRequest, Person
from commissioning.quality import services
from commissioning.quality.choices import AuditKind
from commissioning.quality.models import Standard

ALL_GOOD = "good"


@pytest.fixture
def home(db, make_user):
    """A care home (market area care homes) with two people placed there."""
    from commissioning.procurement.models import Application, Membership
    from commissioning.procurement.tests.factories import OpenListFactory
    from commissioning.providers.tests.factories import ServiceFactory

    service = ServiceFactory(name="Cedar Lodge")
    approved_list = OpenListFactory()
    lot = approved_list.lots.first()
    application = Application.objects.create(approved_list=approved_list, provider=service.provider,
                                             status="decided", decision_due="2026-01-01")
    Membership.objects.create(lot=lot, provider=service.provider, application=application, rate_pence=80_000,
                              admitted_on=timezone.localdate() - timedelta(days=200))
    workers = [make_user(Role.SOCIAL_WORKER), make_user(Role.SOCIAL_WORKER)]
    people = []
    for n, worker in enumerate(workers):
        person = Person.objects.create(reference=f"P-00000{n + 1}", name=f"Resident {n}", date_of_birth="1935-01-01",
                                       address="1 Friar Gate", postcode="DE1 1BX", funder="Council (Care Act 2014)")
        request = CareRequest.objects.create(
            person=person, requested_by=worker, needs="Residential care", outcomes="Safe and settled", lot=lot,
            service_type=service.service_types.first(), hours_per_week=1, postcode="DE1 1BX",
            locality=service.locality, start_date="2026-01-05", budget_pence=80_000, status="placed",
            waiting_since=timezone.now())
        people.append(Agreement.objects.create(
            request=request, person=person, provider=service.provider, service=service, lot=lot, route="direct",
            awarded_by=worker, rate_pence=80_000, counts_beds=True, start_date="2026-01-05",
            weekly_cost_pence=80_000, status="accepted"))
    return {"service": service, "list": approved_list, "lot": lot, "workers": workers, "people": people,
            "provider_user": make_user(Role.PROVIDER_USER, provider=service.provider),
            "lead": make_user(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.CARE_HOMES)}


@pytest.fixture
def officer(quality_officer):
    return quality_officer


@pytest.fixture
def rated_audit(home, officer):
    """An audit in progress with every standard rated `rating` (Good unless asked otherwise)."""
    def make(rating=ALL_GOOD, overrides=None):
        audit = services.visit_add(service=home["service"], by=officer, planned_for=timezone.localdate(),
                                   reason="Annual audit", kind=AuditKind.ANNOUNCED)
        services.audit_start(audit=audit, by=officer)
        ratings = {s.pk: ((overrides or {}).get(s.number, rating), f"Evidence for standard {s.number}")
                   for s in Standard.objects.filter(domain__framework=audit.framework)}
        return services.audit_rate(audit=audit, by=officer, ratings=ratings, summary="Visited over two days")

    return make


@pytest.fixture
def amber(home, officer, rated_audit):
    """A published Amber audit of the care home: plan required, review and safety check open."""
    audit = services.audit_issue_draft(audit=rated_audit("requires_improvement"), by=officer)
    services.draft_agree(audit=audit, by=home["provider_user"])
    return services.audit_publish(audit=audit, by=officer)
