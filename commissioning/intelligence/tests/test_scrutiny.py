"""The scrutiny report for a year: staffing, savings, benchmarks, as HTML and a PDF with its sections."""
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from commissioning.accounts.roles import Role
from commissioning.intelligence.models import Saving
from commissioning.intelligence.services import saving_record, staffing_line_add


@pytest.mark.django_db
def test_the_report_totals_staffing_and_savings_like_seed_000(client, make_user):
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    staffing_line_add(financial_year=2013, job_title="Head of Commissioning", fte=Decimal("1.00"),
                      cost_pence=6_813_800, by=head)
    staffing_line_add(financial_year=2013, job_title="Strategic Commissioning Mgrs", fte=Decimal("4.10"),
                      cost_pence=19_652_500, by=head)
    saving_record(financial_year=2013, service_area="Community Equipment Joint Contract with NHS",
                  previous_annual_pence=140_000_000, new_annual_pence=95_000_000, by=head)
    client.force_login(make_user(Role.LEAD_COMMISSIONER))

    page = client.get(reverse("intelligence:scrutiny", kwargs={"year": 2013})).content.decode()

    assert "Commissioning and value for money, 2013-14" in page
    assert "5.10" in page and "£264,663" in page
    assert "£450,000" in page


@pytest.mark.django_db
def test_bad_lines_are_refused_with_messages_for_their_fields(client, make_user):
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    with pytest.raises(ValidationError) as refused:
        saving_record(financial_year=1999, service_area=" ", previous_annual_pence=-1, new_annual_pence=0, by=head)
    assert set(refused.value.message_dict) == {"financial_year", "service_area", "previous_annual"}
    client.force_login(head)
    url = reverse("intelligence:scrutiny", kwargs={"year": 2026})
    response = client.post(url, {"form": "saving", "saving-service_area": "Home care",
                                 "saving-previous_annual": "", "saving-new_annual": "-5"})
    assert "Enter the previous annual value" in response.content.decode()
    assert "The new annual value must be £0 or more" in response.content.decode()
    response = client.post(url, {"form": "saving", "saving-service_area": "Home care",
                                 "saving-previous_annual": "320000", "saving-new_annual": "270000"})
    assert response.status_code == 302 and Saving.objects.get().saving_pence == 5_000_000


@pytest.mark.django_db
def test_only_the_head_adds_to_the_report(client, make_user):
    client.force_login(make_user(Role.BROKER))
    url = reverse("intelligence:scrutiny", kwargs={"year": 2026})
    assert client.get(url).status_code == 200
    assert client.post(url, {"form": "staffing"}).status_code == 403


@pytest.mark.django_db
def test_the_report_pdf_opens_and_has_the_sections(client, make_user):
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    staffing_line_add(financial_year=2026, job_title="Commissioning Officers", fte=Decimal(3), cost_pence=12_398_400,
                      by=head)
    client.force_login(head)
    response = client.get(reverse("intelligence:scrutiny_pdf", kwargs={"year": 2026}))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for section in ("The commissioning function", "Spend on purchased services",
                    "Savings from tendering and procurement", "Unit costs against comparators",
                    "Commissioning Officers"):
        assert section in text, section
