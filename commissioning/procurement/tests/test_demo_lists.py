"""The demo lists are made through the real workflow and are the same for the same seed."""
import random
from datetime import date

import pytest

from commissioning.accounts.roles import DEFAULT_MARKETS, Role
from commissioning.procurement.demo import seed_lists
from commissioning.procurement.models import Application, ApprovedList, Membership
from commissioning.providers.models import ServiceType
from commissioning.providers.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_demo_lists_run_real_rounds(make_user):
    for code in ("care-home-standard", "home-care-standard", "supported-living", "day-opportunities"):
        for _ in range(5):
            ServiceFactory(service_types=[ServiceType.objects.get(code=code)], cqc_rating="good")
    leads = {area: make_user(Role.LEAD_COMMISSIONER, market_area_id=area) for area, _ in DEFAULT_MARKETS}
    counts = seed_lists(rng=random.Random(7), officer=make_user(Role.PROCUREMENT_OFFICER),
                        evaluators=[make_user(Role.EVALUATOR), make_user(Role.EVALUATOR)], leads=leads,
                        today=date(2026, 11, 23))
    assert counts["lists"] == ApprovedList.objects.filter(status="open").count() == 4
    assert counts["members"] == Membership.objects.count() > 0
    assert Application.objects.filter(status="submitted").count() == counts["awaiting"]
    assert all(a.status_events.exists() for a in Application.objects.all())
