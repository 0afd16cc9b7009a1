"""The council's market areas are its own data: added, renamed, reordered, retired and restored on a
page, each change on the audit trail, and every form, filter and figure that lists markets reads them."""
import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.accounts import services
from commissioning.accounts.models import Market
from commissioning.accounts.roles import Role
from commissioning.core.audit import history_for

pytestmark = pytest.mark.django_db

CHILDREN = "Children’s residential care"


@pytest.fixture
def head(make_user):
    return make_user(Role.HEAD_OF_COMMISSIONING)


def _add(client, name, **extra):
    return client.post(reverse("accounts:market_list"), {"name": name, **extra})


def _options(page: str, name: str) -> str:
    """The <select> of the named field, as HTML."""
    start = page.index(f'name="{name}"')
    return page[start:page.index("</select>", start)]


def test_a_market_added_on_the_page_is_offered_on_the_forms_and_shown_on_spend_and_figures(
        client, head, administrator, make_user):
    from commissioning.intelligence.forms import StatementForm
    from commissioning.intelligence.models import Figure
    from commissioning.intelligence.services import figures_refresh
    from commissioning.providers.models import ServiceType
    from commissioning.providers.tests.factories import ServiceFactory

    client.force_login(head)
    response = _add(client, CHILDREN)
    assert response.status_code == 302
    market = Market.objects.get(name=CHILDREN)
    assert market.code == "childrens_residential_care" and market.position > 3
    assert history_for([market]).filter(actor=head, action="created").exists()

    client.force_login(make_user(Role.PROCUREMENT_OFFICER))
    assert CHILDREN in _options(client.get(reverse("procurement:list_create")).content.decode(), "market_area")
    client.force_login(administrator)
    form = client.get(reverse("providers:reference_create", args=["service-types"])).content.decode()
    assert CHILDREN in _options(form, "market_area")
    client.force_login(make_user(Role.FINANCE_OFFICER))
    spend = client.get(reverse("finance:spend") + "?year=2026").content.decode()
    assert CHILDREN in _options(spend, "market_area")
    assert CHILDREN in spend[:spend.index('name="market_area"')]  # its row in the spend by market table
    assert f"intentions_{market.code}" in StatementForm().fields

    kind = ServiceType.objects.create(code="childrens-home", name="Children’s home", market_area=market,
                                      capacity_unit="beds")
    ServiceFactory(service_types=[kind])
    figures_refresh()
    assert Figure.objects.filter(key=f"supply.hhi.{market.code}", label__contains=CHILDREN).exists()


def test_a_market_name_is_refused_when_empty_or_taken(client, head):
    client.force_login(head)
    empty = _add(client, "   ").content.decode()
    assert "Enter the name of the market area" in empty
    taken = _add(client, "supported LIVING").content.decode()
    assert "There is already a market area called" in taken
    assert Market.objects.count() == 4


def test_renaming_changes_the_words_on_pages_but_not_the_code_in_the_api(client, head, make_user):
    from commissioning.procurement.tests.factories import OpenListFactory

    approved = OpenListFactory(name="Home care list")
    home_care = Market.objects.get(code="home_care")
    client.force_login(head)
    client.post(reverse("accounts:market_edit", args=[home_care.pk]), {"name": "Care at home", "position": "9"})
    home_care.refresh_from_db()
    assert (home_care.code, home_care.name, home_care.position) == ("home_care", "Care at home", 9)
    change = history_for([home_care]).get(action="updated")
    assert change.changes["Name"] == ["Home care, day opportunities and respite", "Care at home"]
    broker = make_user(Role.BROKER)
    client.force_login(broker)
    page = client.get(approved.get_absolute_url()).content.decode()
    assert "Care at home" in page and "Home care, day opportunities and respite" not in page
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=broker)[0].key}")
    assert api.get(f"/api/v1/lists/{approved.pk}/").json()["market_area"] == "home_care"
    history = client.get(reverse("accounts:market_edit", args=[home_care.pk]))
    assert history.status_code == 403  # a broker does not keep the market areas
    client.force_login(head)
    assert "Care at home" in client.get(reverse("accounts:market_edit", args=[home_care.pk])).content.decode()


def test_a_retired_market_is_offered_on_no_form_but_stays_on_its_records(client, head, administrator):
    from commissioning.finance.forms import BudgetForm
    from commissioning.finance.models import Budget
    from commissioning.providers.models import ServiceType

    specialist = Market.objects.get(code="specialist")
    budget = Budget.objects.create(market_area=specialist, financial_year=2026, amount_pence=100_00)
    client.force_login(head)
    client.post(reverse("accounts:market_retire", args=[specialist.pk]), {"retired": "yes"})
    specialist.refresh_from_db()
    assert specialist.retired
    assert not BudgetForm().fields["market_area"].queryset.filter(pk=specialist.pk).exists()
    refused = BudgetForm(data={"market_area": "specialist", "financial_year": 2027, "amount": "10"})
    assert not refused.is_valid() and "that one has been retired" in refused.errors["market_area"][0]
    budget.refresh_from_db()
    assert budget.market_area_id == "specialist"
    kind = ServiceType.objects.create(code="shared-lives", name="Shared Lives", market_area=specialist,
                                      capacity_unit="places")
    client.force_login(administrator)
    page = client.get(reverse("providers:reference_edit", args=["service-types", kind.pk])).content.decode()
    assert "Mental health, learning disability, autism and carers" in _options(page, "market_area")
    client.force_login(head)
    client.post(reverse("accounts:market_retire", args=[specialist.pk]), {"retired": "no"})
    specialist.refresh_from_db()
    assert not specialist.retired
    assert [e.changes["Retired"] for e in history_for([specialist]).order_by("pk")] == [["No", "Yes"], ["Yes", "No"]]


def test_a_market_a_lead_commissioner_owns_or_with_an_open_list_is_not_retired_and_the_reason_names_them(
        client, head, make_user):
    from commissioning.procurement.tests.factories import OpenListFactory

    lead = make_user(Role.LEAD_COMMISSIONER, market_area_id="care_homes", first_name="Ravi", last_name="Kapoor")
    OpenListFactory(name="Care Homes Approved Provider List", market_area_id="care_homes", lead_commissioner=lead)
    care_homes = Market.objects.get(code="care_homes")
    with pytest.raises(Exception) as refused:
        services.market_set_retired(market=care_homes, retired=True, by=head)
    assert "Ravi Kapoor" in str(refused.value) and "Care Homes Approved Provider List" in str(refused.value)
    client.force_login(head)
    page = client.get(reverse("accounts:market_edit", args=[care_homes.pk])).content.decode()
    assert "cannot be retired while it is owned by Ravi Kapoor" in page
    response = client.post(reverse("accounts:market_retire", args=[care_homes.pk]), {"retired": "yes"}, follow=True)
    assert "cannot be retired" in response.content.decode()
    care_homes.refresh_from_db()
    assert not care_homes.retired


def test_the_market_page_is_linked_from_the_home_page_of_those_who_keep_it(client, head, make_user):
    client.force_login(head)
    assert reverse("accounts:market_list") in client.get(reverse("core:home")).content.decode()
    client.force_login(make_user(Role.BROKER))
    assert reverse("accounts:market_list") not in client.get(reverse("core:home")).content.decode()
