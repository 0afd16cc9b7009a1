"""Importing unit costs as a job, comparator groups, and the benchmarks page with bands and arrows."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.core.models import Job
from commissioning.intelligence.domain.bands import DEFAULT_BANDS
from commissioning.intelligence.models import BenchmarkImport, ComparatorGroup, UnitCost
from commissioning.intelligence.selectors import HEADLINE, benchmark_rows
from commissioning.intelligence.services import (
    benchmark_import_stage,
    benchmark_import_start,
    comparator_group_save,
)

from .conftest import cut

EAST_MIDLANDS = ["503", "504", "506", "507", "508", "509", "510", "511", "512"]


def _imported(content, year, by):
    source = benchmark_import_stage(file_name=f"unit-costs-{year}.csv", content=content, financial_year=year, by=by)
    return benchmark_import_start(source=source, by=by, inline=True)


def _group(by):
    return comparator_group_save(name="East Midlands", own_code="507", member_codes=EAST_MIDLANDS,
                                 bands=list(DEFAULT_BANDS), level_tolerance_percent=Decimal(1), by=by)


@pytest.mark.django_db
def test_uploading_the_real_file_imports_it_as_a_job_with_derbys_figure(client, make_user, unit_cost_bytes,
                                                                       django_capture_on_commit_callbacks):
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    client.force_login(head)
    upload = SimpleUploadedFile("pss-exp-eng-14-15-fin-coun-lev-unit-cost.csv", cut(unit_cost_bytes, lines=3),
                                "text/csv")

    response = client.post(reverse("intelligence:benchmark_upload"), {"file": upload})
    source = BenchmarkImport.objects.get()
    assert response.status_code == 302 and source.financial_year == 2014 and source.status == "checked"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(source.get_absolute_url())

    source.refresh_from_db()
    job = Job.objects.get(kind="benchmark_import")
    assert source.status == "imported" and job.status == "succeeded", job.outcome
    assert "486 figures for 152 councils" in job.outcome
    derby = UnitCost.objects.get(financial_year=2014, area_code="507", measure="Unit costs", provision="All",
                                 support_type="Long term", age_category="Age 18 and over",
                                 primary_support_reason="", delivery_mechanism="Residential and nursing care")
    assert derby.value == Decimal("582.6000")


@pytest.mark.django_db
def test_a_bad_file_is_refused_whole_with_its_reasons(client, make_user, small_unit_costs):
    client.force_login(make_user(Role.FINANCE_OFFICER))
    broken = small_unit_costs.replace(b",34698,", b",lots,", 1)
    response = client.post(reverse("intelligence:benchmark_upload"),
                           {"file": SimpleUploadedFile("costs-2014-15.csv", broken), "financial_year": "2014"})

    assert response.status_code == 200
    assert "The file was refused whole and nothing was imported" in response.content.decode()
    assert "column Derby: “lots” is not a number" in response.content.decode()
    assert not BenchmarkImport.objects.exists()


@pytest.mark.django_db
def test_the_year_is_needed_when_the_file_name_does_not_say_it(client, make_user, small_unit_costs):
    client.force_login(make_user(Role.FINANCE_OFFICER))
    response = client.post(reverse("intelligence:benchmark_upload"),
                           {"file": SimpleUploadedFile("costs.csv", small_unit_costs)})
    assert "Enter the year the financial year starts, such as 2014" in response.content.decode()


@pytest.mark.django_db
def test_importing_a_year_again_replaces_its_figures(make_user, small_unit_costs):
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    _imported(small_unit_costs, 2014, head)
    count = UnitCost.objects.count()
    _imported(small_unit_costs, 2014, head)
    assert UnitCost.objects.count() == count
    assert UnitCost.objects.values("source").distinct().count() == 1


@pytest.mark.django_db
def test_the_band_and_the_arrow_against_last_year(make_user, unit_cost_bytes):
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    _imported(cut(unit_cost_bytes, lines=3), 2014, head)
    _imported(cut(unit_cost_bytes, lines=3, scale=1.10), 2013, head)
    group = _group(head)

    headline = next(r for r in benchmark_rows(user=head, group=group, financial_year=2014) if r.key == HEADLINE)
    values = sorted(UnitCost.objects.filter(
        financial_year=2014, measure="Unit costs", provision="All", area_code__in=EAST_MIDLANDS,
        delivery_mechanism="Residential and nursing care", age_category="Age 18 and over",
        primary_support_reason="").values_list("value", flat=True))

    assert headline.own == Decimal("582.6") and headline.england == Decimal("666.37")
    assert headline.compared == 9
    rank = values.index(Decimal("582.6"))
    assert headline.place == (Decimal(100) * rank / 8).quantize(Decimal("0.01"))
    assert headline.shift == "down"
    assert headline.band == headline.previous_band


@pytest.mark.django_db
def test_a_comparator_group_needs_two_other_councils_and_good_bands(make_user):
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    with pytest.raises(ValidationError) as refused:
        comparator_group_save(name="", own_code="507", member_codes=["512"], bands=[],
                              level_tolerance_percent=Decimal(60), by=head)
    assert set(refused.value.message_dict) == {"name", "member_codes", "bands", "level_tolerance_percent"}
    _group(head)
    with pytest.raises(ValidationError, match="already exists"):
        _group(head)


@pytest.mark.django_db
def test_the_benchmarks_page_shows_the_band_chart_and_table(client, make_user, small_unit_costs):
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    _imported(small_unit_costs, 2014, head)
    group = _group(head)
    client.force_login(make_user(Role.LEAD_COMMISSIONER))

    page = client.get(reverse("intelligence:benchmarks"), {"group": group.pk, "year": 2014}).content.decode()

    assert "£582.60" in page and "£666.37" in page
    assert "<svg" in page and 'role="img"' in page
    assert "The figures in this chart" in page and "Derby" in page
    assert "No earlier year" in page


@pytest.mark.django_db
def test_setting_up_a_group_from_the_page(client, make_user, small_unit_costs):
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    _imported(small_unit_costs, 2014, head)
    client.force_login(head)
    url = reverse("intelligence:group_create")
    assert "Derbyshire" in client.get(url).content.decode()
    bands = "Low, 40\nAverage, 60\nHigh, 100"
    response = client.post(url, {"name": "Nearest", "own_code": "507", "member_codes": ["506", "512"],
                                 "bands": bands, "level_tolerance_percent": "2"})
    assert response.status_code == 302
    group = ComparatorGroup.objects.get()
    assert group.member_codes == ["506", "507", "512"] and group.bands[0] == {"label": "Low", "upto": "40"}
    refused = client.post(url, {"name": "Other", "own_code": "507", "member_codes": ["506", "512"],
                                "bands": "Low 40", "level_tolerance_percent": "2"}).content.decode()
    assert "Line 1: write the band as its label, a comma and a position" in refused
