"""An accepted home care agreement with its provider's user, and a finance officer."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage import services as brokerage


@pytest.fixture
def finance_officer(make_user):
    return make_user(Role.FINANCE_OFFICER)


@pytest.fixture
def placed(make_member, make_request, broker, make_user):
    """Two accepted agreements (10 h a week at £22.00 an hour) with the same provider, started five weeks ago."""
    member = make_member(rate=2200)
    user = make_user(Role.PROVIDER_USER, provider=member.provider)
    agreements = []
    for _ in range(2):
        care = make_request(hours=Decimal(10), start_date=timezone.localdate() - timedelta(weeks=5),
                            backdate_reason="Care began on discharge from hospital, before the request was made")
        agreement = brokerage.direct_award(request=care, by=broker, provider=member.provider, reason="choice",
                                           note="The person's choice")
        agreements.append(brokerage.agreement_respond(agreement=agreement, by=user, accept=True))
    return {"provider": member.provider, "user": user, "agreements": agreements}
