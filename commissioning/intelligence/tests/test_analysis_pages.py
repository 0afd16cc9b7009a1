"""The head's cycle view, the gaps page, supply over time and the benchmarks' own costs and Oflog ranks,
as people read them: every figure from the last refresh, with its date, source, chart and table."""
from datetime import date

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.brokerage.tests.factories import AgreementAcceptedFactory, RequestUnmetFactory
from commissioning.core.home import links_for
from commissioning.intelligence.services import figures_refresh
from commissioning.intelligence.services.analysis import oflog_file
from commissioning.providers.choices import CouncilRag
from commissioning.providers.services.register import service_change_status
from commissioning.providers.tests.factories import ServiceFactory


@pytest.fixture
def head(make_user):
    return make_user(Role.HEAD_OF_COMMISSIONING)


@pytest.mark.django_db
def test_the_cycle_view_says_when_nothing_is_worked_out_yet(client, head):
    client.force_login(head)
    page = client.get(reverse("intelligence:cycle")).content.decode()
    assert "The market figures have not been worked out yet" in page and "Refresh the figures now" in page


@pytest.mark.django_db
def test_the_cycle_view_shows_each_stage_with_dated_sourced_tiles_linking_to_their_detail(client, head):
    ServiceFactory(beds=30, council_rag=CouncilRag.RED)
    ServiceFactory(beds=10, council_rag=CouncilRag.GREEN)
    AgreementAcceptedFactory(weekly_cost_pence=80_000)
    RequestUnmetFactory()
    figures_refresh()
    client.force_login(head)
    page = client.get(reverse("intelligence:cycle")).content.decode()

    for stage in ("Analyse", "Plan", "Do", "Review"):
        assert f">{stage}</h2>" in page
    assert "1 person placed" in page and "1 person waiting as unmet need" in page and "40 beds" in page
    assert "1 service rated Red by the council" in page and "1 Green" in page
    assert "Approved and paid invoices, and each market" in page
    for name in ("intelligence:market", "intelligence:gaps", "intelligence:supply", "planning:calendar",
                 "finance:spend", "quality:review_list"):
        assert f'href="{reverse(name)}"' in page
    assert "Council RAG ratings over time" in page and "The trend appears from the next refresh" in page


@pytest.mark.django_db
def test_the_cycle_view_links_only_to_what_a_broker_may_open(client, make_user):
    ServiceFactory(beds=30)
    figures_refresh()
    broker = make_user(Role.BROKER)
    client.force_login(broker)
    page = client.get(reverse("intelligence:cycle")).content.decode()
    assert "Spend against budget" in page
    from commissioning.core.permissions import declared_roles
    from commissioning.finance import views as finance_views
    if Role.BROKER not in declared_roles(finance_views.spend):
        assert f'href="{reverse("finance:spend")}"' not in page


@pytest.mark.django_db
def test_the_head_reaches_the_cycle_view_gaps_and_supply_from_home(head, make_user):
    urls = [url for _, url in links_for(head)]
    assert reverse("intelligence:cycle") in urls
    assert reverse("intelligence:gaps") in urls and reverse("intelligence:supply") in urls
    assert not [u for _, u in links_for(make_user(Role.PROVIDER_USER)) if "intelligence" in u]


@pytest.mark.django_db
def test_the_gaps_page_shows_unmet_need_beside_supply_and_out_of_area_placements(client, head):
    ServiceFactory(beds=30)
    belper = ServiceFactory(beds=20, postcode="DE56 1AA", locality=None, latitude="53.02375",
                            longitude="-1.48215", name="Belper Lodge")
    AgreementAcceptedFactory(service=belper, provider=belper.provider)
    RequestUnmetFactory()
    figures_refresh()
    client.force_login(head)
    page = client.get(reverse("intelligence:gaps")).content.decode()
    assert "By locality and client group" in page and "Unmet need</strong>" in page
    assert "People waiting or unmet, by locality and client group" in page and "<svg" in page
    assert "Belper Lodge" in page and "DE56" in page and "11.3 km" in page
    assert "1 of 1 people in a placed package" in page


@pytest.mark.django_db
def test_supply_over_time_draws_the_mix_trend_and_lists_exits(client, head):
    home = ServiceFactory(beds=30, name="Oak House")
    figures_refresh(today=date(2026, 11, 30))
    service_change_status(service=home, event="close", by=head, note="Owner retired")
    figures_refresh()
    client.force_login(head)
    page = client.get(reverse("intelligence:supply")).content.decode()
    assert "CQC ratings over time" in page and "30 November 2026" in page
    assert "Oak House" in page and "Service closed" in page and "Owner retired" in page
    assert "2026-11-30" not in page.split("<svg")[0]


@pytest.mark.django_db
def test_the_benchmarks_page_shows_own_unit_costs_and_oflog_ranks(client, head):
    AgreementAcceptedFactory(weekly_cost_pence=22_000)
    AgreementAcceptedFactory(weekly_cost_pence=30_001)
    figures_refresh()
    client.force_login(head)
    page = client.get(reverse("intelligence:benchmarks")).content.decode()
    assert "The platform's own unit costs" in page and "£260.01" in page and "£300.01" in page
    if oflog_file().exists():
        assert "Adult social care quality of life" in page and "116 of 149" in page and "0.394" in page
        assert "Worse than the median" in page


@pytest.mark.django_db
def test_the_statement_s_intentions_link_to_the_forthcoming_procurements_of_their_market(client, head,
                                                                                         commissioner):
    from datetime import timedelta

    from django.utils import timezone

    from commissioning.accounts.roles import MarketArea
    from commissioning.intelligence.services import statement_draft_save, statement_publish
    from commissioning.planning.tests.factories import make_project
    from commissioning.procurement.tests.factories import OpenListFactory

    today = timezone.localdate()
    OpenListFactory(name="Care homes approved list", market_area_id=MarketArea.CARE_HOMES,
                    start_date=today - timedelta(days=30), term_months=36)
    make_project(commissioner, wanted_start=today + timedelta(days=500), name="Nursing beds north re-tender")
    ServiceFactory(beds=30)
    figures_refresh()
    statement_draft_save(by=head, context="More people aged 85 and over.", working_with_us="Join the list.",
                         intentions={"care_homes": "We will buy more nursing beds.",
                                     "home_care": "We will grow home care in the villages."})
    statement_publish(by=head)

    page = client.get(reverse("intelligence:statement")).content.decode()
    # The markets in their own order, whatever order the database keeps the intentions' keys in.
    assert page.index("Care homes and extra care</h3>") < page.index("Home care, day opportunities and respite</h3>")
    care_homes = page.split("Care homes and extra care</h3>")[1].split("<h3")[0]
    assert "Forthcoming procurements in this market" in care_homes
    assert "Care homes approved list: open to applications until" in care_homes
    assert "Nursing beds north re-tender: expected to go to tender" in care_homes
    home_care = page.split("Home care, day opportunities and respite</h3>")[1].split("<h3")[0]
    assert "Nursing beds north re-tender" not in home_care
    assert f'href="{reverse("planning:opportunities")}"' in page


@pytest.mark.django_db
def test_a_list_ending_within_ninety_days_falls_due_on_the_cycle_view(client, head):
    from datetime import timedelta

    from django.utils import timezone

    from commissioning.accounts.roles import MarketArea
    from commissioning.procurement.tests.factories import OpenListFactory

    today = timezone.localdate()
    ending = OpenListFactory(name="Home care list", market_area_id=MarketArea.HOME_CARE,
                             start_date=today.replace(day=1) - timedelta(days=330), term_months=12)
    assert today <= ending.end_date <= today + timedelta(days=90)
    figures_refresh()
    client.force_login(head)
    page = client.get(reverse("intelligence:cycle")).content.decode()
    assert "The next dates falling due" in page and "Home care list ends" in page
    assert f"{ending.end_date:%-d %B %Y}" in page and "List or contract ends: 1." in page
