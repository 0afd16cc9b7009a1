"""Finance's forms offer only the service types in use; a card or scenario already made for a type
since retired still shows it and saves."""
import pytest

from commissioning.finance.forms import RateCardForm, ScenarioForm
from commissioning.providers.models import ServiceType

from .factories import RateCardFactory, UpliftScenarioFactory

pytestmark = pytest.mark.django_db


def _retire(code="home-care-standard") -> ServiceType:
    ServiceType.objects.filter(code=code).update(retired=True)
    return ServiceType.objects.get(code=code)


def test_a_new_rate_card_is_not_offered_a_retired_market_and_is_told_so():
    retired = _retire()
    form = RateCardForm({"service_type": retired.pk, "financial_year": 2027, "effective_from_day": "6",
                         "effective_from_month": "4", "effective_from_year": "2027"})
    assert retired not in form.fields["service_type"].queryset
    assert not form.is_valid()
    assert form.errors["service_type"] == ["Choose a market in use: that one has been retired"]


def test_a_rate_card_for_a_market_since_retired_still_shows_and_saves_it():
    card = RateCardFactory()
    retired = _retire(card.service_type.code)
    form = RateCardForm({"service_type": retired.pk, "financial_year": card.financial_year,
                         "effective_from_day": "6", "effective_from_month": "4", "effective_from_year": "2026",
                         "note": "Corrected"}, instance=card)
    assert form.is_valid(), form.errors
    assert form.save().service_type == retired


def test_an_uplift_scenario_offers_only_markets_in_use_but_keeps_its_own():
    scenario = UpliftScenarioFactory()
    retired = _retire(scenario.service_type.code)
    assert retired not in ScenarioForm().fields["service_type"].queryset
    assert retired in ScenarioForm(instance=scenario).fields["service_type"].queryset
