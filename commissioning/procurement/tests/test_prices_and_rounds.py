"""Lists that hold a real procurement: tendered prices within the lot's limits, capped lots that
admit by rank within a round, a suspended member's place as the lot says, reserve tiers, a lot's
own CQC condition, and the annual rate review."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.core.models import AuditEvent
from commissioning.procurement import selectors, services
from commissioning.procurement.choices import ApplicationStatus, LotOutcome
from commissioning.procurement.domain import evaluation
from commissioning.procurement.models import Application, Lot, LotDecision, MemberPrice, Membership

from . import rounds
from .factories import ApprovedListFactory, LotFactory, standard_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.PROCUREMENT_OFFICER)


def _capped_list(officer, cap, **lot_fields):
    approved_list = rounds.opened_list(officer, lots=1)
    Lot.objects.filter(approved_list=approved_list).update(member_cap=cap, **lot_fields)
    return approved_list, approved_list.lots.get()


def test_an_over_limit_tendered_price_is_refused_with_a_message(officer, provider_user):
    approved_list = rounds.opened_list(officer)
    lot = approved_list.lots.get(number=1)
    application = services.application_start(approved_list=approved_list, provider=provider_user.provider,
                                             by=provider_user)
    with pytest.raises(ValidationError) as error:
        rounds.complete(application, provider_user, [lot], price=3100)
    line = lot.price_lines.get()
    assert error.value.message_dict[f"p{line.pk}"] == [
        "Your hourly rate, weekday daytime must be between £18.00 and £30.00"]
    assert not application.tendered_prices.exists()


def test_a_missing_price_stops_the_submission(officer, provider_user):
    approved_list = rounds.opened_list(officer)
    lot = approved_list.lots.get(number=1)
    application = services.application_start(approved_list=approved_list, provider=provider_user.provider,
                                             by=provider_user)
    rounds.complete(application, provider_user, [lot], price=None)
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, by=provider_user)
    line = lot.price_lines.get()
    assert error.value.message_dict[f"p{line.pk}"] == ["Enter your hourly rate, weekday daytime for Lot 1: Lot 1"]


def test_the_fifth_passed_applicant_to_a_capped_lot_of_four_is_ranked_not_refused_for_being_late(officer, make_user):
    approved_list, lot = _capped_list(officer, cap=4)
    scores = [(4, 4), (3, 3), (4, 4), (4, 4), (5, 5)]  # the best comes last
    applications = []
    for pair in scores:
        application = rounds.submitted(approved_list, make_user(Role.PROVIDER_USER), lots=[lot])
        applications.append(rounds.moderated(application, officer, scores=pair))
    assert all(a.status == ApplicationStatus.MODERATED for a in applications)
    assert selectors.round_waiting(lot, applications[0].window)["ready"]
    services.lot_admit_by_rank(lot=lot, window=applications[0].window, by=officer)
    outcomes = {d.application_id: d for d in LotDecision.objects.filter(lot=lot)}
    assert outcomes[applications[4].pk].outcome == LotOutcome.ADMIT
    assert outcomes[applications[4].pk].reasons.startswith("Ranked 1 of 5")
    refused = outcomes[applications[1].pk]
    assert refused.outcome == LotOutcome.REJECT and refused.reasons.startswith("Ranked 5 of 5")
    assert "went to higher-ranked applicants" in refused.reasons
    assert lot.memberships.count() == 4
    assert set(Application.objects.values_list("status", flat=True)) == {ApplicationStatus.DECIDED}


def test_a_capped_lot_waits_until_its_rounds_evaluation_is_complete(officer, make_user):
    approved_list, lot = _capped_list(officer, cap=1)
    first = rounds.moderated(rounds.submitted(approved_list, make_user(Role.PROVIDER_USER), lots=[lot]), officer)
    rounds.submitted(approved_list, make_user(Role.PROVIDER_USER), lots=[lot])
    with pytest.raises(ValidationError, match="still being evaluated"):
        services.lot_admit_by_rank(lot=lot, window=first.window, by=officer)
    first.refresh_from_db()
    assert first.status == ApplicationStatus.MODERATED and not lot.memberships.exists()


def test_the_lower_price_wins_between_equal_quality_scores(officer, make_user):
    approved_list, lot = _capped_list(officer, cap=1)
    approved_list.tie_break = "price_quality_earlier"
    approved_list.save()
    dearer = rounds.moderated(rounds.submitted(approved_list, make_user(Role.PROVIDER_USER), lots=[lot],
                                               price=2250), officer, scores=(5, 5))
    cheaper = rounds.moderated(rounds.submitted(approved_list, make_user(Role.PROVIDER_USER), lots=[lot],
                                                price=1800), officer, scores=(5, 5))
    services.lot_admit_by_rank(lot=lot, window=dearer.window, by=officer)
    assert Membership.objects.get(lot=lot).application == cheaper


def test_ranking_orders_equal_scores_by_quality_then_price_then_submission():
    t = timezone.now()
    a = evaluation.Ranked(1, Decimal("80"), Decimal("70"), 2000, t)
    b = evaluation.Ranked(2, Decimal("80"), Decimal("75"), 2500, t + timedelta(seconds=1))
    c = evaluation.Ranked(3, Decimal("80"), Decimal("75"), 2400, t + timedelta(seconds=2))
    d = evaluation.Ranked(4, Decimal("90"), Decimal("60"), 3000, t + timedelta(seconds=3))
    assert [r.key for r in evaluation.rank([a, b, c, d], "quality_price_earlier")] == [4, 3, 2, 1]
    assert [r.key for r in evaluation.rank([a, b, c, d], "earlier")] == [4, 1, 2, 3]
    assert evaluation.price_score(1800, 2400, 40) == Decimal("30.00")
    assert evaluation.combined_score(Decimal("80"), 60, Decimal("30.00")) == Decimal("78.00")


@pytest.mark.parametrize("keeps_place", [True, False])
def test_a_suspended_members_place_follows_the_lots_setting(officer, make_user, keeps_place):
    approved_list, lot = _capped_list(officer, cap=1, suspended_count_against_cap=keeps_place)
    first = rounds.moderated(rounds.submitted(approved_list, make_user(Role.PROVIDER_USER), lots=[lot]), officer)
    services.lot_admit_by_rank(lot=lot, window=first.window, by=officer)
    member = Membership.objects.get(lot=lot)
    services.membership_transition(membership=member, event="suspend", by=officer, reason="Concern under review",
                                   until=timezone.localdate() + timedelta(days=90))
    second = rounds.moderated(rounds.submitted(approved_list, make_user(Role.PROVIDER_USER), lots=[lot]), officer)
    services.lot_admit_by_rank(lot=lot, window=second.window, by=officer)
    decision = LotDecision.objects.get(application=second, lot=lot)
    assert decision.outcome == (LotOutcome.REJECT if keeps_place else LotOutcome.ADMIT)


def test_a_lots_own_cqc_condition_is_applied_when_evaluated(officer, provider_user):
    approved_list = rounds.opened_list(officer)
    lot1, lot2 = approved_list.lots.order_by("number")[:2]
    Lot.objects.filter(pk=lot1.pk).update(minimum_cqc_rating="outstanding")
    application = rounds.moderated(rounds.submitted(approved_list, provider_user, lots=[lot1, lot2]), officer)
    assert not application.lot_evaluations.get(lot=lot1).passed_conditions
    assert application.lot_evaluations.get(lot=lot2).passed_conditions
    with pytest.raises(ValidationError, match="lot's own condition"):
        services.application_decide(application=application, by=officer,
                                    outcomes={lot1.pk: ("admit", "ok"), lot2.pk: ("admit", "ok")})
    services.application_decide(application=application, by=officer,
                                outcomes={lot1.pk: ("reject", "Rated below Outstanding"), lot2.pk: ("admit", "ok")})
    assert list(Membership.objects.values_list("lot", flat=True)) == [lot2.pk]


def _reserve_list(officer, may_join):
    approved_list = ApprovedListFactory(primary_members_may_join_reserve=may_join)
    primary = LotFactory(approved_list=approved_list, number=1, title="Standard")
    reserve = LotFactory(approved_list=approved_list, number=2, title="Reserve", is_reserve=True)
    services.lot_save(lot=reserve, by=officer, service_types=reserve.service_types.all(),
                      localities=reserve.localities.all(), reserve_for=[primary])
    standard_questions(approved_list)
    return services.list_transition(approved_list=approved_list, event="open", by=officer), primary, reserve


def test_a_primary_member_may_not_join_the_reserve_tier_unless_the_list_allows_it(officer, provider_user, make_user):
    approved_list, primary, reserve = _reserve_list(officer, may_join=False)
    assert list(selectors.reserve_lots_for(primary)) == [reserve]
    with pytest.raises(ValidationError) as error:
        rounds.submitted(approved_list, provider_user, lots=[primary, reserve])
    assert "reserve tier" in error.value.message_dict["lots"][0]
    allowing, primary2, reserve2 = _reserve_list(officer, may_join=True)
    other = make_user(Role.PROVIDER_USER)
    assert rounds.submitted(allowing, other, lots=[primary2, reserve2]).status == ApplicationStatus.SUBMITTED


def test_the_rate_review_changes_prices_with_history_and_keeps_the_rate_in_step(officer, provider_user):
    approved_list = rounds.opened_list(officer)
    rounds.decided(approved_list, provider_user, officer, admit=[1])
    member = Membership.objects.get()
    assert member.rate_pence == 2250
    today = timezone.localdate()
    services.rate_review(lot=member.lot, by=officer, effective_from=today, reason="Fees and Charges 2027",
                         uplift_percentage=Decimal("4"))
    member.refresh_from_db()
    assert member.rate_pence == 2340
    assert list(MemberPrice.objects.filter(membership=member).order_by("pk").values_list("pence", flat=True)) == [
        2250, 2340]
    assert AuditEvent.objects.filter(object_id=member.pk, note="Fees and Charges 2027").exists()
    line = member.lot.price_lines.get()
    later = today + timedelta(days=30)
    services.rate_review(lot=member.lot, by=officer, effective_from=later, reason="Correction",
                         new_prices={(member.pk, line.pk): 2400})
    member.refresh_from_db()
    assert member.rate_pence == 2340
    assert services.member_rates_bring_into_step(today=later) == 1
    member.refresh_from_db()
    assert member.rate_pence == 2400
    with pytest.raises(ValidationError):
        services.rate_review(lot=member.lot, by=officer, effective_from=today, reason="", uplift_percentage=Decimal(3))
