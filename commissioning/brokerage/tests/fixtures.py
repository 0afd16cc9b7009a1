"""A small home care market: an open list whose lot covers the city, members with services,
tendered rates and admission scores, and a request waiting with its front door recorded."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage import services
from commissioning.brokerage.choices import FrontDoorOption, FrontDoorOutcome, Urgency
from commissioning.brokerage.models import CareRequest, Person
from commissioning.procurement.choices import ApplicationStatus
from commissioning.procurement.models import Application, Membership
from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers.models import Locality, ServiceType, Specialism
from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory

HOME_CARE = "home-care-standard"


@pytest.fixture
def market(db):
    """An open home care list; lot 1 buys standard home care in every locality."""
    approved_list = OpenListFactory(quality_weight=60)
    lot = approved_list.lots.get(number=1)
    lot.service_types.set([ServiceType.objects.get(code=HOME_CARE)])
    return {"list": approved_list, "lot": lot}


@pytest.fixture
def make_member(market):
    """A provider on lot 1 with a home care branch: its rate (pence an hour), admission score and
    capacity are the test's to choose."""
    def make(*, provider=None, rate=2200, score=Decimal("70"), hours=200, admitted_on=None, latitude="52.92250",
             longitude="-1.48250", specialisms=(), **service_fields):
        provider = provider or ProviderFactory()
        application = Application.objects.create(
            approved_list=market["list"], provider=provider, status=ApplicationStatus.DECIDED,
            weighted_score=score, decision_due=date(2026, 1, 1))
        membership = Membership.objects.create(
            lot=market["lot"], provider=provider, application=application, rate_pence=rate,
            admitted_on=admitted_on or timezone.localdate() - timedelta(days=30))
        service = ServiceFactory(provider=provider, beds=None, hours_per_week=hours, latitude=latitude,
                                 longitude=longitude, service_types=[ServiceType.objects.get(code=HOME_CARE)],
                                 **service_fields)
        if specialisms:
            service.specialisms.set(Specialism.objects.filter(code__in=specialisms))
        return membership

    return make


@pytest.fixture
def social_worker(make_user):
    return make_user(Role.SOCIAL_WORKER)


PERSON = {"name": "Margaret Oyelaran", "date_of_birth": date(1941, 3, 9), "address": "12 Kedleston Road",
          "postcode": "DE22 1GB"}


@pytest.fixture
def make_request(market, social_worker):
    def make(*, front_door=True, urgency=Urgency.STANDARD, hours=Decimal("10"), budget=50_000, specialisms=(),
             person=None, **fields):
        care = services.request_create(
            by=social_worker, person=person or Person(**PERSON),
            request=CareRequest(**{
                "needs": "Help to wash and dress each morning; prompting with medication.",
                "outcomes": "Stay living at home safely; keep attending the lunch club.",
                "lot": market["lot"], "service_type": ServiceType.objects.get(code=HOME_CARE),
                "hours_per_week": hours, "postcode": PERSON["postcode"],
                "start_date": timezone.localdate() + timedelta(days=7), "urgency": urgency, "budget_pence": budget,
                **fields}),
            specialisms=Specialism.objects.filter(code__in=specialisms))
        if front_door:
            services.front_door_record(request=care, by=care.requested_by, option=FrontDoorOption.TECHNOLOGY,
                                       outcome=FrontDoorOutcome.NOT_SUITABLE, note="Needs hands-on care")
        care.refresh_from_db()
        return care

    return make


@pytest.fixture
def central(db):
    return Locality.objects.get(name="Central")
