"""Joint funding: each contract's funders by financial year, and a pooled budget's contributions
against its spend by quarter with the variance."""
from datetime import date

import pytest
from django.urls import reverse

from commissioning.core.models import AuditEvent
from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers.tests.factories import ProviderFactory

from ..domain.pools import financial_year, pool_share, quarter
from ..models import ContractFunding, PoolContribution, PooledBudget
from ..selectors import pool_quarters
from .factories import ContractFactory, call_off, directorate, paid_lines


def test_quarters_and_years_of_the_financial_year_start_in_april():
    assert (financial_year(date(2027, 3, 31)), quarter(date(2027, 3, 31))) == (2026, 4)
    assert (financial_year(date(2026, 4, 1)), quarter(date(2026, 4, 1))) == (2026, 1)
    assert quarter(date(2026, 12, 31)) == 3
    assert pool_share(100_01, 1, 3) == 33_33 and pool_share(100_00, 5, 0) == 0


def _post(client, contract, **data):
    return client.post(reverse("contracts:funding_add", args=[contract.pk]),
                       {"financial_year": "2026", **data})


@pytest.mark.django_db
def test_a_commissioner_splits_a_contracts_funding_between_a_department_the_icb_and_a_pool(client_for, commissioner):
    contract = ContractFactory(annual_value_pence=100_000_00)
    pool = PooledBudget.objects.create(name="Better Care Fund", agreement="Section 75 agreement 2025 to 2027",
                                       host=directorate())
    client = client_for(commissioner)
    assert _post(client, contract, kind="directorate", directorate=directorate("Public Health").pk,
                 amount="40000").status_code == 302
    assert _post(client, contract, kind="nhs_icb", funder_name="NHS Derby and Derbyshire ICB",
                 amount="35000").status_code == 302
    assert _post(client, contract, kind="pooled_budget", pooled_budget=pool.pk, amount="25000").status_code == 302
    funders = [(f.funder, f.amount_pence) for f in ContractFunding.objects.order_by("pk")]
    assert funders == [("Public Health", 40_000_00), ("NHS Derby and Derbyshire ICB", 35_000_00),
                       ("Better Care Fund", 25_000_00)]
    assert AuditEvent.objects.filter(object_id=contract.pk, note__contains="Better Care Fund funds £25,000").exists()
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "NHS Derby and Derbyshire ICB" in page and "2026 to 2027" in page and "A pooled budget" in page


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "directorate", "amount": "100"}, "Choose the department that funds it"),
    ({"kind": "nhs_icb", "amount": "100"}, "Enter the name of the integrated care board"),
    ({"kind": "pooled_budget", "amount": "100"}, "Choose the pooled budget that funds it"),
    ({"kind": "nhs_icb", "funder_name": "ICB", "amount": "100000.01"}, "would come to more than the value a year"),
    ({"kind": "nhs_icb", "funder_name": "ICB", "amount": ""}, "Enter the amount"),
    ({"kind": "", "amount": "100"}, "Choose who funds it"),
])
def test_a_funder_without_its_party_or_beyond_the_value_a_year_is_refused(client_for, commissioner, data, message):
    contract = ContractFactory(annual_value_pence=100_000_00)
    page = _post(client_for(commissioner), contract, **data).content.decode()
    assert "There is a problem" in page and message in page and not ContractFunding.objects.exists()


@pytest.mark.django_db
def test_a_pooled_budget_shows_contributions_against_its_share_of_spend_by_quarter(client_for, commissioner,
                                                                                   administrator):
    pool = PooledBudget.objects.create(name="Better Care Fund", agreement="Section 75", host=directorate())
    for partner, q, amount in (("Derby City Council", 1, 30_000_00), ("NHS Derby and Derbyshire ICB", 1, 20_000_00),
                               ("NHS Derby and Derbyshire ICB", 3, 10_000_00)):
        PoolContribution.objects.create(budget=pool, partner=partner, financial_year=2026, quarter=q,
                                        amount_pence=amount, created_by=administrator)
    approved_list = OpenListFactory(start_date=date(2026, 4, 1), term_months=24, estimated_value_pence=10**10)
    entry = approved_list.register_entry
    ContractFunding.objects.create(contract=entry, kind="pooled_budget", pooled_budget=pool, financial_year=2026,
                                   amount_pence=1)
    ContractFunding.objects.create(contract=entry, kind="directorate", directorate=directorate(),
                                   financial_year=2026, amount_pence=2)
    provider = ProviderFactory()
    agreement = call_off(approved_list, provider=provider, weekly_cost_pence=100_00, by=administrator)
    paid_lines(provider, [(agreement, 30_000_01)], period_start=date(2026, 6, 1))  # quarter 1
    paid_lines(provider, [(agreement, 9_00)], period_start=date(2026, 11, 2))  # quarter 3
    paid_lines(provider, [(agreement, 5_00)], status="approved", period_start=date(2026, 11, 9))  # not paid

    year = pool_quarters(budget=pool, year=2026)
    assert [r["contributions_pence"] for r in year["rows"]] == [50_000_00, 0, 10_000_00, 0]
    assert [r["spent_pence"] for r in year["rows"]] == [30_000_01 // 3, 0, 3_00, 0]
    assert year["variance_pence"] == 60_000_00 - 30_000_01 // 3 - 3_00

    page = client_for(commissioner).get(reverse("contracts:pool_detail", args=[pool.pk]) + "?year=2026")
    text = page.content.decode()
    assert "April to June" in text and "£50,000" in text and "£10,000" in text and "2026 to 2027" in text


@pytest.mark.django_db
def test_a_pooled_budget_is_set_up_and_a_contribution_recorded_through_the_pages(client_for, commissioner):
    client = client_for(commissioner)
    response = client.post(reverse("contracts:pool_create"), {"name": "Better Care Fund",
                                                              "agreement": "Section 75 agreement",
                                                              "host": directorate().pk})
    pool = PooledBudget.objects.get()
    assert response["Location"] == pool.get_absolute_url()
    refused = client.post(reverse("contracts:contribution_add", args=[pool.pk]),
                          {"partner": "NHS", "financial_year": "1999", "quarter": "1", "amount": "10"})
    assert "The financial year must be 2000 or later" in refused.content.decode()
    client.post(reverse("contracts:contribution_add", args=[pool.pk]),
                {"partner": "NHS Derby and Derbyshire ICB", "financial_year": "2026", "quarter": "2",
                 "amount": "1250.50"})
    assert PoolContribution.objects.get().amount_pence == 1_250_50


@pytest.mark.django_db
def test_a_provider_user_never_reaches_pooled_budgets(client_for, provider_user):
    pool = PooledBudget.objects.create(name="Better Care Fund", agreement="Section 75", host=directorate())
    client = client_for(provider_user)
    assert client.get(reverse("contracts:pool_detail", args=[pool.pk])).status_code == 403
    assert client.get(reverse("contracts:pool_list")).status_code == 403


@pytest.mark.django_db
def test_a_funding_line_is_changed_within_the_value_a_year_and_its_history_shows_pounds(client_for, commissioner):
    contract = ContractFactory(annual_value_pence=100_000_00)
    client = client_for(commissioner)
    _post(client, contract, kind="directorate", directorate=directorate().pk, amount="60000")
    _post(client, contract, kind="nhs_icb", funder_name="NHS Derby and Derbyshire ICB", amount="40000")
    icb = ContractFunding.objects.get(kind="nhs_icb")
    url = reverse("contracts:funding_edit", args=[contract.pk, icb.pk])
    form = client.get(url).content.decode()
    assert 'value="40000.00"' in form and "Change a funder of" in form

    # Its own 40,000 does not count against it: 60,000 + 40,000 is the whole value a year.
    assert client.post(url, {"financial_year": "2026", "kind": "nhs_icb", "funder_name": "NHS Derby and Derbyshire ICB",
                             "amount": "40000"}).status_code == 302
    refused = client.post(url, {"financial_year": "2026", "kind": "nhs_icb",
                                "funder_name": "NHS Derby and Derbyshire ICB", "amount": "40000.01"})
    assert "would come to more than the value a year" in refused.content.decode()
    assert client.post(url, {"financial_year": "2026", "kind": "nhs_icb", "funder_name": "NHS Derby and Derbyshire ICB",
                             "amount": "35000"}).status_code == 302
    icb.refresh_from_db()
    assert icb.amount_pence == 35_000_00
    event = AuditEvent.objects.filter(object_id=contract.pk, note__startswith="Funding line changed").get()
    assert event.changes == {"Amount": ["£40,000", "£35,000"]}


@pytest.mark.django_db
def test_a_funding_line_entered_in_error_is_removed_after_a_warning(client_for, commissioner):
    contract = ContractFactory(annual_value_pence=100_000_00)
    client = client_for(commissioner)
    _post(client, contract, kind="nhs_icb", funder_name="NHS Derby and Derbyshire ICB", amount="25000")
    line = ContractFunding.objects.get()
    url = reverse("contracts:funding_remove", args=[contract.pk, line.pk])
    warning = client.get(url).content.decode()
    assert "£25,000 in 2026 to 2027 will no longer fund the contract" in warning
    assert ContractFunding.objects.exists()  # opening the page removes nothing
    assert client.post(url)["Location"] == contract.get_absolute_url()
    assert not ContractFunding.objects.exists()
    assert AuditEvent.objects.filter(object_id=contract.pk, note__contains="Funding line removed: NHS Derby").exists()
    # A line of another contract cannot be reached through this one.
    other = ContractFactory()
    _post(client, other, kind="nhs_icb", funder_name="ICB", amount="10")
    stray = ContractFunding.objects.get(contract=other)
    assert client.post(reverse("contracts:funding_remove", args=[contract.pk, stray.pk])).status_code == 404
    assert ContractFunding.objects.filter(pk=stray.pk).exists()


@pytest.mark.django_db
def test_a_contribution_is_corrected_and_removed_and_the_quarters_follow(client_for, commissioner):
    pool = PooledBudget.objects.create(name="Better Care Fund", agreement="Section 75", host=directorate())
    client = client_for(commissioner)
    client.post(reverse("contracts:contribution_add", args=[pool.pk]),
                {"partner": "NHS Derby and Derbyshire ICB", "financial_year": "2026", "quarter": "1",
                 "amount": "1000"})
    contribution = PoolContribution.objects.get()
    page = client.get(reverse("contracts:pool_detail", args=[pool.pk]) + "?year=2026").content.decode()
    assert reverse("contracts:contribution_edit", args=[pool.pk, contribution.pk]) in page
    response = client.post(reverse("contracts:contribution_edit", args=[pool.pk, contribution.pk]),
                           {"partner": "NHS Derby and Derbyshire ICB", "financial_year": "2026", "quarter": "2",
                            "amount": "1200"})
    assert response["Location"] == pool.get_absolute_url() + "?year=2026"
    assert [r["contributions_pence"] for r in pool_quarters(budget=pool, year=2026)["rows"]] == [0, 1_200_00, 0, 0]
    event = AuditEvent.objects.filter(object_id=pool.pk, note__startswith="Contribution changed").get()
    assert event.changes == {"Quarter": ["April to June", "July to September"], "Amount": ["£1,000", "£1,200"]}
    client.post(reverse("contracts:contribution_remove", args=[pool.pk, contribution.pk]))
    assert not PoolContribution.objects.exists()
    assert pool_quarters(budget=pool, year=2026)["contributions_pence"] == 0
