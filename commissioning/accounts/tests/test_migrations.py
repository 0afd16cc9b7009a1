"""An existing database keeps every market area it stored when market areas become the council's
rows: each field holds the same code, now a key to accounts.Market, and a directorate's list of
codes becomes its markets. Taken back, the codes are strings again."""
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0003_council"), ("finance", "0004_one_payment_per_visit_and_budget_history"),
          ("planning", "0005_strategy_delivery_plan"), ("procurement", "0004_price_lines_rounds_and_reserve_tiers"),
          ("providers", "0009_locality_can_be_retired"), ("quality", "0003_status_events_and_coloured_choices")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data_reloaded")
def test_an_existing_database_keeps_each_market_area_through_the_migration_and_back():
    old = _migrate(BEFORE)
    User = old.get_model("accounts", "User")
    lead = User.objects.create(username="lead.home", role="lead_commissioner", market_area="home_care")
    broker = User.objects.create(username="broker", role="broker", market_area="")
    provider = old.get_model("providers", "Provider").objects.create(name="Oak Care", legal_name="Oak Care Ltd")
    service = old.get_model("providers", "Service").objects.create(
        provider=provider, name="Oak House", address_line_1="1 Oak Road", town="Derby", postcode="DE1 1AA")
    kind = old.get_model("providers", "ServiceType").objects.get(code="home-care-standard")
    approved = old.get_model("procurement", "ApprovedList").objects.create(
        name="Home care list", reference="HC1", kind="dps", market_area="home_care", lead_commissioner=lead,
        created_by=lead,
        start_date=date(2026, 4, 1), term_months=12, estimated_value_pence=100)
    audit = old.get_model("quality", "Audit").objects.create(
        service=service, framework=old.get_model("quality", "Framework").objects.first(), kind="announced",
        planned_for=date(2026, 5, 1))
    review = old.get_model("quality", "ContractReview").objects.create(audit=audit, market_area="supported_living")
    meeting = old.get_model("quality", "ContractMeeting").objects.create(provider=provider, market_area="specialist",
                                                                         scheduled_for=date(2026, 6, 1))
    budget = old.get_model("finance", "Budget").objects.create(market_area="care_homes", financial_year=2026,
                                                               amount_pence=500)
    Area = old.get_model("planning", "Area")
    funded, unfunded = Area.objects.create(name="North", market_area="home_care"), Area.objects.create(name="South")
    housing = old.get_model("planning", "Directorate").objects.create(
        name="Housing", market_areas=["supported_living", "specialist"])

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    get = new.get_model
    assert get("accounts", "Market").objects.count() == 4
    assert get("accounts", "User").objects.get(pk=lead.pk).market_area_id == "home_care"
    assert get("accounts", "User").objects.get(pk=broker.pk).market_area_id is None
    assert get("providers", "ServiceType").objects.get(pk=kind.pk).market_area_id == "home_care"
    assert get("procurement", "ApprovedList").objects.get(pk=approved.pk).market_area.name == (
        "Home care, day opportunities and respite")
    assert get("quality", "ContractReview").objects.get(pk=review.pk).market_area_id == "supported_living"
    assert get("contracts", "ContractMeeting").objects.get(pk=meeting.pk).market_area_id == "specialist"
    assert get("finance", "Budget").objects.get(pk=budget.pk).market_area_id == "care_homes"
    assert get("planning", "Area").objects.get(pk=funded.pk).market_area_id == "home_care"
    assert get("planning", "Area").objects.get(pk=unfunded.pk).market_area_id is None
    assert set(get("planning", "Directorate").objects.get(pk=housing.pk).markets.values_list("code", flat=True)) == {
        "supported_living", "specialist"}

    back = _migrate(BEFORE)
    assert back.get_model("accounts", "User").objects.get(pk=broker.pk).market_area == ""
    assert back.get_model("finance", "Budget").objects.get(pk=budget.pk).market_area == "care_homes"
    assert back.get_model("planning", "Directorate").objects.get(pk=housing.pk).market_areas == [
        "specialist", "supported_living"]
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
