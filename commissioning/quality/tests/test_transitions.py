"""Every (state, event) pair of every quality workflow, through the public services: a pair in the
table moves the record and appends its status-event row; any other pair is refused."""
from datetime import timedelta

import pytest
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.accounts.tests.factories import UserFactory
from commissioning.core.models import AuditEvent
from commissioning.quality import services
from commissioning.quality.choices import AuditStatus, ConcernStage, PlanStatus, ReviewStatus
from commissioning.quality.tests import factories as f
from commissioning.quality.transitions import (
    ACTION_PLAN,
    AUDIT,
    CONCERN,
    REVIEW,
    SAFETY_CHECK,
    TransitionNotAllowed,
)


def _pairs(workflow, statuses):
    events = sorted({event for _, event in workflow.table})
    return [(status, event) for status in statuses for event in events]


def _assert_moved(record, workflow, status, event):
    record.refresh_from_db()
    new = workflow.table[(status, event)]
    assert getattr(record, workflow.field) == new
    row = record.status_events.get()
    assert (row.event, row.from_status, row.to_status) == (event, status, new)
    assert AuditEvent.objects.filter(action="status_changed", object_id=record.pk).exists()


def _assert_refused(record, workflow, status, call):
    with pytest.raises(TransitionNotAllowed):
        call()
    record.refresh_from_db()
    assert getattr(record, workflow.field) == status
    assert not record.status_events.exists()


def _check(record, workflow, status, event, call):
    if workflow.allows(status, event):
        call()
        _assert_moved(record, workflow, status, event)
    else:
        _assert_refused(record, workflow, status, call)


@pytest.mark.parametrize(("status", "event"), _pairs(AUDIT, AuditStatus.values))
def test_each_audit_event_moves_only_the_statuses_its_table_allows(db, status, event):
    audit = f.AUDIT_STATES[status]()
    officer = f.QualityOfficerFactory()
    calls = {"start": lambda: services.audit_start(audit=audit, by=officer),
             "cancel": lambda: services.audit_cancel(audit=audit, by=officer, reason="Service closed"),
             "issue_draft": lambda: services.audit_issue_draft(audit=audit, by=officer),
             "publish": lambda: services.audit_publish(audit=audit, by=officer)}
    _check(audit, AUDIT, status, event, calls[event])


@pytest.mark.parametrize(("status", "event"), _pairs(ACTION_PLAN, PlanStatus.values))
def test_each_action_plan_event_moves_only_the_statuses_its_table_allows(db, status, event):
    plan = f.PLAN_STATES[status]()
    officer = f.QualityOfficerFactory()
    provider_user = UserFactory(role=Role.PROVIDER_USER, provider=plan.audit.service.provider)
    items = [{"issue": "Supervision overdue", "action": "Supervise every carer", "owner": "Deputy",
              "due": timezone.localdate() + timedelta(days=30)}]
    calls = {"submit": lambda: services.plan_submit(plan=plan, by=provider_user, items=items),
             "accept": lambda: services.plan_review(plan=plan, by=officer, accept=True),
             "return": lambda: services.plan_review(plan=plan, by=officer, accept=False, note="Add dates"),
             "complete": lambda: services.plan_complete(plan=plan, by=provider_user)}
    _check(plan, ACTION_PLAN, status, event, calls[event])


@pytest.mark.parametrize(("status", "event"), _pairs(CONCERN, ConcernStage.values))
def test_each_concern_event_moves_only_the_stages_its_table_allows(db, status, event):
    case = f.ConcernCaseFactory(stage=status)
    officer = f.QualityOfficerFactory()
    _check(case, CONCERN, status, event,
           lambda: services.concern_move(case=case, by=officer, event=event, note="Agreed at the meeting"))


@pytest.mark.parametrize(("status", "event"), _pairs(REVIEW, ReviewStatus.values))
def test_a_contract_review_closes_only_once(db, status, event):
    review = (f.ContractReviewFactory if status == ReviewStatus.OPEN else f.ContractReviewClosedFactory)()
    lead = UserFactory(role=Role.LEAD_COMMISSIONER)
    _check(review, REVIEW, status, event,
           lambda: services.review_close(review=review, by=lead, outcome="Improvement notice"))


@pytest.mark.parametrize(("status", "event"), _pairs(SAFETY_CHECK, ReviewStatus.values))
def test_a_safety_check_closes_only_once(db, status, event):
    check = (f.SafetyCheckFactory if status == ReviewStatus.OPEN else f.SafetyCheckClosedFactory)()
    officer = f.QualityOfficerFactory()
    _check(check, SAFETY_CHECK, status, event, lambda: services.safety_check_close(check=check, by=officer))


def test_a_plan_with_an_action_still_open_is_not_completed(db):
    plan = f.ActionPlanAcceptedFactory()
    plan.items.update(done_on=None)
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError, match="Every action must be done"):
        services.plan_complete(plan=plan, by=f.QualityOfficerFactory())
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACCEPTED


def test_a_concern_case_keeps_its_opening_and_every_move_in_its_history(db):
    from commissioning.providers.tests.factories import ProviderFactory
    officer = f.QualityOfficerFactory()
    case = services.concern_open(provider=ProviderFactory(), by=officer, summary="Missed visits")
    services.concern_move(case=case, by=officer, event="escalate", note="No improvement")
    rows = list(case.status_events.values_list("event", "from_status", "to_status"))
    assert rows == [("opened", "", "initial_meeting"), ("escalate", "initial_meeting", "improvement_plan")]
