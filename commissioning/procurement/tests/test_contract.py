"""What brokerage reads from procurement: a member's rate is its tendered main price from
admission, the main line's limits, and the reserve lots of a primary lot."""
import pytest

from commissioning.procurement import selectors, services
from commissioning.procurement.models import MemberPrice, Membership

from .factories import LotFactory, ModeratedApplicationFactory, PriceLineFactory, TenderedPriceFactory

pytestmark = pytest.mark.django_db


def test_admission_copies_the_tendered_prices_and_sets_the_rate_to_the_main_price(make_user):
    application = ModeratedApplicationFactory()
    lot1, lot2 = application.lots.order_by("number")
    evening = PriceLineFactory(lot=lot1, number=2, name="Hourly rate, evening", is_main=False)
    TenderedPriceFactory(application=application, price_line=evening, pence=2475)
    services.application_decide(application=application, by=make_user("procurement_officer"),
                                outcomes={lot1.pk: ("admit", "Meets every condition"),
                                          lot2.pk: ("reject", "Below the pass mark for this lot")})
    membership = Membership.objects.get(lot=lot1)
    assert membership.rate_pence == 2250
    assert sorted(MemberPrice.objects.filter(membership=membership).values_list("price_line__name", "pence")) == [
        ("Hourly rate, evening", 2475), ("Hourly rate, weekday daytime", 2250)]


def test_price_limits_are_the_main_lines_and_none_without_lines():
    lot = LotFactory(main_price=False)
    assert selectors.price_limits(lot) == (None, None)
    PriceLineFactory(lot=lot, number=2, name="Evening", is_main=False, min_pence=2000, max_pence=3500)
    PriceLineFactory(lot=lot, min_pence=1800, max_pence=3000)
    assert selectors.price_limits(lot) == (1800, 3000)
    assert selectors.price_limits(LotFactory()) == (None, None), "the factory's main line has no limits"


def test_reserve_lots_for_a_primary_lot():
    primary = LotFactory()
    reserve = LotFactory(approved_list=primary.approved_list, is_reserve=True)
    LotFactory(approved_list=primary.approved_list)
    reserve.reserve_for.add(primary)
    assert list(selectors.reserve_lots_for(primary)) == [reserve]
    assert list(selectors.reserve_lots_for(reserve)) == []
