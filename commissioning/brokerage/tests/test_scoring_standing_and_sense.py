"""Issue 11's brokerage bugs and what replaces them: an offer's quality is the evaluators' score of
its answers (not the admission score and CQC rating, which gave three offers 77.50 each); the
provider's standing is shown and an Amber provider under contract review needs a recorded reason;
a price outside the lot's limits or absurd (£99,999,999 an hour) is refused; a date of birth in
2030 is refused; reserve lots, early closing, fairness, CSV and the work waiting."""
import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage import services
from commissioning.brokerage.choices import CompetitionStatus, RequestStatus
from commissioning.brokerage.domain.scoring import QuestionScores, offer_quality
from commissioning.brokerage.models import CareRequest
from commissioning.brokerage.work import work_items
from commissioning.core.models import AuditEvent
from commissioning.procurement.tests.factories import LotFactory, PriceLineFactory
from commissioning.quality.tests.factories import ConcernCaseFactory, ContractReviewFactory

from .test_pages import _request_form
from .test_workflow import _close, _offer, _score, _user_of

pytestmark = pytest.mark.django_db


# Quality from the evaluators' scores --------------------------------------------------------

def test_offer_quality_is_the_weighted_share_of_the_top_score_and_unscored_is_not_nought():
    assert offer_quality([QuestionScores(2, (5,)), QuestionScores(1, (2,))], scale_max=5,
                         moderated=False) == Decimal("80.00")
    assert offer_quality([QuestionScores(1, (4, 5))], scale_max=5, moderated=False) == Decimal("90.00")
    assert offer_quality([QuestionScores(1, (5,))], scale_max=5, moderated=True) is None, "moderation awaited"
    assert offer_quality([QuestionScores(1, (5,), 3)], scale_max=5, moderated=True) == Decimal("60.00")
    assert offer_quality([QuestionScores(1, ())], scale_max=5, moderated=False) is None


def test_three_offers_from_equal_members_get_the_quality_their_answers_were_scored(
        make_request, make_member, broker, make_user):
    members = [make_member(score=Decimal("80")) for _ in range(3)]  # the same admission score and CQC rating
    competition = services.competition_open(request=make_request(), by=broker)
    for member in members:
        _offer(make_user, competition, member, 2200)
    competition = _close(competition)
    _score(competition, make_user(Role.EVALUATOR), dict(zip([m.provider_id for m in members], (5, 3, 1),
                                                            strict=True)))
    services.competition_rank(competition=competition, by=broker)
    quality = dict(competition.offers.values_list("provider_id", "quality_points"))
    assert [quality[m.provider_id] for m in members] == [Decimal("100.00"), Decimal("60.00"), Decimal("20.00")]


def test_offers_cannot_be_ranked_until_every_answer_is_scored_and_a_moderated_one_until_agreed(
        make_request, make_member, broker, make_user):
    a, b = make_member(), make_member()
    competition = services.competition_open(request=make_request(), by=broker, moderated=True)
    _offer(make_user, competition, a, 2200)
    _offer(make_user, competition, b, 2300)
    competition = _close(competition)
    with pytest.raises(ValidationError, match="not yet moderated"):
        services.competition_rank(competition=competition, by=broker)
    _score(competition, make_user(Role.EVALUATOR), {a.provider_id: 4, b.provider_id: 2})
    with pytest.raises(ValidationError, match="not yet moderated"):
        services.competition_rank(competition=competition, by=broker)
    moderator = make_user(Role.PROCUREMENT_OFFICER)
    questions = list(competition.questions.all())
    for member, agreed in ((a, 3), (b, 5)):
        offer = competition.offers.get(provider=member.provider)
        with pytest.raises(ValidationError, match="reason"):
            services.offer_scores_moderate(offer=offer, moderator=moderator,
                                           agreed={q.pk: (agreed, "") for q in questions})
        services.offer_scores_moderate(offer=offer, moderator=moderator,
                                       agreed={q.pk: (agreed, "Agreed at moderation") for q in questions})
    services.competition_rank(competition=competition, by=broker)
    assert competition.offers.get(provider=b.provider).quality_points == Decimal("100.00")


def test_a_score_above_the_scale_or_without_a_reason_is_refused(make_request, make_member, broker, make_user):
    member, _ = make_member(), make_member()
    competition = services.competition_open(request=make_request(), by=broker)
    offer = _offer(make_user, competition, member, 2200)
    question = competition.questions.first()
    with pytest.raises(ValidationError, match="after the competition closes"):
        services.offer_score_record(offer=offer, question=question, evaluator=make_user(Role.EVALUATOR), score=3,
                                    reason="Fine")
    competition = _close(competition)
    with pytest.raises(ValidationError) as error:
        services.offer_score_record(offer=offer, question=question, evaluator=make_user(Role.EVALUATOR), score=9,
                                    reason=" ")
    assert error.value.message_dict == {"score": ["Enter a score from 0 to 5"],
                                        "reason": ["Give the reason for this score"]}


# Early close and the scheduler ---------------------------------------------------------------

def test_offers_close_early_once_every_invited_provider_has_offered_or_declined(
        make_request, make_member, broker, make_user):
    a, b = make_member(), make_member()
    competition = services.competition_open(request=make_request(), by=broker)
    _offer(make_user, competition, a, 2200)
    with pytest.raises(ValidationError, match="reason"):
        services.invite_decline(competition=competition, by=_user_of(make_user, b), reason="")
    services.invite_decline(competition=competition, by=_user_of(make_user, b), reason="No carers in DE22")
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.CLOSED and competition.closed_at < competition.closes_at


# Standing: RAG, concerns, contract reviews, suspension ------------------------------------

def test_an_amber_provider_under_contract_review_shows_its_standing_and_needs_a_reason(
        client, make_request, make_member, broker):
    amber = make_member(score=Decimal("99"), council_rag="amber")
    make_member(score=Decimal("40"))
    ContractReviewFactory(audit__service=amber.provider.services.get())
    care = make_request()
    top = services.eligible_providers(care)[0]
    assert top.provider.pk == amber.provider_id
    assert top.standing.summary == "Council rating Amber; 1 open contract review"
    client.force_login(broker)
    page = client.get(reverse("brokerage:request_detail", args=[care.pk])).content.decode()
    assert "1 contract review open" in page and "Amber" in page
    with pytest.raises(ValidationError) as error:
        services.direct_award(request=care, by=broker, provider=amber.provider, reason="choice", note="Chosen")
    assert "Give the reason for placing with this provider" in error.value.message_dict["standing_reason"][0]
    agreement = services.direct_award(request=care, by=broker, provider=amber.provider, reason="choice",
                                      note="Chosen", standing_reason="The person's family chose it; review on track")
    assert agreement.standing_summary == "Council rating Amber; 1 open contract review"
    assert agreement.standing_reason == "The person's family chose it; review on track"


def test_an_amber_offer_is_refused_award_without_a_reason(make_request, make_member, broker, make_user):
    amber, green = make_member(council_rag="amber"), make_member(council_rag="green")
    competition = services.competition_open(request=make_request(), by=broker)
    _offer(make_user, competition, amber, 2000)
    _offer(make_user, competition, green, 2400)
    competition = _close(competition)
    _score(competition, make_user(Role.EVALUATOR), {amber.provider_id: 5, green.provider_id: 4})
    services.competition_rank(competition=competition, by=broker)
    top = competition.offers.get(rank=1)
    assert top.provider_id == amber.provider_id
    with pytest.raises(ValidationError, match="Council rating Amber"):
        services.competition_award(competition=competition, offer=top, by=broker)
    agreement = services.competition_award(competition=competition, offer=top, by=broker,
                                           standing_reason="Only provider able to start this week")
    assert agreement.standing_summary.startswith("Council rating Amber")


def test_red_suspended_and_providers_in_concerns_at_suspension_are_not_offered(make_request, make_member):
    red = make_member()
    red.provider.services.create(name="Second branch", council_rag="red", status="active")
    suspended = make_member()
    type(suspended.provider).objects.filter(pk=suspended.provider_id).update(new_placements_suspended=True)
    concerns = make_member()
    ConcernCaseFactory(provider=concerns.provider)
    eligible = {e.provider.pk: e for e in services.eligible_providers(make_request())}
    assert red.provider_id not in eligible and suspended.provider_id not in eligible
    assert eligible[concerns.provider_id].standing.open_concerns == 1
    assert eligible[concerns.provider_id].standing.needs_reason


# Price -------------------------------------------------------------------------------------

def test_an_offer_of_99999999_pounds_an_hour_is_refused_through_the_portal(
        client, make_request, make_member, broker, make_user):
    member, _ = make_member(), make_member()
    competition = services.competition_open(request=make_request(), by=broker)
    user = _user_of(make_user, member)
    client.force_login(user)
    data = {"action": "offer", "start_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
            **{f"answer_{q.pk}": "Two regular carers" for q in competition.questions.all()}}
    page = client.post(reverse("portal:competition", args=[competition.pk]), data | {"rate": "99999999"})
    text = page.content.decode()
    assert page.status_code == 200 and not competition.offers.exists()
    assert "Your price must be £1,000,000 or less" in text and "the the" not in text
    with pytest.raises(ValidationError) as error:
        services.offer_submit(competition=competition, by=user, rate_pence=9_999_999_900,
                              start_date=timezone.localdate() + timedelta(days=7),
                              answers={q.pk: "Two carers" for q in competition.questions.all()})
    assert error.value.message_dict["rate"] == [
        "Your price must be £200 an hour or less. Check the amount you typed"]
    page = client.post(reverse("portal:competition", args=[competition.pk]), data | {"rate": ""})
    assert "Enter your price" in page.content.decode()


def test_a_price_outside_the_lots_limits_is_refused_with_the_limit(make_request, make_member, broker, make_user,
                                                                   market):
    main = market["lot"].price_lines.filter(is_main=True).first() or PriceLineFactory(lot=market["lot"])
    main.min_pence, main.max_pence = 1900, 2600
    main.save()
    member = make_member()
    competition = services.competition_open(request=make_request(), by=broker)
    answers = {q.pk: "Two carers" for q in competition.questions.all()}
    start = timezone.localdate() + timedelta(days=7)
    for pence, message in ((1800, "Your price must be £19 an hour or more: the lowest price this lot allows"),
                           (2700, "Your price must be £26 an hour or less: the highest price this lot allows")):
        with pytest.raises(ValidationError) as error:
            services.offer_submit(competition=competition, by=_user_of(make_user, member), rate_pence=pence,
                                  start_date=start, answers=answers)
        assert error.value.message_dict["rate"] == [message]


# Forms with sense --------------------------------------------------------------------------

def test_a_date_of_birth_in_2030_or_130_years_ago_is_refused(client, market, social_worker):
    client.force_login(social_worker)
    for born, message in (("2030-03-09", "The date of birth must be in the past"),
                          (f"{timezone.localdate().year - 130}-03-09", "The date of birth must be after")):
        page = client.post(reverse("brokerage:request_create"), _request_form(market) | {"person-date_of_birth": born})
        assert page.status_code == 200 and message in page.content.decode()
    assert not CareRequest.objects.exists()
    assert services.date_of_birth_problem(timezone.localdate().replace(year=2030)) == \
        "The date of birth must be in the past"


def test_a_wanted_start_in_the_past_needs_the_reason_it_is_backdated(client, market, social_worker):
    client.force_login(social_worker)
    past = (timezone.localdate() - timedelta(days=3)).isoformat()
    page = client.post(reverse("brokerage:request_create"), _request_form(market) | {"care-start_date": past})
    assert "or give the reason it is backdated" in page.content.decode() and not CareRequest.objects.exists()
    response = client.post(reverse("brokerage:request_create"), _request_form(market) | {
        "care-start_date": past, "care-backdate_reason": "Hospital discharge on Friday; care began then"})
    assert response.status_code == 302 and CareRequest.objects.get().backdate_reason


# Reserve tier -------------------------------------------------------------------------------

def test_a_request_its_lot_could_not_place_goes_to_a_reserve_lot_and_is_placed_there(
        make_request, make_member, broker, market):
    care = make_request()
    services.request_mark_unmet(request=care, by=broker, reason="no_capacity")
    reserve = LotFactory(approved_list=market["list"], number=7, is_reserve=True)
    reserve.service_types.set(market["lot"].service_types.all())
    reserve.localities.set(market["lot"].localities.all())
    with pytest.raises(ValidationError, match="reserve lots"):
        services.request_send_to_reserve(request=care, by=broker, lot=reserve, reason="Nobody on lot 1")
    reserve.reserve_for.add(market["lot"])
    with pytest.raises(ValidationError, match="reason"):
        services.request_send_to_reserve(request=care, by=broker, lot=reserve, reason="")
    care = services.request_send_to_reserve(request=care, by=broker, lot=reserve, reason="Nobody on lot 1")
    assert care.status == RequestStatus.NEW and care.lot == reserve and care.primary_lot == market["lot"]
    member = make_member()
    member.lot = reserve
    member.save()
    agreement = services.direct_award(request=care, by=broker, provider=member.provider, reason="only_able",
                                      note="Reserve member")
    assert agreement.lot == reserve


# Fairness, CSV, the work waiting -------------------------------------------------------

def test_the_fairness_view_shows_each_members_share_of_awards(client, make_request, make_member, broker):
    a, b = make_member(), make_member()
    for _ in range(3):
        services.direct_award(request=make_request(), by=broker, provider=a.provider, reason="choice", note="Chosen")
    services.direct_award(request=make_request(), by=broker, provider=b.provider, reason="choice", note="Chosen")
    client.force_login(broker)
    page = client.get(reverse("brokerage:fairness"))
    shares = {r["provider"].pk: (r["awards"], r["share"]) for r in page.context["rows"]}
    assert shares == {a.provider_id: (3, Decimal("75.0")), b.provider_id: (1, Decimal("25.0"))}


def test_requests_and_agreements_download_as_csv_with_the_filters_applied(client, make_request, make_member,
                                                                           broker):
    member = make_member()
    placed, waiting = make_request(), make_request()
    services.direct_award(request=placed, by=broker, provider=member.provider, reason="choice", note="Chosen")
    client.force_login(broker)
    response = client.get(reverse("brokerage:request_list") + "?mine=0&status=new&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert [r[0] for r in rows[1:]] == [waiting.reference] and rows[1][7] == "Standard" and rows[1][8] == \
        "Waiting for a broker"
    response = client.get(reverse("brokerage:agreement_list") + "?status=offered&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 2 and rows[1][-1] == "Offered to the provider" and rows[1][6] == "22.00"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).count() == 2


def test_the_work_waiting_for_each_person(make_request, make_member, broker, make_user, social_worker):
    member, other = make_member(), make_member()
    care = make_request()
    competition = services.competition_open(request=make_request(), by=broker)
    provider_user = _user_of(make_user, member)
    texts = {i.text: i.count for i in work_items(provider_user)}
    assert texts == {"Opportunity to answer": 1, "Agreements to accept": 0}
    _offer(make_user, competition, member, 2200)
    _offer(make_user, competition, other, 2300)
    assert {i.text: i.count for i in work_items(provider_user)}["Opportunities to answer"] == 0
    assert {i.text: i.count for i in work_items(make_user(Role.EVALUATOR))} == {"Offers to score": 2}
    assert {i.text: i.count for i in work_items(broker)}["Request to place"] == 1
    services.request_mark_unmet(request=care, by=broker, reason="no_capacity")
    assert {i.text: i.count for i in work_items(social_worker)} == {
        "Your request needing action (unmet, or a waiver awaited)": 1}
