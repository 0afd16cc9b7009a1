"""Providers and services download as CSV with the list's filters applied, safe in a spreadsheet."""
import csv
import io

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.core.models import AuditEvent
from commissioning.providers.choices import CqcRating
from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_the_service_csv_keeps_the_filters_labels_and_neutralises_formulas(client, make_user):
    broker = make_user(Role.BROKER)
    client.force_login(broker)
    ServiceFactory(name="=HYPERLINK(\"http://evil\")", cqc_rating=CqcRating.REQUIRES_IMPROVEMENT)
    ServiceFactory(name="Good House", cqc_rating=CqcRating.GOOD)

    page = client.get(reverse("providers:service_list"), {"cqc_rating": "requires_improvement"})
    assert reverse("providers:service_csv") + "?cqc_rating=requires_improvement" in page.content.decode()
    response = client.get(reverse("providers:service_csv"), {"cqc_rating": "requires_improvement"})

    assert response["Content-Type"].startswith("text/csv")
    header, *rows = _rows(response)
    assert header[0] == "Service" and len(rows) == 1
    assert rows[0][0] == "'=HYPERLINK(\"http://evil\")"
    assert rows[0][header.index("CQC rating")] == "Requires improvement"
    assert rows[0][header.index("Status")] == "Active"
    assert "requires_improvement" not in response.content.decode()
    event = AuditEvent.objects.get(action="exported", actor=broker)
    assert "Services downloaded as CSV: 1 row(s)" in event.note and "CQC rating" in event.note


@pytest.mark.django_db
def test_the_provider_csv_keeps_the_search(client, make_user):
    client.force_login(make_user(Role.HEAD_OF_COMMISSIONING))
    ProviderFactory(name="Oakwood Care", legal_name="+Oakwood Ltd")
    ProviderFactory(name="Birchfield Care")

    header, *rows = _rows(client.get(reverse("providers:provider_csv"), {"q": "Oakwood"}))

    assert [row[0] for row in rows] == ["Oakwood Care"]
    assert rows[0][header.index("Legal name")] == "'+Oakwood Ltd"
    assert rows[0][header.index("Status")] == "Active"


@pytest.mark.django_db
def test_a_provider_user_cannot_download_the_register(client, make_user):
    client.force_login(make_user(Role.PROVIDER_USER))
    assert client.get(reverse("providers:provider_csv")).status_code == 403
    assert client.get(reverse("providers:service_csv")).status_code == 403
