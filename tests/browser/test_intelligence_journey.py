"""Market intelligence in a real browser, with axe-core on every new page.

The head of commissioning imports the real 2014-15 unit-cost file (cut to its first lines), sets up a
comparator group and reads the benchmarks; refreshes the market figures and reads the market page, the
cycle view, the gaps, supply over time and the benchmarks with own costs and Oflog ranks;
writes and publishes the Market Position Statement, which a signed-out visitor then reads. A care
home's provider user sends a bed return with a mistake first, then correctly.
"""
from pathlib import Path

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.intelligence.tests.conftest import UNIT_COSTS, cut
from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_benchmarks_market_statement_and_bed_return_pass_axe(open_as, make_person, tmp_path: Path):
    provider = ProviderFactory(name="Rose Care Homes")
    ServiceFactory(provider=provider, beds=30, name="Rose House")
    head = make_person(Role.HEAD_OF_COMMISSIONING, first_name="Hana", last_name="Head")
    audit = open_as(head, who="Head of commissioning (intelligence)")
    page = audit.page

    audit.visit(reverse("intelligence:benchmarks"))
    audit.visit(reverse("intelligence:benchmark_upload"))
    audit.submit("Check the file", label="upload with no file")
    audit.check_error_summary()
    upload = tmp_path / "pss-exp-eng-14-15-fin-coun-lev-unit-cost.csv"
    upload.write_bytes(cut(UNIT_COSTS.read_bytes(), lines=3))
    page.set_input_files("input[type=file]", str(upload))
    audit.submit("Check the file", label="the checked file")
    audit.submit("Import the figures", label="the import's job")
    audit.visit(reverse("intelligence:group_create"))
    page.get_by_label("Name of the group").fill("East Midlands")
    page.get_by_label("Your council").select_option("507")
    for council in ("Derbyshire", "Nottingham", "Leicester", "Nottinghamshire"):
        page.get_by_label(council, exact=True).check()
    audit.submit("Save the group", label="benchmarks against the group")
    assert "£582.60" in page.content()

    audit.visit(reverse("intelligence:market"))
    audit.submit("Refresh the figures now", label="the refresh's job")
    audit.visit(reverse("intelligence:market"), label="the market with its figures")
    assert "Beds in the register" in page.content()
    audit.visit(reverse("intelligence:cycle"), label="the commissioning cycle")
    assert "Demand against supply" in page.content()
    audit.visit(reverse("intelligence:gaps"), label="the gaps")
    audit.visit(reverse("intelligence:supply"), label="supply over time")
    audit.visit(reverse("intelligence:benchmarks"), label="benchmarks with own costs and Oflog ranks")

    audit.visit(reverse("intelligence:statement_edit"))
    page.get_by_label("Context").fill("More people aged 85 and over live in Derby each year.")
    page.get_by_label("How to work with us").fill("Join the Approved Provider List.")
    audit.submit("Save and publish the next edition", label="the published edition")
    audit.assert_clean()

    visitor = open_as(None, who="Signed out (statement)")
    visitor.visit(reverse("intelligence:statement"))
    assert "More people aged 85 and over" in visitor.page.content()
    response = visitor.page.request.get(visitor.base_url + reverse("intelligence:statement_pdf", args=[1]))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    visitor.assert_clean()

    user = make_person(Role.PROVIDER_USER, provider=provider, first_name="Rosa", last_name="Manager")
    home = open_as(user, who="Provider user (bed return)")
    home.visit(reverse("intelligence:vacancy_return"))
    home.page.get_by_label("Care home").select_option(label="Rose House")
    home.page.get_by_label("Maximum beds").fill("30")
    home.page.get_by_label("Occupied beds").fill("31")
    home.submit("Send the beds", label="bed return with too many occupied")
    home.check_error_summary()
    home.page.get_by_label("Occupied beds").fill("28")
    home.submit("Send the beds", label="bed return sent")
    assert "2 vacant" in home.page.content()
    home.assert_clean()
