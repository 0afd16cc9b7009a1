"""Brokerage through the service layer: request, front door, eligibility, direct award, further
competition, the agreement, unmet need and spot purchase, with the refusals users see."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage import services
from commissioning.brokerage.choices import (
    AgreementStatus,
    CompetitionStatus,
    DirectAwardReason,
    FrontDoorOption,
    FrontDoorOutcome,
    OfferStatus,
    RequestStatus,
    UnmetReason,
    Urgency,
)
from commissioning.brokerage.models import CareRequest, Person
from commissioning.brokerage.transitions import TransitionNotAllowed
from commissioning.procurement.choices import MembershipStatus
from commissioning.providers.models import ServiceType

from .fixtures import PERSON


def _user_of(make_user, membership):
    return make_user(Role.PROVIDER_USER, provider=membership.provider)


# Requests -----------------------------------------------------------------------------------

def test_a_request_joins_the_queue_with_its_locality_and_pseudonymous_person(make_request):
    care = make_request(front_door=False)
    assert care.status == RequestStatus.NEW
    assert care.locality.name == "Central" and care.person.reference.startswith("P-")
    assert care.status_events.get().event == "requested"


@pytest.mark.parametrize(("field", "text", "message"), [
    ("needs", "Margaret Oyelaran needs help to wash", "Remove the person's name from the needs"),
    ("outcomes", "Stay at home at DE22 1GB", "Remove the full postcode from the outcomes"),
    ("needs", "Born 1941-03-09, needs help", "Remove the date of birth from the needs"),
])
def test_free_text_that_identifies_the_person_is_refused(make_request, field, text, message):
    with pytest.raises(ValidationError) as error:
        make_request(**{field: text})
    assert message in " ".join(error.value.messages)
    assert not CareRequest.objects.exists()


def test_a_postcode_outside_the_council_and_a_service_the_lot_does_not_buy_are_refused(make_request):
    with pytest.raises(ValidationError) as error:
        make_request(postcode="NG1 1AA", service_type=ServiceType.objects.get(code="care-home-nursing"))
    messages = " ".join(error.value.messages)
    assert "one of the council's localities" in messages and "does not buy" in messages


def test_the_visit_pattern_gives_the_weekly_hours(make_request):
    care = make_request(hours=None, visits_per_day=4, minutes_per_visit=30, days_per_week=7)
    assert care.weekly_hours == Decimal("14.00")


def test_sourcing_needs_the_front_door_first(make_request, make_member, broker):
    member = make_member()
    care = make_request(front_door=False)
    with pytest.raises(ValidationError, match="front-door"):
        services.direct_award(request=care, by=broker, provider=member.provider, reason="choice", note="Chosen")
    with pytest.raises(ValidationError, match="front-door"):
        services.competition_open(request=care, by=broker)


def test_a_front_door_option_that_meets_the_need_closes_the_request(make_request, broker):
    care = make_request(front_door=False)
    services.front_door_record(request=care, by=broker, option=FrontDoorOption.SHARED_LIVES,
                               outcome=FrontDoorOutcome.MET)
    care.refresh_from_db()
    assert care.status == RequestStatus.MET_BY_FRONT_DOOR


# Eligibility and ranking --------------------------------------------------------------------

def test_only_able_members_are_eligible(make_request, make_member, market):
    able = make_member()
    make_member(admitted_on=timezone.localdate() + timedelta(days=1))  # admitted later
    suspended = make_member()
    suspended.status = MembershipStatus.SUSPENDED
    suspended.save()
    make_member(council_rag="red")
    make_member(hours=5)  # not enough capacity for 10 hours
    barred = make_member()
    barred.provider.new_placements_suspended = True
    barred.provider.save()
    make_member(rate=None)  # no tendered rate
    care = make_request()
    assert [e.provider for e in services.eligible_providers(care)] == [able.provider]


def test_specialisms_and_capacity_already_committed_count(make_request, make_member, broker):
    make_member(specialisms=["dementia"], hours=15)
    plain = make_member()
    care = make_request(specialisms=["dementia"])
    assert len(services.eligible_providers(care)) == 1
    first = services.eligible_providers(care)[0]
    assert first.provider != plain.provider
    services.direct_award(request=care, by=broker, provider=first.provider, reason="choice", note="Person's wish")
    second = make_request(specialisms=["dementia"])
    assert services.eligible_providers(second) == []  # 10 of its 15 hours are committed


def test_a_lot_that_does_not_cover_the_locality_has_nobody_eligible(make_request, make_member, market):
    make_member()
    market["lot"].localities.set(market["lot"].localities.exclude(name="Central"))
    assert services.eligible_providers(make_request()) == []


def test_eligible_providers_are_ranked_by_quality_price_and_distance(make_request, make_member):
    cheap = make_member(rate=2000, score=Decimal("50"))
    good = make_member(rate=2400, score=Decimal("95"))
    far_twin = make_member(rate=2400, score=Decimal("95"), latitude="52.99000", longitude="-1.60000")
    ranked = services.eligible_providers(make_request())
    assert [e.provider for e in ranked] == [good.provider, far_twin.provider, cheap.provider]
    assert ranked[0].weekly_cost_pence == 24_000 and ranked[-1].price_points == Decimal("100.00")


# Direct award and the agreement -------------------------------------------------------------

def test_a_direct_award_makes_an_agreement_the_provider_accepts(make_request, make_member, broker, make_user):
    member = make_member(rate=2250)
    care = make_request(hours=Decimal("7.5"))
    agreement = services.direct_award(request=care, by=broker, provider=member.provider,
                                      reason=DirectAwardReason.CONTINUITY, note="Same carers as before")
    assert agreement.weekly_cost_pence == 16_875 and agreement.status == AgreementStatus.OFFERED
    care.refresh_from_db()
    assert care.status == RequestStatus.AWARDED
    services.agreement_respond(agreement=agreement, by=_user_of(make_user, member), accept=True)
    care.refresh_from_db()
    assert care.status == RequestStatus.PLACED and care.sourced_at is not None


def test_a_direct_award_needs_a_reason_an_explanation_and_an_eligible_provider(make_request, make_member, broker):
    make_member()
    outsider = make_member(council_rag="red")
    care = make_request()
    with pytest.raises(ValidationError) as error:
        services.direct_award(request=care, by=broker, provider=outsider.provider, reason="", note="")
    messages = " ".join(error.value.messages)
    assert "Choose the reason" in messages and "Explain" in messages and "not eligible" in messages
    care.refresh_from_db()
    assert care.status == RequestStatus.NEW and not care.agreements.exists()


def test_a_declined_agreement_sends_the_request_back_with_the_reason(make_request, make_member, broker, make_user):
    member = make_member()
    care = make_request()
    agreement = services.direct_award(request=care, by=broker, provider=member.provider, reason="choice", note="x")
    user = _user_of(make_user, member)
    with pytest.raises(ValidationError, match="reason for declining"):
        services.agreement_respond(agreement=agreement, by=user, accept=False, reason=" ")
    services.agreement_respond(agreement=agreement, by=user, accept=False, reason="No carers on that run")
    care.refresh_from_db()
    agreement.refresh_from_db()
    assert care.status == RequestStatus.NEW and agreement.status == AgreementStatus.DECLINED
    assert "No carers on that run" in care.status_events.last().note
    with pytest.raises(TransitionNotAllowed):
        services.agreement_respond(agreement=agreement, by=user, accept=True)


def test_only_the_provider_offered_an_agreement_can_answer_it(make_request, make_member, broker, other_provider_user):
    member = make_member()
    agreement = services.direct_award(request=make_request(), by=broker, provider=member.provider,
                                      reason="choice", note="x")
    with pytest.raises(ValidationError, match="Only the provider"):
        services.agreement_respond(agreement=agreement, by=other_provider_user, accept=True)


def test_a_request_cannot_be_awarded_twice(make_request, make_member, broker):
    first, second = make_member(), make_member()
    care = make_request()
    services.direct_award(request=care, by=broker, provider=first.provider, reason="choice", note="x")
    with pytest.raises(TransitionNotAllowed):
        services.direct_award(request=care, by=broker, provider=second.provider, reason="choice", note="x")


# Further competition ------------------------------------------------------------------------

def _offer(make_user, competition, member, rate, start_in=7, answers="Regular team of three carers"):
    return services.offer_submit(competition=competition, by=_user_of(make_user, member), rate_pence=rate,
                                 start_date=timezone.localdate() + timedelta(days=start_in),
                                 answers={q.pk: answers for q in competition.questions.all()})


def _close(competition):
    """Close at the deadline, unless every invited provider has answered and it closed already."""
    competition.refresh_from_db()
    if competition.status == CompetitionStatus.OPEN:
        services.competition_close(competition=competition, at=competition.closes_at)
    competition.refresh_from_db()
    return competition


def _score(competition, evaluator, scores: dict):
    """The evaluator scores every answer of each provider's offer with the score given for it."""
    for offer in competition.offers.filter(status=OfferStatus.SUBMITTED):
        for question in competition.questions.all():
            services.offer_score_record(offer=offer, question=question, evaluator=evaluator,
                                        score=scores[offer.provider_id], reason="Scored against the outcome")


def _close_score_rank(competition, broker, evaluator, scores: dict):
    competition = _close(competition)
    _score(competition, evaluator, scores)
    services.competition_rank(competition=competition, by=broker)
    competition.refresh_from_db()
    return competition


def test_a_competition_goes_to_every_eligible_member_and_closes_by_the_urgency(
        make_request, make_member, broker, django_capture_on_commit_callbacks):
    members = [make_member() for _ in range(3)]
    make_member(council_rag="red")
    care = make_request(urgency=Urgency.URGENT)
    with django_capture_on_commit_callbacks(execute=True):
        competition = services.competition_open(request=care, by=broker)
    assert {i.provider for i in competition.invites.all()} == {m.provider for m in members}
    assert competition.closes_at - competition.opened_at == timedelta(hours=48)
    assert len(mail.outbox) == 3


def test_a_standard_request_gets_five_working_days_over_bank_holidays(make_request, make_member, broker):
    from datetime import datetime
    opened = timezone.make_aware(datetime(2026, 12, 23, 10, 0))
    closes = services.response_deadline(opened, Urgency.STANDARD)
    # 24, 29, 30, 31 December and 2 January: Christmas, Boxing Day (28th substitute) and New Year skipped.
    assert timezone.localtime(closes).date().isoformat() == "2027-01-04"


def test_offers_are_ranked_by_the_weighting_and_the_top_is_awarded(make_request, make_member, broker, make_user,
                                                                   django_capture_on_commit_callbacks):
    a = make_member(score=Decimal("90"))
    b = make_member(score=Decimal("60"))
    c = make_member(score=Decimal("90"))
    care = make_request()
    competition = services.competition_open(request=care, by=broker)
    _offer(make_user, competition, a, 2500)
    _offer(make_user, competition, b, 2000)
    _offer(make_user, competition, c, 2500, start_in=3)  # same points as a, earlier start
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.CLOSED  # every invited provider answered: closed early
    evaluator = make_user(Role.EVALUATOR)
    competition = _close_score_rank(competition, broker, evaluator,
                                    {a.provider_id: 5, b.provider_id: 3, c.provider_id: 5})
    offers = list(competition.offers.order_by("rank"))
    assert [o.provider for o in offers] == [c.provider, a.provider, b.provider]
    # quality: every answer scored 5 of 5 = 100 × 60% + price 2000 / 2500 × 100 = 80 × 40% = 92
    assert offers[0].quality_points == Decimal("100.00") and offers[0].total_points == Decimal("92.00")
    assert offers[2].quality_points == Decimal("60.00") and offers[2].price_points == Decimal("100.00")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        agreement = services.competition_award(competition=competition, offer=offers[0], by=broker)
    assert agreement.rate_pence == 2500 and agreement.start_date == offers[0].start_date
    statuses = dict(competition.offers.values_list("provider_id", "status"))
    assert statuses[b.provider_id] == OfferStatus.NOT_AWARDED
    told = {m.to[0]: m.body for m in mail.outbox}
    assert "ranked 3 of 3 and was not awarded" in told[b.provider.contact_email]


def test_awarding_other_than_the_top_offer_needs_a_reason(make_request, make_member, broker, make_user):
    a, b = make_member(score=Decimal("90")), make_member(score=Decimal("40"))
    competition = services.competition_open(request=make_request(), by=broker)
    _offer(make_user, competition, a, 2200)
    _offer(make_user, competition, b, 2200)
    competition = _close_score_rank(competition, broker, make_user(Role.EVALUATOR), {a.provider_id: 5,
                                                                                     b.provider_id: 2})
    second = competition.offers.get(rank=2)
    with pytest.raises(ValidationError, match="ranked 2"):
        services.competition_award(competition=competition, offer=second, by=broker)
    agreement = services.competition_award(competition=competition, offer=second, by=broker,
                                           note="Person already knows this provider's carers")
    assert agreement.provider == b.provider


def test_a_provider_admitted_after_the_competition_opened_is_not_added(make_request, make_member, broker, make_user):
    make_member()
    competition = services.competition_open(request=make_request(), by=broker)
    late = make_member()
    with pytest.raises(ValidationError, match="not invited"):
        _offer(make_user, competition, late, 2000)


def test_offers_after_the_deadline_and_bad_offers_are_refused(make_request, make_member, broker, make_user):
    member = make_member()
    competition = services.competition_open(request=make_request(), by=broker)
    with pytest.raises(ValidationError) as error:
        services.offer_submit(competition=competition, by=_user_of(make_user, member), rate_pence=0,
                              start_date=timezone.localdate() - timedelta(days=1), answers={})
    problems = error.value.message_dict
    assert problems["rate"] == ["Your price must be more than £0"]
    assert problems["start_date"] == ["The date you can start must be today or in the future"]
    assert {f"answer_{q.pk}" for q in competition.questions.all()} <= set(problems)
    competition.closes_at = timezone.now() - timedelta(seconds=1)
    competition.save()
    with pytest.raises(ValidationError, match="Offers closed"):
        _offer(make_user, competition, member, 2000)


def test_a_competition_with_no_offers_leaves_the_need_unmet(make_request, make_member, broker):
    make_member()
    care = make_request()
    competition = _close(services.competition_open(request=care, by=broker))
    care.refresh_from_db()
    assert competition.status == CompetitionStatus.NO_AWARD
    assert care.status == RequestStatus.UNMET and care.unmet_reason == UnmetReason.NO_OFFERS


def test_a_competition_cannot_close_before_its_deadline(make_request, make_member, broker):
    make_member()
    competition = services.competition_open(request=make_request(), by=broker)
    with pytest.raises(ValidationError, match="open until"):
        services.competition_close(competition=competition)


def test_nobody_eligible_means_no_competition(make_request, broker):
    with pytest.raises(ValidationError, match="unmet need"):
        services.competition_open(request=make_request(), by=broker)


# Unmet need and spot purchase ---------------------------------------------------------------

def test_unmet_need_then_a_spot_purchase_approved_by_someone_else(make_request, broker, make_user, provider):
    care = make_request()
    services.request_mark_unmet(request=care, by=broker, reason=UnmetReason.NO_PROVIDER)
    with pytest.raises(ValidationError, match="20 characters"):
        services.waiver_request(request=care, by=broker, provider=provider, rate_pence=2600, reason="None")
    services.waiver_request(request=care, by=broker, provider=provider, rate_pence=2600,
                            reason="No list member covers the rural edge of DE73 this month")
    with pytest.raises(ValidationError, match="Someone other"):
        services.waiver_decide(request=care, by=broker, approve=True)
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    care = services.waiver_decide(request=care, by=head, approve=True)
    agreement = care.agreements.get()
    assert care.status == RequestStatus.AWARDED and care.waiver_approved_by == head
    assert agreement.route == "spot" and agreement.weekly_cost_pence == 26_000


def test_a_refused_waiver_leaves_the_need_unmet(make_request, broker, make_user, provider):
    care = make_request()
    services.waiver_request(request=care, by=broker, provider=provider, rate_pence=2600,
                            reason="No list member can start within the week needed")
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    with pytest.raises(ValidationError, match="reason for refusing"):
        services.waiver_decide(request=care, by=head, approve=False)
    care = services.waiver_decide(request=care, by=head, approve=False, note="Try the list again next week")
    assert care.status == RequestStatus.UNMET


def test_the_person_is_kept_once_and_referenced(make_request):
    make_request()
    assert Person.objects.get().reference == "P-000001"
    assert Person.objects.get().name == PERSON["name"]


def test_the_command_closes_only_competitions_past_their_deadline(make_request, make_member, broker):
    from io import StringIO

    from django.core.management import call_command

    from commissioning.brokerage.models import Competition
    make_member()
    due = services.competition_open(request=make_request(), by=broker)
    running = services.competition_open(request=make_request(), by=broker)
    Competition.objects.filter(pk=due.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    out = StringIO()
    call_command("close_competitions", stdout=out)
    assert "1 competition closed" in out.getvalue()
    assert set(Competition.objects.values_list("pk", "status")) == {(due.pk, "no_award"), (running.pk, "open")}
