"""Every (status, event) pair of every brokerage workflow, through the public services: a record put
in the state by a state factory moves to the table's status and leaves its status-event row, and a
pair not in the table is refused with TransitionNotAllowed and changes nothing."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage import services
from commissioning.brokerage.choices import (
    AgreementStatus,
    AllocationStatus,
    CompetitionStatus,
    FrontDoorOption,
    FrontDoorOutcome,
    OfferStatus,
    RequestStatus,
    UnmetReason,
)
from commissioning.brokerage.models import OfferScore
from commissioning.brokerage.transitions import (
    AGREEMENT_TRANSITIONS,
    ALLOCATION_TRANSITIONS,
    COMPETITION_TRANSITIONS,
    OFFER_TRANSITIONS,
    REQUEST_TRANSITIONS,
    TransitionNotAllowed,
)
from commissioning.core.models import AuditEvent
from commissioning.procurement.tests.factories import LotFactory
from commissioning.providers.tests.factories import ProviderFactory

from .factories import (
    AgreementOfferedFactory,
    AllocationProposedFactory,
    CareRequestFactory,
    CompetitionDueFactory,
    CompetitionOpenFactory,
    CompetitionRankedFactory,
    InviteFactory,
    OfferSubmittedFactory,
    QuestionFactory,
    RequestInCompetitionFactory,
    RequestWaiverPendingFactory,
)

pytestmark = pytest.mark.django_db


def _pairs(table, statuses, events=None):
    events = events or sorted({event for _, event in table})
    return [(status, event) for status in statuses for event in events]


@pytest.fixture
def head(make_user):
    return make_user(Role.HEAD_OF_COMMISSIONING)


def _request_event(event, care, *, broker, head, make_member, make_user):
    """Call the public service that raises `event` on the request `care`."""
    if event in ("front_door_checked", "front_door_met"):
        outcome = FrontDoorOutcome.MET if event == "front_door_met" else FrontDoorOutcome.NOT_SUITABLE
        services.front_door_record(request=care, by=broker, option=FrontDoorOption.SHARED_LIVES, outcome=outcome)
    elif event == "direct_award":
        member = make_member()
        services.direct_award(request=care, by=broker, provider=member.provider, reason="choice", note="Chosen")
    elif event == "open_competition":
        make_member()
        services.competition_open(request=care, by=broker)
    elif event == "mark_unmet":
        services.request_mark_unmet(request=care, by=broker, reason=UnmetReason.NO_PROVIDER)
    elif event == "request_waiver":
        services.waiver_request(request=care, by=broker, provider=ProviderFactory(), rate_pence=2600,
                                reason="No member of the list covers this village at all.")
    elif event == "cancel":
        services.request_cancel(request=care, by=broker, reason="The person moved to another council")
    elif event == "award":
        competition = CompetitionRankedFactory(request=care)
        offer = OfferSubmittedFactory(invite=InviteFactory(competition=competition))
        services.competition_award(competition=competition, offer=offer, by=broker)
    elif event == "no_award":
        services.competition_close(competition=CompetitionDueFactory(request=care))
    elif event == "send_to_reserve":
        reserve = LotFactory(approved_list=care.lot.approved_list, number=9, is_reserve=True)
        reserve.service_types.set(care.lot.service_types.all())
        reserve.localities.set(care.lot.localities.all())
        reserve.reserve_for.add(care.lot)
        services.request_send_to_reserve(request=care, by=broker, lot=reserve, reason="No member could take it")
    elif event in ("approve_waiver", "refuse_waiver"):
        services.waiver_decide(request=care, by=head, approve=event == "approve_waiver", note="Decided")
    elif event in ("accept", "decline"):
        agreement = AgreementOfferedFactory(request=care)
        services.agreement_respond(agreement=agreement, by=make_user(Role.PROVIDER_USER, provider=agreement.provider),
                                   accept=event == "accept", reason="" if event == "accept" else "No carers free")
    elif event == "direct_payment":
        from commissioning.directpayments.services import direct_payment_create

        direct_payment_create(by=make_user(Role.SOCIAL_WORKER), request=care, hours_per_week=Decimal("10"),
                              hourly_rate_pence=2000, other_weekly_pence=0, other_weekly_reason="",
                              start_date=date(2026, 1, 5), review_date=date(2026, 2, 16), held_as="card",
                              account_reference="CARD-1")
    else:
        raise AssertionError(f"No service raises {event}")


@pytest.mark.parametrize(("status", "event"), _pairs(REQUEST_TRANSITIONS, RequestStatus.values))
def test_each_request_event_moves_a_request_as_its_table_says_or_is_refused(
        status, event, market, make_member, broker, head, make_user):
    factory = RequestWaiverPendingFactory if event in ("approve_waiver", "refuse_waiver") else CareRequestFactory
    care = factory(lot=market["lot"], status=status)
    expected = REQUEST_TRANSITIONS.get((status, event))
    act = lambda: _request_event(event, care, broker=broker, head=head, make_member=make_member,  # noqa: E731
                                 make_user=make_user)
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            act()
        care.refresh_from_db()
        assert care.status == status and not care.status_events.exists()
        return
    act()
    care.refresh_from_db()
    assert care.status == expected
    row = care.status_events.last()
    assert (row.event, row.from_status, row.to_status) == (event, status, expected)


@pytest.mark.parametrize(("status", "event"), _pairs(COMPETITION_TRANSITIONS, CompetitionStatus.values,
                                                     ["close", "rank", "award"]))
def test_each_competition_event_moves_a_competition_as_its_table_says_or_is_refused(status, event, broker,
                                                                                    make_user):
    competition = CompetitionDueFactory(status=status)
    offer = OfferSubmittedFactory(invite=InviteFactory(competition=competition))
    question = QuestionFactory(competition=competition)
    OfferScore.objects.create(offer=offer, question=question, evaluator=make_user(Role.EVALUATOR), score=4,
                              reason="Clear plan")
    expected = COMPETITION_TRANSITIONS.get((status, event))

    def act():
        if event == "close":
            services.competition_close(competition=competition)
        elif event == "rank":
            services.competition_rank(competition=competition, by=broker)
        else:
            services.competition_award(competition=competition, offer=offer, by=broker)
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            act()
        competition.refresh_from_db()
        assert competition.status == status and not competition.status_events.exists()
        return
    act()
    competition.refresh_from_db()
    assert competition.status == expected
    row = competition.status_events.last()
    assert (row.event, row.from_status, row.to_status) == (event, status, expected)


def test_a_competition_closing_with_no_offers_is_closed_then_closed_without_an_award():
    competition = CompetitionDueFactory()
    services.competition_close(competition=competition)
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.NO_AWARD
    assert [(e.event, e.from_status, e.to_status) for e in competition.status_events.all()] == [
        ("close", "open", "closed"), ("no_award", "closed", "no_award")]
    assert competition.request.status_events.last().event == "no_award"


@pytest.mark.parametrize("status", OfferStatus.values)
def test_submitting_again_revises_or_resubmits_an_offer_as_its_table_says_or_is_refused(status):
    offer = OfferSubmittedFactory(status=status)
    event = "revise" if status == OfferStatus.SUBMITTED else "resubmit"
    expected = OFFER_TRANSITIONS.get((status, event))

    def act():
        services.offer_submit(competition=offer.competition, by=offer.submitted_by, rate_pence=2100,
                              start_date=timezone.localdate() + timedelta(days=3), outcome_answers="Revised")
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            act()
        offer.refresh_from_db()
        assert offer.status == status and offer.revisions.count() == 1
        return
    act()
    offer.refresh_from_db()
    assert offer.status == expected and offer.rate_pence == 2100
    row = offer.status_events.last()
    assert (row.event, row.from_status, row.to_status) == (event, status, expected)


@pytest.mark.parametrize(("status", "event"), _pairs(OFFER_TRANSITIONS, OfferStatus.values, ["withdraw", "award"]))
def test_withdrawing_or_awarding_an_offer_moves_it_as_its_table_says_or_is_refused(status, event, broker):
    factory = CompetitionOpenFactory if event == "withdraw" else CompetitionRankedFactory
    offer = OfferSubmittedFactory(invite=InviteFactory(competition=factory()), status=status)
    expected = OFFER_TRANSITIONS.get((status, event))

    def act():
        if event == "withdraw":
            services.offer_withdraw(offer=offer, by=offer.submitted_by)
        else:
            services.competition_award(competition=offer.competition, offer=offer, by=broker)
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            act()
        offer.refresh_from_db()
        assert offer.status == status and not offer.status_events.exists()
        return
    act()
    offer.refresh_from_db()
    assert offer.status == expected
    row = offer.status_events.last()
    assert (row.event, row.from_status, row.to_status) == (event, status, expected)


@pytest.mark.parametrize("status", OfferStatus.values)
def test_awarding_another_offer_tells_only_the_submitted_offers_they_were_not_awarded(status, broker):
    competition = CompetitionRankedFactory(request=RequestInCompetitionFactory())
    winner = OfferSubmittedFactory(invite=InviteFactory(competition=competition))
    other = OfferSubmittedFactory(invite=InviteFactory(competition=competition), status=status, rank=2)
    services.competition_award(competition=competition, offer=winner, by=broker)
    other.refresh_from_db()
    expected = OFFER_TRANSITIONS.get((status, "not_award"))
    if expected is None:
        assert other.status == status and not other.status_events.exists()
    else:
        assert other.status == expected
        row = other.status_events.last()
        assert (row.event, row.from_status, row.to_status) == ("not_award", status, expected)


@pytest.mark.parametrize(("status", "event"), _pairs(AGREEMENT_TRANSITIONS, AgreementStatus.values))
def test_each_agreement_event_moves_an_agreement_as_its_table_says_or_is_refused(status, event, make_user):
    agreement = AgreementOfferedFactory(status=status)
    provider_user = make_user(Role.PROVIDER_USER, provider=agreement.provider)
    expected = AGREEMENT_TRANSITIONS.get((status, event))

    def act():
        if event == "end":
            services.agreement_end(agreement=agreement, by=make_user(Role.BROKER), reason="The person moved away")
        else:
            services.agreement_respond(agreement=agreement, by=provider_user, accept=event == "accept",
                                       reason="No carers free")
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            act()
        agreement.refresh_from_db()
        assert agreement.status == status and not agreement.status_events.exists()
        return
    act()
    agreement.refresh_from_db()
    assert agreement.status == expected
    row = agreement.status_events.last()
    assert (row.event, row.from_status, row.to_status) == (event, status, expected)
    assert AuditEvent.objects.filter(object_id=agreement.pk, action=AuditEvent.Action.STATUS_CHANGED).exists()


@pytest.mark.parametrize(("status", "event"), _pairs(ALLOCATION_TRANSITIONS, AllocationStatus.values))
def test_each_allocation_event_moves_a_proposal_as_its_table_says_or_is_refused(status, event, broker):
    run = AllocationProposedFactory(status=status)
    expected = ALLOCATION_TRANSITIONS.get((status, event))
    act = {"award": services.allocation_award, "discard": services.allocation_discard}[event]
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            act(run=run, by=broker)
        run.refresh_from_db()
        assert run.status == status and not run.status_events.exists()
        return
    act(run=run, by=broker)
    run.refresh_from_db()
    assert run.status == expected
    row = run.status_events.last()
    assert (row.event, row.from_status, row.to_status, row.by) == (event, status, expected, broker)
