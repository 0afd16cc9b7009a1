"""Every (status, event) pair of the list, application and membership workflows."""
from datetime import timedelta
from itertools import product

import pytest
from django.utils import timezone

from commissioning.procurement import services
from commissioning.procurement.choices import ApplicationStatus, ListStatus, MembershipStatus
from commissioning.procurement.models import Membership
from commissioning.procurement.transitions import (
    APPLICATION_TRANSITIONS,
    LIST_TRANSITIONS,
    MEMBERSHIP_TRANSITIONS,
    TransitionNotAllowed,
    events_from,
    next_status,
)

from .factories import ApprovedListFactory, LotFactory, OpenListFactory, QuestionFactory

TABLES = [
    ("list", LIST_TRANSITIONS, ListStatus),
    ("application", APPLICATION_TRANSITIONS, ApplicationStatus),
    ("membership", MEMBERSHIP_TRANSITIONS, MembershipStatus),
]


@pytest.mark.parametrize(("label", "table", "statuses"), TABLES)
def test_every_pair_not_in_a_table_is_refused(label, table, statuses):
    events = {event for _, event in table}
    for status, event in product(statuses.values, events):
        if (status, event) in table:
            assert next_status(table, label, status, event) == table[(status, event)]
        else:
            with pytest.raises(TransitionNotAllowed):
                next_status(table, label, status, event)


def test_closed_and_withdrawn_and_removed_are_final():
    assert events_from(LIST_TRANSITIONS, ListStatus.CLOSED) == []
    assert events_from(APPLICATION_TRANSITIONS, ApplicationStatus.WITHDRAWN) == []
    assert events_from(APPLICATION_TRANSITIONS, ApplicationStatus.DECIDED) == []
    assert events_from(MEMBERSHIP_TRANSITIONS, MembershipStatus.REMOVED) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "event"), list(product(ListStatus.values, ["open", "pause", "reopen", "close"])))
def test_every_list_pair_through_the_service(status, event, administrator):
    approved_list = ApprovedListFactory(status=status)
    LotFactory(approved_list=approved_list)
    QuestionFactory(approved_list=approved_list)
    if (status, event) in LIST_TRANSITIONS:
        services.list_transition(approved_list=approved_list, event=event, by=administrator)
        approved_list.refresh_from_db()
        assert approved_list.status == LIST_TRANSITIONS[(status, event)]
    else:
        with pytest.raises(TransitionNotAllowed):
            services.list_transition(approved_list=approved_list, event=event, by=administrator)
        approved_list.refresh_from_db()
        assert approved_list.status == status


MEMBERSHIP_PAIRS = list(product(MembershipStatus.values, ["suspend", "reinstate", "remove"]))


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "event"), MEMBERSHIP_PAIRS)
def test_every_membership_pair_through_the_service(status, event, administrator, provider):
    approved_list = OpenListFactory()
    from commissioning.procurement.models import Application

    application = Application.objects.create(approved_list=approved_list, provider=provider, status="decided")
    membership = Membership.objects.create(lot=approved_list.lots.first(), provider=provider,
                                           application=application, admitted_on=timezone.localdate(), status=status)
    until = timezone.localdate() + timedelta(days=90)
    if (status, event) in MEMBERSHIP_TRANSITIONS:
        services.membership_transition(membership=membership, event=event, by=administrator, reason="Because",
                                       until=until)
        membership.refresh_from_db()
        assert membership.status == MEMBERSHIP_TRANSITIONS[(status, event)]
        assert membership.events.get().note == "Because"
    else:
        with pytest.raises(TransitionNotAllowed):
            services.membership_transition(membership=membership, event=event, by=administrator, reason="Because",
                                           until=until)
        membership.refresh_from_db()
        assert membership.status == status
