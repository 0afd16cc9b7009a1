"""The status-event migration keeps a database's concern case history: stages become statuses."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0003_council"), ("quality", "0002_default_framework")]
AFTER = [("quality", "0003_status_events_and_coloured_choices")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data_reloaded")
def test_existing_concern_events_keep_their_stages_as_from_and_to_status():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("accounts", "User").objects.create(username="officer.history", role="quality_officer")
    provider = old.get_model("providers", "Provider").objects.create(name="Oak Care", legal_name="Oak Care Ltd")
    case = old.get_model("quality", "ConcernCase").objects.create(provider=provider, opened_by=user,
                                                                  summary="Late visits", stage="improvement_plan")
    old.get_model("quality", "ConcernEvent").objects.create(case=case, by=user, event="escalate",
                                                            from_stage="initial_meeting",
                                                            to_stage="improvement_plan", note="No change")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    row = new.get_model("quality", "ConcernEvent").objects.get(case_id=case.pk)
    assert (row.event, row.from_status, row.to_status, row.note) == ("escalate", "initial_meeting",
                                                                     "improvement_plan", "No change")
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
