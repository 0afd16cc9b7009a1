"""The move to status events keeps the history already recorded: taken back to the old models
and forward again, every application move, membership event and list move is still there."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from commissioning.procurement import services
from commissioning.procurement.models import Application, ApprovedList, Membership

from .factories import DraftListFactory, ModeratedApplicationFactory

BEFORE = ("procurement", "0002_call_off_weighting_and_tendered_rate")
AFTER = ("procurement", "0003_status_events")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data_reloaded")
def test_existing_histories_survive_the_move_to_status_events(administrator):
    approved_list = DraftListFactory()
    services.list_transition(approved_list=approved_list, event="open", by=administrator)
    services.list_transition(approved_list=approved_list, event="pause", by=administrator)
    application = ModeratedApplicationFactory(approved_list=approved_list)
    lot1, lot2 = application.lots.order_by("number")
    services.application_decide(application=application, by=administrator,
                                outcomes={lot1.pk: ("admit", "Meets every condition"), lot2.pk: ("reject", "Full")})
    membership = Membership.objects.get()
    services.membership_transition(membership=membership, event="remove", by=administrator, reason="Excluded")
    try:
        _migrate(BEFORE)
        assert "procurement_statuschange" in connection.introspection.table_names()
        _migrate(AFTER)
    finally:
        # Every app forward again, not procurement alone: going back to 0002 also took back the
        # migrations of other apps that depend on procurement's later ones.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    application = Application.objects.get(pk=application.pk)
    assert list(application.status_events.values_list("event", "from_status", "to_status")) == [
        ("decide", "moderated", "decided")]
    assert list(Membership.objects.get().status_events.values_list("event", flat=True)) == ["admit", "remove"]
    assert list(ApprovedList.objects.get(pk=approved_list.pk).status_events.values_list(
        "event", "from_status", "to_status", "by")) == [("open", "draft", "open", administrator.pk),
                                                      ("pause", "open", "paused", administrator.pk)]
