"""Races that real brokerage has, run on PostgreSQL with real concurrent transactions: two brokers
awarding the same request at once, and offers arriving just as a competition closes."""
import importlib
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage import services
from commissioning.brokerage.models import Agreement, Competition, Offer
from commissioning.core.tests.threads import in_threads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (make test-postgres)"),
]


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """A transactional test empties the database when it ends, so reload the register's reference data."""
    from django.apps import apps

    importlib.import_module("commissioning.providers.migrations.0002_reference_data").load(apps, None)
    importlib.import_module("commissioning.quality.migrations.0002_default_framework").load(apps, None)


def _answers(competition, text):
    """An answer to each of the competition's outcome questions."""
    return {q.pk: f"{text} ({q.number})" for q in competition.questions.all()}


def _score_and_rank(competition, make_user):
    """An evaluator scores every answer of every offer, and the broker ranks them."""
    evaluator = make_user(Role.EVALUATOR)
    for offer in competition.offers.filter(status="submitted"):
        for question in competition.questions.all():
            services.offer_score_record(offer=offer, question=question, evaluator=evaluator, score=4,
                                        reason="Scored against the outcome")
    return services.competition_rank(competition=competition, by=make_user(Role.BROKER))


def test_two_brokers_awarding_the_same_request_at_once_make_one_agreement(make_request, make_member, make_user):
    first, second = make_member(), make_member()
    care = make_request()
    brokers = [make_user(Role.BROKER), make_user(Role.BROKER)]
    for _ in range(5):
        results = in_threads([
            lambda b=broker, m=member: services.direct_award(request=care, by=b, provider=m.provider,
                                                             reason="choice", note="Chosen")
            for broker, member in zip(brokers, (first, second), strict=True)])
        awarded = [r for r in results if isinstance(r, Agreement)]
        refused = [r for r in results if isinstance(r, (services.TransitionNotAllowed, ValidationError))]
        assert len(awarded) == 1 and len(refused) == 1, results
        assert Agreement.objects.filter(request=care, status__in=["offered", "accepted"]).count() == 1
        Agreement.objects.filter(request=care).update(status="declined")
        type(care).objects.filter(pk=care.pk).update(status="new")


def test_a_competition_award_and_a_direct_award_racing_make_one_agreement(make_request, make_member, make_user):
    member, other = make_member(), make_member()
    care = make_request()
    broker = make_user(Role.BROKER)
    competition = services.competition_open(request=care, by=broker)
    services.offer_submit(competition=competition, by=make_user(Role.PROVIDER_USER, provider=member.provider),
                          rate_pence=2000, start_date=timezone.localdate() + timedelta(days=3),
                          answers=_answers(competition, "Two carers"))
    competition = services.competition_close(competition=competition, at=competition.closes_at)
    competition = _score_and_rank(competition, make_user)
    offer = competition.offers.get()
    results = in_threads([
        lambda: services.competition_award(competition=competition, offer=offer, by=broker),
        lambda: services.competition_award(competition=competition, offer=offer, by=make_user(Role.BROKER)),
    ])
    assert sum(isinstance(r, Agreement) for r in results) == 1, results
    assert Agreement.objects.filter(request=care).count() == 1
    assert other  # the second member was invited but made no offer


def test_offers_arriving_at_the_deadline_are_either_ranked_or_refused_never_lost(make_request, make_member,
                                                                                make_user):
    members = [make_member() for _ in range(6)]
    make_member()  # invited but silent, so offers close at the deadline and not when all have answered
    users = [make_user(Role.PROVIDER_USER, provider=m.provider) for m in members]
    broker = make_user(Role.BROKER)
    competition = services.competition_open(request=make_request(), by=broker)
    closes = timezone.now() + timedelta(milliseconds=400)
    Competition.objects.filter(pk=competition.pk).update(closes_at=closes)
    start = timezone.localdate() + timedelta(days=3)
    answers = _answers(competition, "Our best offer")

    def offer_until_refused(user, rate):
        """Keep revising the offer across the deadline, as a last-minute bidder would."""
        accepted = []
        while True:
            try:
                offer = services.offer_submit(competition=competition, by=user, rate_pence=rate,
                                              start_date=start, answers=answers)
                accepted.append(offer.submitted_at)
            except ValidationError as error:
                return accepted, error
            rate -= 1

    def close_at_deadline():
        while timezone.now() < closes:
            time.sleep(0.005)
        return services.competition_close(competition=competition)

    results = in_threads([*(lambda u=u, r=2000 + i: offer_until_refused(u, r) for i, u in enumerate(users)),
                           close_at_deadline])
    closed = results[-1]
    assert isinstance(closed, Competition), closed
    for accepted, refusal in results[:-1]:
        assert "Offers closed" in str(refusal)
        assert all(at < closed.closed_at for at in accepted)
    _score_and_rank(closed, make_user)
    saved = list(Offer.objects.filter(competition=competition))
    submitted_by = {o.provider_id for o in saved}
    succeeded = {u.provider_id for u, (accepted, _) in zip(users, results[:-1], strict=True) if accepted}
    assert submitted_by == succeeded, "every offer the system accepted is kept"
    assert all(o.rank is not None for o in saved), "every kept offer is in the ranking"
    assert sorted(o.rank for o in saved) == list(range(1, len(saved) + 1))
