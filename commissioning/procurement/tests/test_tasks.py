"""The daily task flags members of an Approved Provider List whose evidence has lapsed."""
from datetime import date

import pytest

from commissioning.accounts.roles import Role
from commissioning.procurement import services
from commissioning.procurement.models import Membership
from commissioning.procurement.tasks import flag_lapsed_evidence

from .factories import OpenListFactory
from .test_workflow import _moderate, _submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_list(db):
    return OpenListFactory()


@pytest.fixture
def people(make_user):
    return {"officer": make_user(Role.PROCUREMENT_OFFICER), "ev1": make_user(Role.EVALUATOR),
            "ev2": make_user(Role.EVALUATOR)}


def test_the_daily_task_flags_a_member_whose_insurance_expired(open_list, provider_user, people):
    application = _moderate(_submitted(open_list, provider_user), people["officer"])
    lot1, lot2 = open_list.lots.order_by("number")[:2]
    services.application_decide(application=application, by=people["officer"],
                                outcomes={lot1.pk: ("admit", "ok"), lot2.pk: ("reject", "x")})
    Membership.objects.update(insurance_expires_on=date(2020, 1, 1))
    assert flag_lapsed_evidence.enqueue().return_value == {"suspensions_ended": 0, "flagged": 1, "rates_moved": 0}
    membership = Membership.objects.get()
    assert membership.needs_reverification and "Insurance expired" in membership.reverification_reason
