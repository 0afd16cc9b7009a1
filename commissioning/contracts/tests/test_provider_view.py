"""One council view of a provider: every contract it holds across departments, the lists it is
called off, the spend, its quality; a provider with contracts in several departments is flagged."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory

from ..selectors import provider_across_the_council
from .factories import ContractFactory, call_off, directorate, paid_lines

pytestmark = pytest.mark.django_db


def test_a_provider_with_contracts_in_several_departments_is_flagged_with_its_spend_and_quality(
        client_for, commissioner, administrator):
    provider = ProviderFactory(name="Elm Tree Support")
    ServiceFactory(provider=provider, council_rag="amber")
    ContractFactory(title="Young carers", supplier=provider, directorate=directorate("Children's Services"))
    ContractFactory(title="Healthy lives", supplier=provider, directorate=directorate("Public Health"))
    approved_list = OpenListFactory(name="Home care list", start_date=date(2026, 4, 1), term_months=12)
    agreement = call_off(approved_list, provider=provider, weekly_cost_pence=500_00, start=date(2026, 4, 6),
                         by=administrator)
    call_off(approved_list, provider=ProviderFactory(), weekly_cost_pence=900_00, by=administrator)  # another's
    paid_lines(provider, [(agreement, 2_000_01)])

    view = provider_across_the_council(user=commissioner, provider=provider, today=date(2026, 12, 1))
    assert view["several_departments"] and view["departments"] == [
        "Adult Social Care", "Children's Services", "Public Health"]
    assert [row["call_offs"] for row in view["call_off_rows"]] == [1]
    assert view["paid_pence"] == 2_000_01 and view["commissioned_pence"] == 500_00 * 51
    assert view["standing"].rag == "amber"

    page = client_for(commissioner).get(reverse("contracts:provider_view", args=[provider.pk])).content.decode()
    assert "Holds contracts with 3 departments" in page and "Young carers" in page and "Home care list" in page
    assert "£2,000.01" in page and "Council rating Amber" in page
    register = client_for(commissioner).get(reverse("contracts:contract_list")).content.decode()
    assert "Contracts with 2 departments" in register


def test_the_view_reads_in_the_same_number_of_queries_however_many_contracts(commissioner, administrator):
    provider = ProviderFactory()
    approved_list = OpenListFactory()
    ContractFactory(supplier=provider)
    call_off(approved_list, provider=provider, weekly_cost_pence=100_00, by=administrator)
    with CaptureQueriesContext(connection) as few:
        provider_across_the_council(user=commissioner, provider=provider)
    for _ in range(5):
        ContractFactory(supplier=provider, directorate=directorate("Public Health"))
        call_off(OpenListFactory(), provider=provider, weekly_cost_pence=100_00, by=administrator)
    with CaptureQueriesContext(connection) as many:
        provider_across_the_council(user=commissioner, provider=provider)
    assert len(many) == len(few)


def test_a_provider_user_cannot_open_the_council_view_even_of_its_own_organisation(client_for, provider_user):
    url = reverse("contracts:provider_view", args=[provider_user.provider_id])
    assert client_for(provider_user).get(url).status_code == 403
