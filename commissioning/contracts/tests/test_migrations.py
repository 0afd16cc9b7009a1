"""Contract meetings, KPIs and KPI returns move from the quality app to the contracts app keeping
their rows: made on the old models before the move, they are there after it, each meeting on the
register entry its provider and market find (or none, when nothing matches), each KPI on its list's
entry; taken back, the rows are quality's again."""
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0004_markets"), ("contracts", "0002_joint_funding"),
          ("quality", "0004_market_area_is_a_council_market")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data_reloaded")
def test_meetings_kpis_and_returns_made_before_the_move_are_there_after_it_and_back():
    old = _migrate(BEFORE)
    get = old.get_model
    lead = get("accounts", "User").objects.create(username="lead.move", role="lead_commissioner",
                                                  market_area_id="home_care")
    member = get("providers", "Provider").objects.create(name="Oak Care", legal_name="Oak Care Ltd")
    supplier = get("providers", "Provider").objects.create(name="Ash Care", legal_name="Ash Care Ltd")
    nobody = get("providers", "Provider").objects.create(name="Elm Care", legal_name="Elm Care Ltd")
    provider_user = get("accounts", "User").objects.create(username="oak.user", role="provider_user",
                                                           provider=member)
    approved = get("procurement", "ApprovedList").objects.create(
        name="Home care list", reference="HC-MOVE", kind="dps", market_area_id="home_care", lead_commissioner=lead,
        created_by=lead, start_date=date(2026, 4, 1), term_months=36, estimated_value_pence=100_000)
    department = get("planning", "Directorate").objects.get_or_create(name="Adult Social Care")[0]
    Contract = get("contracts", "Contract")
    entry = Contract.objects.filter(approved_list=approved).first() or Contract.objects.create(
        approved_list=approved, reference="HC-MOVE", title="Home care list", directorate=department,
        value_pence=100_000, annual_value_pence=33_333, start_date=date(2026, 4, 1), end_date=date(2029, 3, 31),
        procedure="invitation_to_tender", lead_commissioner=lead)
    direct = Contract.objects.create(reference="DIRECT-1", title="Carers' breaks", directorate=department,
                                     supplier=supplier, value_pence=50_000, annual_value_pence=50_000,
                                     start_date=date(2026, 4, 1), end_date=date(2027, 3, 31),
                                     procedure="invitation_to_quote", lead_commissioner=lead)
    Meeting = get("quality", "ContractMeeting")
    on_list = Meeting.objects.create(provider=member, market_area_id="home_care", scheduled_for=date(2026, 6, 1),
                                     held_on=date(2026, 6, 1), compliance="Terms met", penalties_pence=12_345)
    own_contract = Meeting.objects.create(provider=supplier, market_area_id="care_homes",
                                          scheduled_for=date(2026, 7, 1))
    unmatched = Meeting.objects.create(provider=nobody, market_area_id="specialist", scheduled_for=date(2026, 8, 1))
    kpi = get("quality", "KpiDefinition").objects.create(approved_list=approved, name="Visits on time", unit="%",
                                                         target=95)
    sent = get("quality", "KpiReturn").objects.create(kpi=kpi, provider=member, period_start=date(2026, 5, 1),
                                                      value=96, submitted_at="2026-06-05T10:00:00Z",
                                                      submitted_by=provider_user, late=True)

    new = _migrate(_leaves())
    get = new.get_model
    meetings = {m.pk: m for m in get("contracts", "ContractMeeting").objects.all()}
    assert meetings[on_list.pk].contract_id == entry.pk  # the register entry of the list in its market
    assert (meetings[on_list.pk].compliance, meetings[on_list.pk].penalties_pence) == ("Terms met", 12_345)
    assert meetings[own_contract.pk].contract_id == direct.pk  # no list in care homes: the provider's own
    assert meetings[unmatched.pk].contract_id is None  # nothing matches: chosen later on its page
    moved_kpi = get("contracts", "KpiDefinition").objects.get(pk=kpi.pk)
    assert (moved_kpi.contract_id, moved_kpi.name) == (entry.pk, "Visits on time")
    moved_return = get("contracts", "KpiReturn").objects.get(pk=sent.pk)
    assert (moved_return.kpi_id, moved_return.value, moved_return.late) == (kpi.pk, 96, True)
    assert get("accounts", "Market").objects.get(code="home_care").meeting_every_months == 2
    assert get("accounts", "Market").objects.get(code="care_homes").meeting_every_months == 3
    tables = set(connection.introspection.table_names())
    assert {"contracts_contractmeeting", "contracts_kpidefinition", "contracts_kpireturn"} <= tables
    assert "quality_contractmeeting" not in tables

    back = _migrate(BEFORE)
    assert back.get_model("quality", "ContractMeeting").objects.count() == 3
    assert back.get_model("quality", "KpiDefinition").objects.get(pk=kpi.pk).approved_list_id == approved.pk
    assert back.get_model("quality", "KpiReturn").objects.get(pk=sent.pk).value == 96
    _migrate(_leaves())
