"""ASCOF 3D and the people in long-term support, on a small population checked by hand."""
from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from django.urls import reverse

from commissioning.directpayments.returns.build import EVENT_SCHEMA
from commissioning.directpayments.returns.measures import measures, year_end

COMMUNITY, RESIDENTIAL = "Long term support: Community", "Long term support: Residential care"
PHYSICAL, MEMORY, LD = ("Physical Support: Personal care support", "Support with Memory and Cognition",
                        "Learning Disability Support")


def event(person, born, service_type, mechanism, start, end=None, reason=PHYSICAL, kind="Service"):
    row = dict.fromkeys(EVENT_SCHEMA)
    row.update(person_ref=person, date_of_birth=born, service_type=service_type, delivery_mechanism=mechanism,
               event_start=start, event_end=end, primary_support_reason=reason, event_type=kind)
    return row


POPULATION = [
    event("P1", date(1946, 5, 1), COMMUNITY, "Direct payment", date(2025, 1, 1)),           # 80, DP
    event("P1", date(1946, 5, 1), COMMUNITY, "", date(2026, 6, 1), date(2026, 6, 1), kind="Review"),
    event("P2", date(1956, 5, 1), COMMUNITY, "CASSR commissioned support", date(2026, 5, 1)),  # 70, no DP
    event("P3", date(1986, 5, 1), COMMUNITY, "Direct payment", date(2026, 5, 1), date(2027, 1, 31)),  # ended
    event("P4", date(1941, 5, 1), RESIDENTIAL, "CASSR commissioned support", date(2024, 5, 1), reason=MEMORY),
    event("P5", date(2009, 6, 1), COMMUNITY, "Direct payment", date(2026, 7, 1), reason=LD),  # 17: not in 3D
    event("P6", date(1966, 5, 1), COMMUNITY, "Direct payment", date(2026, 4, 1), reason=LD),  # 60, DP
    event("P6", date(1966, 5, 1), RESIDENTIAL, "CASSR commissioned support", date(2026, 9, 1), reason=LD),
    event("P7", date(1950, 5, 1), "Short term support: ST-Max", "", date(2027, 3, 1)),       # short term
    event("P8", date(1950, 5, 1), COMMUNITY, "Direct payment", date(2027, 4, 1)),            # starts after
]


def test_ascof_3d_and_the_counts_on_a_hand_checked_population():
    figures = measures(pl.DataFrame(POPULATION, schema=EVENT_SCHEMA), on=year_end(2026))
    # Adults in long-term community support on 31 March 2027: P1, P2, P6; with a direct payment: P1, P6
    assert (figures.dp_people, figures.community_people) == (2, 3)
    assert figures.ascof_3d == Decimal("66.7")
    # Settings: community P1, P2, P5, P6; residential P4, P6; everyone once: P1, P2, P4, P5, P6
    assert figures.by_setting == [(COMMUNITY, 4), (RESIDENTIAL, 2)]
    assert figures.long_term_people == 5
    assert figures.by_reason == [(LD, 2), (PHYSICAL, 2), (MEMORY, 1)]  # by the reason's name


def test_no_one_in_community_support_gives_no_share():
    figures = measures(pl.DataFrame(POPULATION[4:5], schema=EVENT_SCHEMA), on=year_end(2026))
    assert figures.ascof_3d is None and figures.by_setting == [(RESIDENTIAL, 1)]


@pytest.mark.django_db
def test_the_measures_page_counts_the_platforms_direct_payments(client, make_request, social_worker):
    from .factories import make_direct_payment

    make_direct_payment(social_worker, make_request(), start=date(2026, 1, 5))
    client.force_login(social_worker)
    page = client.get(reverse("directpayments:measures") + "?year=2025").content.decode()
    assert "100.0%" in page and "1 of the 1 people aged 18 and over" in page and "31 March 2026" in page
    page = client.get(reverse("directpayments:measures") + "?year=2024").content.decode()
    assert "No one aged 18 or over is in long-term community support" in page
