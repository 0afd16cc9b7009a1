"""The scheduled task closes a further competition once its deadline passes, through the service;
the evaluators' scores then rank its offers, and the award that follows tells every provider that
offered, with a link that opens from a mail client."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage import services
from commissioning.brokerage.choices import CompetitionStatus
from commissioning.brokerage.tasks import close_due_competitions
from commissioning.core.models import AuditEvent

from .test_workflow import _offer, _score

pytestmark = pytest.mark.django_db


def test_the_schedule_closes_a_competition_past_its_deadline_and_ranks_it(
        make_request, make_member, broker, make_user, django_capture_on_commit_callbacks):
    strong, weak = make_member(score=Decimal("40")), make_member(score=Decimal("90"))
    make_member()  # invited, never answers: only the deadline closes the competition
    competition = services.competition_open(request=make_request(), by=broker)
    _offer(make_user, competition, strong, 2500)
    _offer(make_user, competition, weak, 2500)
    assert close_due_competitions.enqueue().return_value == 0, "not yet due"

    type(competition).objects.filter(pk=competition.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert close_due_competitions.enqueue().return_value == 1
    competition.refresh_from_db()
    assert competition.status == CompetitionStatus.CLOSED
    assert AuditEvent.objects.filter(object_id=competition.pk, action=AuditEvent.Action.STATUS_CHANGED,
                                     source="schedule", note__startswith="Closed (deadline passed)").exists()
    _score(competition, make_user(Role.EVALUATOR), {strong.provider_id: 5, weak.provider_id: 2})
    services.competition_rank(competition=competition, by=broker)
    competition.refresh_from_db()
    offers = list(competition.offers.order_by("rank"))
    assert [(o.provider_id, o.rank) for o in offers] == [(strong.provider_id, 1), (weak.provider_id, 2)]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.competition_award(competition=competition, offer=offers[0], by=broker)
    assert len(mail.outbox) >= 2
    assert all(f"https://care.example.gov.uk/portal/competitions/{competition.pk}/" in m.body for m in mail.outbox
               if m.subject == f"Result of {competition.reference}")
