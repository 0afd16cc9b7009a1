"""Quality assurance through the service layer: the programme, auditing, draft → comment → final,
action plans, escalation, provider concerns to failure, contract meetings and KPI returns."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.quality import selectors, services
from commissioning.quality.choices import AuditKind, AuditStatus, ConcernStage, PlanStatus, ReviewStatus
from commissioning.quality.models import Audit, ConcernCase, Safeguarding
from commissioning.quality.transitions import TransitionNotAllowed

TODAY = timezone.localdate


def _publish_now(audit, officer, provider_user):
    audit = services.audit_issue_draft(audit=audit, by=officer)
    services.draft_agree(audit=audit, by=provider_user)
    return services.audit_publish(audit=audit, by=officer)


# The programme -----------------------------------------------------------------------------

def test_the_programme_puts_the_riskiest_commissioned_service_first(home, officer):
    from commissioning.providers.tests.factories import ServiceFactory
    risky = home["service"]
    risky.cqc_rating = "requires_improvement"
    risky.save()
    Safeguarding.objects.create(service=risky, raised_on=TODAY() - timedelta(days=20), summary="Fall",
                                recorded_by=officer)
    ServiceFactory(name="Not commissioned House")  # no membership, no agreement: not in the programme
    rows = selectors.programme()
    assert [r.service for r in rows] == [risky]
    assert any("safeguarding" in reason for reason in rows[0].reasons)
    assert services.plan_year(by=officer, start=TODAY()) == 1
    audit = Audit.objects.get()
    assert audit.kind == AuditKind.UNANNOUNCED and audit.status == AuditStatus.PLANNED
    assert services.plan_year(by=officer, start=TODAY()) == 0, "a service with an open audit is not planned twice"


# Auditing and the draft --------------------------------------------------------------------

def test_a_good_audit_is_published_green_with_nothing_to_escalate(home, officer, rated_audit):
    audit = _publish_now(rated_audit(), officer, home["provider_user"])
    assert audit.status == AuditStatus.FINAL and audit.overall_rating == "good" and audit.rag == "green"
    assert len(audit.domain_ratings) == 5
    home["service"].refresh_from_db()
    assert home["service"].council_rag == "green"
    assert not hasattr(audit, "action_plan") or audit.action_plan is None


def test_every_standard_needs_a_rating_and_evidence(home, officer):
    audit = services.visit_add(service=home["service"], by=officer, planned_for=TODAY(), reason="Annual")
    services.audit_start(audit=audit, by=officer)
    from commissioning.quality.models import Standard
    first = Standard.objects.first()
    with pytest.raises(ValidationError) as error:
        services.audit_rate(audit=audit, by=officer, ratings={first.pk: ("great", "x")})
    assert "Choose a rating" in error.value.messages[0]
    with pytest.raises(ValidationError, match="Record the evidence"):
        services.audit_rate(audit=audit, by=officer, ratings={first.pk: ("good", " ")})
    services.audit_rate(audit=audit, by=officer, ratings={first.pk: ("good", "Seen")})
    with pytest.raises(ValidationError, match="15 not rated"):
        services.audit_issue_draft(audit=audit, by=officer)


def test_the_provider_challenges_the_draft_within_14_days_and_the_officer_answers(home, officer, rated_audit):
    audit = services.audit_issue_draft(audit=rated_audit(), by=officer)
    assert audit.comments_due == TODAY() + timedelta(days=14)
    with pytest.raises(ValidationError, match="can challenge the draft until"):
        services.audit_publish(audit=audit, by=officer)
    challenge = services.challenge_raise(audit=audit, by=home["provider_user"],
                                         text="The medicines audit was done on 3 May, not 3 June")
    with pytest.raises(ValidationError, match="Only the audited provider"):
        from commissioning.providers.tests.factories import ProviderFactory
        other = ProviderFactory()
        from commissioning.accounts.tests.factories import UserFactory
        services.challenge_raise(audit=audit, by=UserFactory(role=Role.PROVIDER_USER, provider=other), text="x")
    Audit.objects.filter(pk=audit.pk).update(comments_due=TODAY() - timedelta(days=1))
    audit.refresh_from_db()
    with pytest.raises(ValidationError, match="Answer every challenge"):
        services.audit_publish(audit=audit, by=officer)
    with pytest.raises(ValidationError, match="ended on"):
        services.challenge_raise(audit=audit, by=home["provider_user"], text="Late")
    services.challenge_answer(challenge=challenge, by=officer, answer="Corrected in the final report")
    assert services.audit_publish(audit=audit, by=officer).status == AuditStatus.FINAL


# Amber or Red: action plan, review, safety check, re-audit ---------------------------------

def test_a_red_audit_escalates_to_the_lead_commissioner_and_the_social_workers(home, officer, rated_audit):
    audit = _publish_now(rated_audit("poor"), officer, home["provider_user"])
    assert audit.overall_rating == "poor" and audit.rag == "red"
    plan = audit.action_plan
    assert plan.status == PlanStatus.REQUIRED and plan.due == TODAY() + timedelta(days=14)
    review = audit.contract_review
    assert review.lead_commissioner == home["lead"] and review.market_area_id == "care_homes"
    people = list(audit.safety_check.people.all())
    assert {p.social_worker for p in people} == set(home["workers"])
    assert {p.agreement.person.reference for p in people} == {"P-000001", "P-000002"}
    reaudit = Audit.objects.get(kind=AuditKind.REAUDIT)
    assert 180 <= (reaudit.planned_for - TODAY()).days <= 185
    home["service"].refresh_from_db()
    assert home["service"].council_rag == "red"


def test_two_poor_domains_make_amber_by_the_mean(home, officer, rated_audit):
    # Standards 6–13 Poor: safeguarding and safety (6–10) and staffing (11–13) are Poor, the other three
    # domains Good, so the mean of the domains is (3 + 3 + 1 + 1 + 3) / 5 = 2.2 → Requires improvement.
    audit = rated_audit("good", {6: "poor", 7: "poor", 8: "poor", 9: "poor", 10: "poor", 11: "poor", 12: "poor",
                                 13: "poor"})
    assert audit.domain_ratings["Safeguarding and safety"] == "poor"
    assert audit.domain_ratings["Suitability of staffing"] == "poor"
    assert audit.overall_rating == "requires_improvement" and audit.rag == "amber"


def test_the_action_plan_is_submitted_returned_accepted_and_followed(home, officer, rated_audit):
    audit = _publish_now(rated_audit("requires_improvement"), officer, home["provider_user"])
    plan, user = audit.action_plan, home["provider_user"]
    with pytest.raises(ValidationError) as error:
        services.plan_submit(plan=plan, by=user, items=[{"issue": "", "action": "Train", "owner": "",
                                                         "due": TODAY() - timedelta(days=1)}])
    assert len(error.value.messages) == 3
    items = [{"issue": "Medicines records incomplete", "action": "Weekly MAR chart audit", "owner": "Manager",
              "due": TODAY() + timedelta(days=30)},
             {"issue": "Supervision overdue", "action": "Supervise every carer", "owner": "Deputy",
              "due": TODAY() + timedelta(days=60)}]
    services.plan_submit(plan=plan, by=user, items=items)
    with pytest.raises(ValidationError, match="must change"):
        services.plan_review(plan=plan, by=officer, accept=False)
    services.plan_review(plan=plan, by=officer, accept=False, note="Add dates for the training")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REQUIRED
    services.plan_submit(plan=plan, by=user, items=items)
    services.plan_review(plan=plan, by=officer, accept=True)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACCEPTED
    first, second = plan.items.all()
    type(first).objects.filter(pk=first.pk).update(due=TODAY() - timedelta(days=1))
    assert list(selectors.overdue_items()) == [first]
    services.item_progress(item=first, by=user, progress="Done weekly since", done_on=TODAY())
    services.item_progress(item=second, by=user, progress="All supervised", done_on=TODAY())
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMPLETED and not selectors.overdue_items().exists()


def test_a_plan_not_sent_in_14_days_is_overdue(home, officer, rated_audit):
    audit = _publish_now(rated_audit("poor"), officer, home["provider_user"])
    assert not selectors.overdue_plans().exists()
    assert list(selectors.overdue_plans(today=TODAY() + timedelta(days=15))) == [audit.action_plan]


def test_the_review_and_the_safety_check_are_closed_with_their_outcomes(home, officer, rated_audit):
    audit = _publish_now(rated_audit("poor"), officer, home["provider_user"])
    with pytest.raises(ValidationError, match="outcome"):
        services.review_close(review=audit.contract_review, by=home["lead"], outcome="")
    services.review_close(review=audit.contract_review, by=home["lead"], outcome="Default notice issued")
    rows = list(audit.safety_check.people.all())
    for row in rows:
        services.safety_record(row=row, by=row.social_worker, outcome="Visited: safe and well")
    audit.safety_check.refresh_from_db()
    assert audit.safety_check.status == ReviewStatus.CLOSED


# Provider concerns -------------------------------------------------------------------------

def test_concerns_escalate_to_a_suspension_that_stops_new_awards(home, officer):
    provider = home["service"].provider
    case = services.concern_open(provider=provider, by=officer, summary="Three safeguardings in a month")
    assert Audit.objects.filter(kind=AuditKind.MONITORING, service=home["service"]).exists()
    for _ in range(3):
        case = services.concern_move(case=case, by=officer, event="escalate", note="No improvement")
    provider.refresh_from_db()
    assert case.stage == ConcernStage.SUSPENDED and provider.new_placements_suspended
    case = services.concern_move(case=case, by=officer, event="lift_suspension", note="Plan on track")
    provider.refresh_from_db()
    assert case.stage == ConcernStage.IMPROVEMENT_PLAN and not provider.new_placements_suspended
    with pytest.raises(ValidationError, match="why"):
        services.concern_move(case=case, by=officer, event="close", note="")


def test_a_suspended_provider_is_not_eligible_in_brokerage(make_request, make_member, broker, officer):
    from commissioning.brokerage.services import eligible_providers
    member = make_member()
    care = make_request()
    assert [e.provider for e in eligible_providers(care)] == [member.provider]
    case = services.concern_open(provider=member.provider, by=officer, summary="Concerns")
    for _ in range(3):
        case = services.concern_move(case=case, by=officer, event="escalate", note="Escalated")
    assert eligible_providers(care) == []


def test_on_failure_every_person_served_and_the_alternative_capacity_are_listed(home, officer):
    from commissioning.procurement.models import Application, Membership
    from commissioning.providers.tests.factories import ServiceFactory
    other = ServiceFactory(name="Willow House", beds=30)
    application = Application.objects.create(approved_list=home["list"], provider=other.provider,
                                             status="decided", decision_due="2026-01-01")
    Membership.objects.create(lot=home["lot"], provider=other.provider, application=application,
                              admitted_on=TODAY() - timedelta(days=10))
    report = selectors.failure_report(home["service"].provider)
    assert [a.person.reference for a in report.people] == ["P-000001", "P-000002"]
    assert {a.person.funder for a in report.people} == {"Council (Care Act 2014)"}
    assert report.capacity == [{"lot": home["lot"], "locality": "Central", "providers": 1, "beds": 30,
                                "hours": Decimal(0)}]


# Refusals ---------------------------------------------------------------------------------

def test_the_services_refuse_moves_the_table_does_not_allow(home, officer, rated_audit):
    audit = rated_audit()
    with pytest.raises(TransitionNotAllowed):
        services.audit_start(audit=audit, by=officer)  # already in progress
    case = services.concern_open(provider=home["service"].provider, by=officer, summary="Concerns")
    with pytest.raises(TransitionNotAllowed):
        services.concern_move(case=case, by=officer, event="lift_suspension", note="Nothing to lift")
    assert ConcernCase.objects.get().stage == ConcernStage.INITIAL_MEETING
