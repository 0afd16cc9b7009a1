"""The Approved Provider List round through the services: apply, evaluate, decide, membership."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.procurement import selectors, services
from commissioning.procurement.choices import AdmissionMode, ApplicationStatus, ListStatus, MembershipStatus
from commissioning.procurement.domain import evaluation
from commissioning.procurement.models import Membership, ReopeningWindow
from commissioning.procurement.transitions import TransitionNotAllowed
from commissioning.providers.tests.factories import ServiceFactory

from . import rounds
from .factories import ApprovedListFactory, LotFactory, OpenListFactory

pytestmark = pytest.mark.django_db
FUTURE = date(2030, 1, 1)


@pytest.fixture
def people(make_user):
    return {
        "officer": make_user(Role.PROCUREMENT_OFFICER),
        "ev1": make_user(Role.EVALUATOR),
        "ev2": make_user(Role.EVALUATOR),
    }


@pytest.fixture
def open_list(db):
    return OpenListFactory()


def _complete(application, user, lots, insurance=FUTURE):
    return rounds.complete(application, user, lots, insurance)


def _submitted(open_list, provider_user, lots=None, insurance=FUTURE):
    ServiceFactory(provider=provider_user.provider, cqc_rating="good")
    application = services.application_start(approved_list=open_list, provider=provider_user.provider,
                                             by=provider_user)
    _complete(application, provider_user, lots or list(open_list.lots.all()[:2]), insurance)
    return services.application_submit(application=application, by=provider_user)


def _moderate(application, officer, scores=(4, 4), safeguarding=1):
    questions = {q.number: q for q in selectors.questions_for_evaluators(application.approved_list)}
    agreed = {questions[3].pk: (safeguarding, "Policy seen"), questions[4].pk: (scores[0], "Strong"),
              questions[5].pk: (scores[1], "Good")}
    return services.scores_moderate(application=application, moderator=officer, agreed=agreed)


def test_a_submitted_application_locks_its_answers_and_starts_the_clock(open_list, provider_user):
    application = _submitted(open_list, provider_user)
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.decision_due == evaluation.decision_due(timezone.localdate())
    with pytest.raises(ValidationError, match="locked"):
        _complete(application, provider_user, list(open_list.lots.all()))


def test_an_incomplete_application_cannot_be_submitted(open_list, provider_user):
    application = services.application_start(approved_list=open_list, provider=provider_user.provider,
                                             by=provider_user)
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, by=provider_user)
    assert "lots" in error.value.message_dict
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_a_closed_or_paused_list_takes_no_applications(provider_user):
    for status in (ListStatus.DRAFT, ListStatus.PAUSED, ListStatus.CLOSED):
        with pytest.raises(ValidationError, match="not taking applications"):
            services.application_start(approved_list=ApprovedListFactory(status=status),
                                       provider=provider_user.provider, by=provider_user)


def test_a_list_that_reopens_in_windows_takes_applications_only_inside_one(provider_user):
    approved_list = OpenListFactory(admission_mode=AdmissionMode.WINDOWS)
    today = timezone.localdate()
    ReopeningWindow.objects.create(approved_list=approved_list, opens_on=today + timedelta(days=5),
                                   closes_on=today + timedelta(days=30))
    with pytest.raises(ValidationError):
        services.application_start(approved_list=approved_list, provider=provider_user.provider, by=provider_user)
    ReopeningWindow.objects.create(approved_list=approved_list, opens_on=today - timedelta(days=1), closes_on=today)
    assert services.application_start(approved_list=approved_list, provider=provider_user.provider, by=provider_user)


def test_evaluators_score_alone_and_scores_outside_the_scale_are_refused(open_list, provider_user, people):
    application = _submitted(open_list, provider_user)
    q4 = open_list.questions.get(number=4)
    services.score_record(application=application, question=q4, evaluator=people["ev1"], score=4, reason="Good")
    services.score_record(application=application, question=q4, evaluator=people["ev2"], score=2, reason="Thin")
    for bad in (-1, 6, None):
        with pytest.raises(ValidationError):
            services.score_record(application=application, question=q4, evaluator=people["ev1"], score=bad,
                                  reason="x")
    with pytest.raises(ValidationError, match="reason"):
        services.score_record(application=application, question=q4, evaluator=people["ev1"], score=3, reason=" ")
    assert application.scores.get(evaluator=people["ev1"]).score == 4


def test_system_conditions_come_from_the_register_and_the_answers(open_list, provider_user):
    application = _submitted(open_list, provider_user, insurance=date(2020, 1, 1))
    results = selectors.system_conditions(application, timezone.localdate())
    by_number = {open_list.questions.get(pk=k).number: v for k, v in results.items()}
    assert by_number[1][0] is True
    assert by_number[2] == (False, "Insurance expired on 01 January 2020")


def test_a_provider_rated_below_good_fails_the_cqc_condition(open_list, provider_user, people):
    application = _submitted(open_list, provider_user)
    ServiceFactory(provider=provider_user.provider, cqc_rating="requires_improvement")
    application = _moderate(application, people["officer"])
    assert application.passed_conditions is False
    assert selectors.recommended_outcome(application) == (False, "A pass or fail condition was not met")


def test_moderation_applies_the_pass_mark(open_list, provider_user, people):
    application = _moderate(_submitted(open_list, provider_user), people["officer"], scores=(3, 3))
    assert application.weighted_score == 60  # (60×3 + 40×3) / 500
    assert selectors.recommended_outcome(application)[0] is True
    other = _moderate(_submitted(OpenListFactory(), provider_user), people["officer"], scores=(3, 2))
    assert other.weighted_score == 52
    assert selectors.recommended_outcome(other)[0] is False


def test_moderation_needs_every_question_agreed(open_list, provider_user, people):
    application = _submitted(open_list, provider_user)
    with pytest.raises(ValidationError):
        services.scores_moderate(application=application, moderator=people["officer"], agreed={})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_admission_to_some_lots_and_rejection_with_reasons(open_list, provider_user, people):
    application = _moderate(_submitted(open_list, provider_user), people["officer"])
    lot1, lot2 = open_list.lots.order_by("number")[:2]
    services.application_decide(application=application, by=people["officer"], outcomes={
        lot1.pk: ("admit", "Meets every condition"), lot2.pk: ("reject", "No service in this lot's area"),
    })
    membership = Membership.objects.get(provider=provider_user.provider)
    assert membership.lot == lot1 and membership.admitted_on == timezone.localdate()
    assert membership.insurance_expires_on == FUTURE
    assert application.decisions.get(lot=lot2).reasons == "No service in this lot's area"


def test_a_decision_without_reasons_changes_nothing(open_list, provider_user, people):
    application = _moderate(_submitted(open_list, provider_user), people["officer"])
    lot1, lot2 = open_list.lots.order_by("number")[:2]
    with pytest.raises(ValidationError) as error:
        services.application_decide(application=application, by=people["officer"],
                                    outcomes={lot1.pk: ("admit", ""), lot2.pk: ("reject", "x")})
    assert f"lot{lot1.pk}" in error.value.message_dict
    assert not Membership.objects.exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.MODERATED


def test_a_failed_application_cannot_be_admitted(open_list, provider_user, people):
    application = _moderate(_submitted(open_list, provider_user), people["officer"], safeguarding=0)
    lot1, lot2 = open_list.lots.order_by("number")[:2]
    with pytest.raises(ValidationError, match="Cannot admit"):
        services.application_decide(application=application, by=people["officer"],
                                    outcomes={lot1.pk: ("admit", "ok"), lot2.pk: ("reject", "x")})


def test_a_capped_lot_is_not_decided_first_come(open_list, make_user, people):
    lot1 = open_list.lots.get(number=1)
    lot1.member_cap = 1
    lot1.save()
    application = _moderate(_submitted(open_list, make_user(Role.PROVIDER_USER), lots=[lot1]), people["officer"])
    with pytest.raises(ValidationError, match="admits by rank"):
        services.application_decide(application=application, by=people["officer"], outcomes={lot1.pk: ("admit", "ok")})
    assert lot1.memberships.count() == 0


def test_the_lots_per_provider_limit_is_enforced_at_submission(provider_user):
    approved_list = OpenListFactory(max_lots_per_provider=1)
    application = services.application_start(approved_list=approved_list, provider=provider_user.provider,
                                             by=provider_user)
    _complete(application, provider_user, list(approved_list.lots.all()))
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, by=provider_user)
    assert "at most 1 lots" in error.value.message_dict["lots"][0]


def test_clarification_is_asked_and_answered_on_the_record(open_list, provider_user, people):
    application = _submitted(open_list, provider_user)
    clarification = services.clarification_ask(application=application, by=people["officer"],
                                               question="Which localities do you cover?")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CLARIFICATION
    with pytest.raises(ValidationError):
        services.score_record(application=application, question=open_list.questions.get(number=4),
                              evaluator=people["ev1"], score=3, reason="x")
    services.clarification_answer(clarification=clarification, by=provider_user, answer="All four")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert list(application.status_events.values_list("to_status", flat=True)) == [
        "submitted", "clarification", "submitted"]


def test_the_deadline_extends_once_to_fifteen_working_days_with_a_reason(open_list, provider_user, people):
    application = _submitted(open_list, provider_user)
    with pytest.raises(ValidationError):
        services.deadline_extend(application=application, by=people["officer"], reason="")
    services.deadline_extend(application=application, by=people["officer"], reason="Awaiting references")
    application.refresh_from_db()
    assert application.decision_due == evaluation.decision_due(timezone.localdate(), extended=True)
    with pytest.raises(ValidationError, match="already"):
        services.deadline_extend(application=application, by=people["officer"], reason="Again")


def test_lapsed_evidence_flags_the_member_for_reverification(open_list, provider_user, people):
    application = _moderate(_submitted(open_list, provider_user, insurance=date(2027, 1, 31)), people["officer"])
    lot1, lot2 = open_list.lots.order_by("number")[:2]
    services.application_decide(application=application, by=people["officer"],
                                outcomes={lot1.pk: ("admit", "ok"), lot2.pk: ("admit", "ok")})
    assert services.memberships_flag_lapsed_evidence(today=date(2027, 1, 31)) == 0
    assert services.memberships_flag_lapsed_evidence(today=date(2027, 2, 1)) == 2
    membership = Membership.objects.get(lot=lot1)
    assert membership.needs_reverification and "Insurance expired" in membership.reverification_reason
    services.membership_reverify(membership=membership, by=people["officer"], note="New certificate to 2028")
    membership.refresh_from_db()
    assert not membership.needs_reverification


def test_a_cqc_rating_falling_below_good_flags_the_member(open_list, provider_user, people):
    application = _moderate(_submitted(open_list, provider_user), people["officer"])
    lot1, lot2 = open_list.lots.order_by("number")[:2]
    services.application_decide(application=application, by=people["officer"],
                                outcomes={lot1.pk: ("admit", "ok"), lot2.pk: ("reject", "x")})
    provider_user.provider.services.update(cqc_rating="inadequate")
    assert services.memberships_flag_lapsed_evidence(today=timezone.localdate()) == 1
    assert "CQC condition no longer met" in Membership.objects.get().reverification_reason


def test_a_late_member_is_a_member_from_its_admission_date_only(open_list, provider_user, people):
    application = _moderate(_submitted(open_list, provider_user), people["officer"])
    lot1, lot2 = open_list.lots.order_by("number")[:2]
    services.application_decide(application=application, by=people["officer"],
                                outcomes={lot1.pk: ("admit", "ok"), lot2.pk: ("reject", "x")})
    today = timezone.localdate()
    assert list(selectors.members_on(lot1, today - timedelta(days=1))) == []
    assert [m.provider for m in selectors.members_on(lot1, today)] == [provider_user.provider]


def test_a_suspension_needs_a_reason_and_a_future_end_date(open_list, provider_user, people):
    application = _moderate(_submitted(open_list, provider_user), people["officer"])
    lot1, lot2 = open_list.lots.order_by("number")[:2]
    services.application_decide(application=application, by=people["officer"],
                                outcomes={lot1.pk: ("admit", "ok"), lot2.pk: ("reject", "x")})
    membership = Membership.objects.get()
    with pytest.raises(ValidationError) as error:
        services.membership_transition(membership=membership, event="suspend", by=people["officer"], reason="",
                                       until=timezone.localdate())
    assert set(error.value.message_dict) == {"reason", "until"}
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_opening_a_list_needs_lots_and_questions(administrator):
    approved_list = ApprovedListFactory()
    with pytest.raises(ValidationError, match="at least one lot"):
        services.list_transition(approved_list=approved_list, event="open", by=administrator)
    LotFactory(approved_list=approved_list)
    with pytest.raises(ValidationError, match="at least one question"):
        services.list_transition(approved_list=approved_list, event="open", by=administrator)


def test_lots_and_questions_change_only_while_draft(administrator):
    approved_list = OpenListFactory()
    lot = approved_list.lots.first()
    with pytest.raises(ValidationError, match="only change while the list is a draft"):
        services.lot_save(lot=lot, by=administrator, service_types=[], localities=[])


def test_decided_applications_cannot_be_withdrawn(open_list, provider_user, people):
    application = _moderate(_submitted(open_list, provider_user), people["officer"])
    lot1, lot2 = open_list.lots.order_by("number")[:2]
    services.application_decide(application=application, by=people["officer"],
                                outcomes={lot1.pk: ("admit", "ok"), lot2.pk: ("reject", "x")})
    with pytest.raises(TransitionNotAllowed):
        services.application_withdraw(application=application, by=provider_user)


def test_the_daily_command_flags_lapsed_members(open_list, provider_user, people, capsys):
    from django.core.management import call_command

    application = _moderate(_submitted(open_list, provider_user), people["officer"])
    lot1, lot2 = open_list.lots.order_by("number")[:2]
    services.application_decide(application=application, by=people["officer"],
                                outcomes={lot1.pk: ("admit", "ok"), lot2.pk: ("reject", "x")})
    Membership.objects.update(insurance_expires_on=date(2020, 1, 1))
    call_command("flag_lapsed_evidence")
    assert "1 membership flagged" in capsys.readouterr().out
    assert Membership.objects.get().needs_reverification


def test_a_cqc_import_rechecks_the_members(open_list, provider_user, people):
    from commissioning.providers.signals import cqc_import_finished

    application = _moderate(_submitted(open_list, provider_user), people["officer"])
    lot1, lot2 = open_list.lots.order_by("number")[:2]
    services.application_decide(application=application, by=people["officer"],
                                outcomes={lot1.pk: ("admit", "ok"), lot2.pk: ("reject", "x")})
    provider_user.provider.services.update(cqc_rating="requires_improvement")
    cqc_import_finished.send(sender=None, run=None, by=None)
    assert Membership.objects.get().needs_reverification


def test_a_suspension_ends_on_its_end_date(open_list, provider_user, people):
    application = _moderate(_submitted(open_list, provider_user), people["officer"])
    lot1, lot2 = open_list.lots.order_by("number")[:2]
    services.application_decide(application=application, by=people["officer"],
                                outcomes={lot1.pk: ("admit", "ok"), lot2.pk: ("reject", "x")})
    membership = Membership.objects.get()
    until = timezone.localdate() + timedelta(days=90)
    services.membership_transition(membership=membership, event="suspend", by=people["officer"],
                                   reason="Concern", until=until)
    assert services.memberships_end_suspensions(today=until - timedelta(days=1)) == 0
    assert services.memberships_end_suspensions(today=until) == 1
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE and membership.status_events.last().event == "reinstate"


def test_the_lapsed_evidence_service_flags_once_and_records_it_as_the_system():
    from commissioning.core.models import AuditEvent

    from .factories import MembershipFactory

    lapsed = MembershipFactory(insurance_expires_on=date(2027, 1, 31))
    in_force = MembershipFactory(insurance_expires_on=date(2027, 2, 1))
    assert services.memberships_flag_lapsed_evidence(today=date(2027, 2, 1)) == 1
    assert services.memberships_flag_lapsed_evidence(today=date(2027, 2, 1)) == 0
    lapsed.refresh_from_db()
    in_force.refresh_from_db()
    assert lapsed.needs_reverification and not in_force.needs_reverification
    row = lapsed.status_events.get()
    assert (row.event, row.by, row.from_status, row.to_status) == ("flag_reverification", None, "active", "active")
    audit = AuditEvent.objects.get(object_id=lapsed.pk, content_type__model="membership")
    assert audit.source == AuditEvent.Source.SCHEDULE and audit.changes == {"Needs re-verification": ["No", "Yes"]}
