"""Gaps, out-of-area placements, exits and failures, own unit costs, Oflog ranks and the cycle figures:
the pure rules, and the same figures stored by a refresh from the platform's records."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage.tests.factories import AgreementAcceptedFactory, CareRequestFactory, RequestUnmetFactory
from commissioning.intelligence.domain.gaps import cost_rows, distance_km, gap_rows, is_out_of_area
from commissioning.intelligence.domain.oflog import rank_of, read_oflog
from commissioning.intelligence.models import Figure, FigureSnapshot
from commissioning.intelligence.services import figures_refresh
from commissioning.intelligence.services.analysis import financial_year_of, oflog_file
from commissioning.providers.models import ClientGroup
from commissioning.providers.services.register import provider_change_status, service_change_status
from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory

OFLOG = """Financial year,Local authority code,Local authority name,Grouping,Entity_Name,Region,Measure,Code,\
Value,MEDIAN,MADs_from_median,rank_order
2022-23,E1,One,LA_Raw,U,R,"Outcome, ASC Quality of Life",ASC2,0.40,0.40,0,desc
2022-23,E2,Two,LA_Raw,U,R,"Outcome, ASC Quality of Life",ASC2,0.42,0.40,0,desc
2022-23,E3,Three,LA_Raw,U,R,"Outcome, ASC Quality of Life",ASC2,0.42,0.40,0,desc
2022-23,E4,Four,LA_Raw,U,R,"Outcome, ASC Quality of Life",ASC2,,0.40,,
2022-23,E5,Five,LA_Raw,U,R,"Outcome, ASC Quality of Life",ASC2,0.30,0.40,0,desc
2022-23,E1,One,LA_Raw,U,R,"Outcome, Workforce turnover rate",ASC7,31.5,28,0,None
2022-23,E2,Two,LA_Raw,U,R,"Outcome, Workforce turnover rate",ASC7,20,28,0,None
"""


def test_a_council_tied_with_another_shares_the_better_rank_and_blanks_are_not_counted():
    quality = read_oflog(OFLOG, area_code="E2")[0]
    latest = quality.latest
    assert (latest.rank, latest.of, latest.better) == (1, 4, "higher")
    assert rank_of(Decimal("0.40"), [Decimal("0.42"), Decimal("0.42"), Decimal("0.40")]) == 3
    assert latest.median == Decimal("0.41") and latest.against_median == "above"
    assert quality.measure == "Adult social care quality of life"


def test_a_measure_with_no_better_direction_says_so_and_ranks_highest_first():
    turnover = read_oflog(OFLOG, area_code="E1")[1]
    assert turnover.better == "neither" and (turnover.latest.rank, turnover.latest.of) == (1, 2)


@pytest.mark.skipif(not oflog_file().exists(), reason="the shared Oflog file is not beside the project")
def test_derby_ranks_below_the_published_median_on_quality_of_life_in_2022_23():
    histories = {h.code: h for h in read_oflog(oflog_file().read_text(encoding="utf-8"), area_code="E06000015")}
    latest = histories["ASC2"].latest
    assert latest.year == "2022-23" and latest.value == Decimal("0.394")
    assert latest.median == latest.published_median == Decimal("0.413")
    assert (latest.rank, latest.of) == (116, 149) and latest.against_median == "below"


def test_a_cell_with_unmet_need_or_demand_but_no_service_is_a_gap():
    rows = gap_rows(
        [("Central", "Older people", "placed", Decimal(2)), ("Central", "Older people", "placed", Decimal(4)),
         ("Central", "Older people", "placed", Decimal(9)), ("East", "Autism", "waiting", None),
         ("West", "Older people", "unmet", None)],
        [("Central", "Older people", 40, 0), ("West", "Older people", 20, 0)])
    by = {(r["locality"], r["client_group"]): r for r in rows}
    central = by[("Central", "Older people")]
    assert (central["placed"], central["beds"], central["median_days"], central["gap"]) == (3, 40, "4.0", False)
    assert by[("East", "Autism")]["gap"] is True and by[("East", "Autism")]["services"] == 0
    assert by[("West", "Older people")]["gap"] is True and by[("West", "Older people")]["unmet"] == 1


def test_a_postcode_district_outside_every_locality_is_out_of_area():
    council = ["DE1", "DE22", "DE3"]
    assert is_out_of_area("DE56", council) is True
    assert is_out_of_area("de22", council) is False
    assert is_out_of_area("", council) is False


def test_the_distance_from_derby_to_belper_is_about_eleven_kilometres():
    assert distance_km((Decimal("52.92250"), Decimal("-1.48250")), (Decimal("53.02375"), Decimal("-1.48215"))) \
        == Decimal("11.3")
    assert distance_km(None, (Decimal("53"), Decimal("-1"))) is None


def test_own_unit_costs_give_the_median_and_the_mean_to_the_penny():
    rows = cost_rows([("Care home (residential)", "Older people", 70_000), ("Care home (residential)",
                      "Older people", 80_001), ("Care home (residential)", "Older people", 90_000),
                      ("Care home (residential)", "Older people", 100_000)])
    assert rows == [{"support_type": "Care home (residential)", "client_group": "Older people", "people": 4,
                     "mean_pence": 85_000, "median_pence": 85_001, "lowest_pence": 70_000,
                     "highest_pence": 100_000}]


def test_the_financial_year_starts_on_the_first_of_april():
    assert financial_year_of(date(2026, 3, 31)) == 2025 and financial_year_of(date(2026, 4, 1)) == 2026


@pytest.mark.django_db
def test_a_refresh_stores_gaps_out_of_area_placements_exits_and_costs(make_user):
    older = ClientGroup.objects.get(name="Older people")
    home = ServiceFactory(beds=30)
    home.client_groups.set([older])
    belper = ServiceFactory(beds=20, postcode="DE56 1AA", locality=None, latitude="53.02375", longitude="-1.48215",
                            name="Belper Lodge")
    AgreementAcceptedFactory(service=home, provider=home.provider, weekly_cost_pence=80_000,
                             request__client_group=older)
    AgreementAcceptedFactory(service=belper, provider=belper.provider, weekly_cost_pence=90_000)
    RequestUnmetFactory(client_group=older, locality=home.locality)
    admin = make_user(Role.ADMINISTRATOR)
    closing = ServiceFactory(name="Closing House")
    service_change_status(service=closing, event="close", by=admin, note="Home closed for refurbishment")
    failed = ProviderFactory(name="Failed Care Ltd")
    provider_change_status(provider=failed, event="cease_trading", by=admin, note="Went into administration")

    figures_refresh()
    found = {f.key: f for f in Figure.objects.all()}

    cells = {(r["locality"], r["client_group"]): r for r in found["gaps.cells"].detail["rows"]}
    assert cells[("Central", "Older people")]["unmet"] == 1 and cells[("Central", "Older people")]["gap"] is True
    away = found["gaps.out_of_area"]
    assert away.value == 1 and away.detail["placed"] == 2 and away.detail["share"] == "50.0"
    assert away.detail["rows"][0]["service"] == "Belper Lodge" and away.detail["rows"][0]["district"] == "DE56"
    assert away.detail["rows"][0]["median_km"] == "11.3"
    exits = {r["what"]: r for r in found["supply.exits"].detail["rows"]}
    assert exits["Service closed"]["note"] == "Home closed for refurbishment"
    assert exits["Provider ceased trading (failed)"]["provider"] == "Failed Care Ltd"
    costs = found["benchmarks.own_costs"]
    assert costs.value == Decimal("850.00") and costs.source.startswith("The platform's placed packages")
    assert found["cycle.spend"].detail["year"] and found["cycle.due"].unit == "count"


@pytest.mark.django_db
def test_each_refresh_keeps_one_snapshot_a_day_of_the_tracked_figures():
    ServiceFactory(beds=10)
    figures_refresh(today=date(2026, 11, 30))
    ServiceFactory(beds=5)
    figures_refresh(today=date(2026, 12, 1))
    figures_refresh(today=date(2026, 12, 1))
    beds = list(FigureSnapshot.objects.filter(key="supply.beds").values_list("taken_on", "value"))
    assert beds == [(date(2026, 11, 30), Decimal("10.00")), (date(2026, 12, 1), Decimal("15.00"))]
    assert not FigureSnapshot.objects.filter(key="cycle.spend").exists()


@pytest.mark.django_db
def test_requests_still_being_sourced_count_as_waiting_in_their_locality():
    CareRequestFactory(created_at=timezone.now() - timedelta(days=3))
    figures_refresh()
    rows = Figure.objects.get(key="gaps.cells").detail["rows"]
    assert [(r["locality"], r["waiting"], r["gap"]) for r in rows] == [("Central", 1, True)]
