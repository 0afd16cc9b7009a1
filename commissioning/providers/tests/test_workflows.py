"""Provider and service statuses move only through their workflow tables: every allowed pair is a
status-event row and an audit line; every other pair is refused, in the service, the page and the API."""
import itertools

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.core.audit import Source
from commissioning.core.models import AuditEvent
from commissioning.core.workflow import TransitionNotAllowed
from commissioning.providers import services
from commissioning.providers.choices import ProviderStatus, ServiceStatus
from commissioning.providers.tests.factories import (
    ActiveProviderFactory,
    ActiveServiceFactory,
    CeasedProviderFactory,
    ClosedServiceFactory,
    InactiveProviderFactory,
)
from commissioning.providers.transitions import PROVIDER_WORKFLOW, SERVICE_WORKFLOW

pytestmark = pytest.mark.django_db

PROVIDER_IN = {ProviderStatus.ACTIVE: ActiveProviderFactory, ProviderStatus.INACTIVE: InactiveProviderFactory,
               ProviderStatus.CEASED: CeasedProviderFactory}
SERVICE_IN = {ServiceStatus.ACTIVE: ActiveServiceFactory, ServiceStatus.CLOSED: ClosedServiceFactory}


def _pairs_not_in(workflow, statuses):
    events = sorted({event for (_, event) in workflow.table})
    return [(s, e) for s, e in itertools.product(statuses, events) if (s, e) not in workflow.table]


@pytest.mark.parametrize(("status", "event"), list(PROVIDER_WORKFLOW.table))
def test_every_provider_move_in_the_table_is_made_and_recorded(commissioner, status, event):
    provider = PROVIDER_IN[status]()
    moved = services.provider_change_status(provider=provider, event=event, by=commissioner, note="From the review")
    expected = PROVIDER_WORKFLOW.table[(status, event)]
    provider.refresh_from_db()
    assert moved.status == expected and provider.status == expected
    row = provider.status_events.get()
    assert (row.event, row.from_status, row.to_status, row.by, row.note) == (
        event, status, expected, commissioner, "From the review")
    audit = AuditEvent.objects.get(object_id=provider.pk, content_type__model="provider", action="status_changed")
    assert audit.changes == {"Status": [status.label, expected.label]}


@pytest.mark.parametrize(("status", "event"), _pairs_not_in(PROVIDER_WORKFLOW, ProviderStatus))
def test_a_provider_move_not_in_the_table_is_refused(commissioner, status, event):
    provider = PROVIDER_IN[status]()
    with pytest.raises(TransitionNotAllowed):
        services.provider_change_status(provider=provider, event=event, by=commissioner)
    provider.refresh_from_db()
    assert provider.status == status and not provider.status_events.exists()


@pytest.mark.parametrize(("status", "event"), list(SERVICE_WORKFLOW.table))
def test_every_service_move_in_the_table_is_made_and_recorded(quality_officer, status, event):
    service = SERVICE_IN[status]()
    services.service_change_status(service=service, event=event, by=quality_officer)
    expected = SERVICE_WORKFLOW.table[(status, event)]
    service.refresh_from_db()
    assert service.status == expected
    row = service.status_events.get()
    assert (row.event, row.from_status, row.to_status, row.by) == (event, status, expected, quality_officer)


@pytest.mark.parametrize(("status", "event"), _pairs_not_in(SERVICE_WORKFLOW, ServiceStatus))
def test_a_service_move_not_in_the_table_is_refused(quality_officer, status, event):
    service = SERVICE_IN[status]()
    with pytest.raises(TransitionNotAllowed):
        services.service_change_status(service=service, event=event, by=quality_officer)
    service.refresh_from_db()
    assert service.status == status and not service.status_events.exists()


def test_choosing_a_new_status_on_the_edit_page_is_a_recorded_move(client_for, commissioner):
    provider = ActiveProviderFactory()
    data = {f: getattr(provider, f) or "" for f in (
        "name", "legal_name", "companies_house_number", "cqc_provider_id", "contact_name", "contact_email",
        "contact_phone", "website", "address")}
    response = client_for(commissioner).post(reverse("providers:provider_edit", args=[provider.pk]),
                                             {**data, "status": "ceased"})
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.status == ProviderStatus.CEASED
    assert provider.status_events.get().event == "cease_trading"
    assert not AuditEvent.objects.filter(object_id=provider.pk, action="updated").exists()
    assert AuditEvent.objects.get(object_id=provider.pk, action="status_changed").changes == {
        "Status": ["Active", "Ceased trading"]}


def test_a_status_the_table_does_not_reach_is_refused_on_the_edit_page(client_for, commissioner):
    provider = CeasedProviderFactory(contact_name="Old Name")
    data = {f: getattr(provider, f) or "" for f in (
        "name", "legal_name", "companies_house_number", "cqc_provider_id", "contact_email",
        "contact_phone", "website", "address")}
    response = client_for(commissioner).post(reverse("providers:provider_edit", args=[provider.pk]),
                                             {**data, "contact_name": "New Name", "status": "inactive"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "A provider that is ceased trading cannot be asked to become inactive" in page
    provider.refresh_from_db()
    assert provider.status == ProviderStatus.CEASED and provider.contact_name == "Old Name"
    assert not provider.status_events.exists()


def test_a_status_the_table_does_not_reach_is_a_conflict_in_the_api(commissioner):
    provider = CeasedProviderFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=commissioner).key}")
    response = client.patch(f"/api/v1/providers/{provider.pk}/", {"status": "inactive"}, format="json")
    assert response.status_code == 409
    assert "cannot be asked to become inactive" in response.json()["detail"]
    reinstated = client.patch(f"/api/v1/providers/{provider.pk}/", {"status": "active"}, format="json")
    assert reinstated.status_code == 200 and reinstated.json()["status"] == "active"
    assert provider.status_events.get().event == "reinstate"


def test_an_import_that_closes_a_deregistered_service_records_the_move(administrator):
    service = ActiveServiceFactory()
    service.status = ServiceStatus.CLOSED
    services.service_save(service=service, by=administrator, source=Source.IMPORT, note="Row 2 of a CQC file")
    row = service.status_events.get()
    assert (row.event, row.to_status, row.note) == ("close", ServiceStatus.CLOSED, "Row 2 of a CQC file")
    assert AuditEvent.objects.get(object_id=service.pk, action="status_changed").source == Source.IMPORT


def test_the_council_rag_from_a_final_audit_is_recorded_with_its_history(quality_officer):
    service = ActiveServiceFactory(council_rag="")
    services.service_set_council_rag(service=service, rag="amber", by=quality_officer, note="Final report")
    service.refresh_from_db()
    assert service.council_rag == "amber" and service.council_rag.colour == "orange"
    event = AuditEvent.objects.get(object_id=service.pk, content_type__model="service", action="updated")
    assert event.changes == {"Council RAG rating": ["", "Amber"]} and event.note == "Final report"


def test_a_council_rag_that_is_not_green_amber_or_red_is_refused(quality_officer):
    service = ActiveServiceFactory(council_rag="green")
    with pytest.raises(ValueError):
        services.service_set_council_rag(service=service, rag="purple", by=quality_officer)
    service.refresh_from_db()
    assert service.council_rag == "green"
