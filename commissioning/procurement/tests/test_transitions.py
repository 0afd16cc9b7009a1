"""Every (status, event) pair of the list, application and membership workflows, through the
public services: a pair in the table moves the record and writes its status event and audit line;
a pair not in it is refused and changes nothing."""
from datetime import timedelta
from itertools import product

import pytest
from django.utils import timezone

from commissioning.core.models import AuditEvent
from commissioning.procurement import selectors, services
from commissioning.procurement.choices import ApplicationStatus, ListStatus, MembershipStatus
from commissioning.procurement.models import Membership
from commissioning.procurement.transitions import (
    APPLICATION,
    APPLICATION_TRANSITIONS,
    LIST,
    LIST_TRANSITIONS,
    MEMBERSHIP,
    MEMBERSHIP_TRANSITIONS,
    NEW,
    TransitionNotAllowed,
    events_from,
    next_status,
)

from .factories import (
    APPLICATION_STATE_FACTORIES,
    LIST_STATE_FACTORIES,
    MEMBERSHIP_STATE_FACTORIES,
    ClarificationFactory,
    ModeratedApplicationFactory,
)

TABLES = [
    ("list", LIST_TRANSITIONS, ListStatus),
    ("application", APPLICATION_TRANSITIONS, ApplicationStatus),
    ("membership", MEMBERSHIP_TRANSITIONS, MembershipStatus),
]


@pytest.mark.parametrize(("label", "table", "statuses"), TABLES)
def test_every_pair_not_in_a_table_is_refused(label, table, statuses):
    events = {event for _, event in table}
    for status, event in product([NEW, *statuses.values], events):
        if (status, event) in table:
            assert next_status(table, label, status, event) == table[(status, event)]
        else:
            with pytest.raises(TransitionNotAllowed):
                next_status(table, label, status, event)


def test_closed_and_withdrawn_and_removed_are_final():
    assert LIST.events_from(ListStatus.CLOSED) == []
    assert APPLICATION.events_from(ApplicationStatus.WITHDRAWN) == []
    assert APPLICATION.events_from(ApplicationStatus.DECIDED) == []
    assert events_from(MEMBERSHIP_TRANSITIONS, MembershipStatus.REMOVED) == []


def _assert_moved(record, workflow, status, event, by):
    record.refresh_from_db()
    assert record.status == workflow.table[(status, event)]
    row = record.status_events.last()
    assert (row.event, row.from_status, row.to_status, row.by) == (event, status, record.status, by)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.STATUS_CHANGED, object_id=record.pk,
                                     content_type__model=type(record)._meta.model_name).exists()


def _assert_refused(record, status, run):
    events_before = record.status_events.count()
    with pytest.raises(TransitionNotAllowed):
        run()
    record.refresh_from_db()
    assert record.status == status
    assert record.status_events.count() == events_before


LIST_EVENTS = sorted({event for _, event in LIST_TRANSITIONS})


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "event"), list(product(ListStatus.values, LIST_EVENTS)))
def test_every_list_pair_through_the_service(status, event, administrator):
    approved_list = LIST_STATE_FACTORIES[status]()

    def run():
        return services.list_transition(approved_list=approved_list, event=event, by=administrator)

    if LIST.allows(status, event):
        run()
        _assert_moved(approved_list, LIST, status, event, administrator)
    else:
        _assert_refused(approved_list, status, run)


def _application_service(event, application, by):
    """The public service a person uses for `event`, with valid input."""
    if event == "submit":
        return lambda: services.application_submit(application=application, by=by)
    if event == "withdraw":
        return lambda: services.application_withdraw(application=application, by=by, reason="Cannot staff it")
    if event == "ask_clarification":
        return lambda: services.clarification_ask(application=application, by=by, question="Which areas?")
    if event == "answer_clarification":
        clarification = (application.clarifications.filter(answered_at__isnull=True).first()
                         or ClarificationFactory(application=application))
        return lambda: services.clarification_answer(clarification=clarification, by=by, answer="All four")
    if event == "moderate":
        agreed = {q.pk: (1 if q.kind == "pass_fail" else 4, "Evidence seen")
                  for q in selectors.questions_for_evaluators(application.approved_list)}
        return lambda: services.scores_moderate(application=application, moderator=by, agreed=agreed)
    if event == "decide":
        outcomes = {lot.pk: ("admit", "Meets every condition") for lot in application.lots.all()}
        return lambda: services.application_decide(application=application, by=by, outcomes=outcomes)
    raise AssertionError(f"No service for {event}")


APPLICATION_EVENTS = sorted({event for _, event in APPLICATION_TRANSITIONS})


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "event"), list(product(ApplicationStatus.values, APPLICATION_EVENTS)))
def test_every_application_pair_through_the_service(status, event, administrator):
    application = APPLICATION_STATE_FACTORIES[status]()
    run = _application_service(event, application, administrator)
    if APPLICATION.allows(status, event):
        run()
        _assert_moved(application, APPLICATION, status, event, administrator)
    else:
        _assert_refused(application, status, run)


MEMBERSHIP_EVENTS = ["reinstate", "remove", "suspend"]


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "event"), list(product(MembershipStatus.values, MEMBERSHIP_EVENTS)))
def test_every_membership_pair_through_the_service(status, event, administrator):
    membership = MEMBERSHIP_STATE_FACTORIES[status]()
    until = timezone.localdate() + timedelta(days=90)

    def run():
        return services.membership_transition(membership=membership, event=event, by=administrator,
                                              reason="Because", until=until)

    if MEMBERSHIP.allows(status, event):
        run()
        _assert_moved(membership, MEMBERSHIP, status, event, administrator)
        assert membership.status_events.last().note == "Because"
        assert membership.status_reason == "Because"
        assert membership.suspended_until == (until if event == "suspend" else None)
    else:
        _assert_refused(membership, status, run)


@pytest.mark.django_db
def test_a_decision_admits_a_new_member_through_the_membership_workflow(administrator):
    application = ModeratedApplicationFactory()
    lot1, lot2 = application.lots.order_by("number")
    services.application_decide(application=application, by=administrator, outcomes={
        lot1.pk: ("admit", "Meets every condition"), lot2.pk: ("reject", "No service in this lot's area")})
    membership = Membership.objects.get()
    assert membership.lot == lot1 and membership.status == MembershipStatus.ACTIVE
    row = membership.status_events.get()
    assert (row.event, row.from_status, row.to_status, row.note) == ("admit", NEW, "active", "Meets every condition")


@pytest.mark.django_db
def test_the_end_of_a_suspension_reinstates_the_member_as_the_system(administrator):
    membership = MEMBERSHIP_STATE_FACTORIES[MembershipStatus.SUSPENDED]()
    active = MEMBERSHIP_STATE_FACTORIES[MembershipStatus.ACTIVE]()
    assert services.memberships_end_suspensions(today=membership.suspended_until) == 1
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE and membership.suspended_until is None
    row = membership.status_events.get()
    assert (row.event, row.by, row.from_status) == ("reinstate", None, "suspended")
    assert not active.status_events.exists()
