"""Ranking one request reads its candidates in one query whatever the lot's size, and each eligible
provider comes with the standing a broker must see, from the same query."""
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.brokerage import selectors, services
from commissioning.providers.tests.factories import ServiceFactory
from commissioning.quality.choices import ConcernStage
from commissioning.quality.tests.factories import ConcernCaseFactory, ContractReviewFactory


def _ranked(care):
    care = selectors.request_scope(user=care.requested_by).get(pk=care.pk)  # as the request's page loads it
    with CaptureQueriesContext(connection) as captured:
        ranked = services.eligible_providers(care)
    return ranked, len(captured.captured_queries)


def test_ranking_three_members_or_thirty_takes_one_query(make_request, make_member):
    for _ in range(3):
        make_member()
    care = make_request()
    few, queries_for_few = _ranked(care)
    for _ in range(27):
        make_member()
    many, queries_for_many = _ranked(care)
    assert (len(few), len(many)) == (3, 30)
    assert queries_for_few == queries_for_many == 1
    assert [e.rank for e in many] == list(range(1, 31))


def test_an_eligible_provider_carries_its_amber_mark_concern_case_and_contract_review(make_request, make_member):
    watched = make_member(council_rag="amber")
    ConcernCaseFactory(provider=watched.provider, stage=ConcernStage.INITIAL_MEETING)
    ConcernCaseFactory(provider=watched.provider, stage=ConcernStage.CLOSED)
    ContractReviewFactory(audit__service=watched.provider.services.get())
    clear = make_member(council_rag="green")
    ranked, queries = _ranked(make_request())
    standing = {e.provider.pk: e.standing for e in ranked}
    assert standing[watched.provider_id].summary == ("Council rating Amber; 1 open concern case; "
                                                     "1 open contract review")
    assert standing[watched.provider_id].concern_stages == [ConcernStage.INITIAL_MEETING]
    assert standing[watched.provider_id].needs_reason and not standing[clear.provider_id].needs_reason
    assert standing[clear.provider_id].summary == "Council rating Green"
    assert queries == 2  # the open cases' stages are read only when some provider has one


def test_a_provider_rated_red_on_another_service_is_not_ranked(make_request, make_member):
    elsewhere = make_member()
    ServiceFactory(provider=elsewhere.provider, council_rag="red")
    able = make_member()
    ranked, _ = _ranked(make_request())
    assert [e.provider for e in ranked] == [able.provider]


def test_the_ranked_service_is_the_nearest_with_room(make_request, make_member):
    member = make_member(latitude="52.99000", longitude="-1.60000")
    near_but_full = ServiceFactory(provider=member.provider, beds=None, hours_per_week=5, latitude="52.93000",
                                   longitude="-1.49000", service_types=list(member.provider.services.get()
                                                                            .service_types.all()))
    care = make_request()
    ranked, _ = _ranked(care)
    assert ranked[0].service.pk != near_but_full.pk and ranked[0].capacity_left == 200
    assert ranked[0].service.name == member.provider.services.exclude(pk=near_but_full.pk).get().name
