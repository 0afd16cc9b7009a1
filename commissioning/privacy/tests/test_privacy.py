"""Subject access exports and the retention schedule: everything about a person comes out for
them, and a record past its retention period loses who the person is but keeps the money and
the audit trail."""
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage import services as brokerage
from commissioning.brokerage.choices import AgreementStatus, RequestStatus
from commissioning.brokerage.models import Agreement, CareRequest, Person
from commissioning.core.models import AuditEvent
from commissioning.privacy import services
from commissioning.privacy.domain.retention import is_due, retention_ends
from commissioning.privacy.selectors import people_due_for_anonymisation


def test_the_retention_period_runs_from_the_last_activity():
    assert retention_ends(date(2018, 3, 1), 8) == date(2026, 3, 1)
    assert retention_ends(date(2016, 2, 29), 8) == date(2024, 2, 29)
    assert retention_ends(date(2016, 2, 29), 7) == date(2023, 2, 28)


def test_a_record_with_anything_live_is_never_due():
    assert is_due(last_activity=date(2010, 1, 1), today=date(2026, 12, 1), years=8, anything_live=False)
    assert not is_due(last_activity=date(2010, 1, 1), today=date(2026, 12, 1), years=8, anything_live=True)
    assert not is_due(last_activity=date(2019, 12, 2), today=date(2026, 12, 1), years=8, anything_live=False)


def test_a_retention_period_under_a_year_is_refused():
    with pytest.raises(ValueError):
        is_due(last_activity=date(2010, 1, 1), today=date(2026, 12, 1), years=0, anything_live=False)


@pytest.fixture
def placed(make_member, make_request, broker, provider):
    member = make_member(provider=provider)
    care = make_request()
    agreement = brokerage.direct_award(request=care, by=broker, provider=member.provider, reason="choice",
                                       note="Chosen by the person")
    return care, agreement


def _age(care: CareRequest, years: int) -> None:
    """Move a record's activity into the past, as if years had gone by."""
    then = timezone.now() - timedelta(days=365 * years + 3)
    Person.objects.filter(pk=care.person_id).update(updated_at=then)
    CareRequest.objects.filter(person=care.person_id).update(updated_at=then)
    Agreement.objects.filter(person=care.person_id).update(updated_at=then)


@pytest.mark.django_db
def test_the_subject_access_export_holds_the_person_their_requests_and_agreements_and_is_audited(
        placed, client_for, make_user):
    care, agreement = placed
    officer = make_user(Role.ADMINISTRATOR)
    response = client_for(officer).post(reverse("privacy:person_export", args=[care.person_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="subject-access-{care.person.reference}.json"'
    record = json.loads(response.content)
    assert record["person"]["name"] == "Margaret Oyelaran"
    assert record["person"]["date_of_birth"] == "1941-03-09"
    assert record["requests_for_care"][0]["assessed_needs"].startswith("Help to wash and dress")
    assert record["agreements"][0]["reference"] == agreement.reference
    assert record["agreements"][0]["weekly_cost"].startswith("£")
    assert any(line["what"] == "Created" for line in record["audit_trail"])
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED, object_id=care.person_id,
                                     actor=officer).exists()


@pytest.mark.django_db
def test_only_a_data_protection_officer_may_export_a_persons_record(placed, client_for, make_user):
    care, _ = placed
    for role in (Role.BROKER, Role.PROVIDER_USER, Role.FINANCE_OFFICER):
        response = client_for(make_user(role)).post(reverse("privacy:person_export", args=[care.person_id]))
        assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


@pytest.mark.django_db
def test_finding_a_person_by_reference_or_part_of_the_name(placed, client_for, make_user):
    care, _ = placed
    client = client_for(make_user(Role.ADMINISTRATOR))
    assert care.person.reference in client.get(reverse("privacy:index"), {"text": "oyelaran"}).content.decode()
    page = client.get(reverse("privacy:index"), {"text": ""}).content.decode()
    assert "Enter the person&#x27;s reference or name" in page


@pytest.mark.django_db
def test_a_record_past_retention_loses_who_the_person_is_and_keeps_the_money_and_the_audit_trail(placed):
    care, agreement = placed
    Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.ENDED)
    CareRequest.objects.filter(pk=care.pk).update(status=RequestStatus.PLACED)
    lines_before = AuditEvent.objects.count()
    _age(care, 9)

    assert [p.pk for p in people_due_for_anonymisation(today=timezone.localdate())] == [care.person_id]
    done = services.retention_anonymise_due(today=timezone.localdate())

    person = Person.objects.get(pk=care.person_id)
    assert [p.pk for p in done] == [person.pk]
    assert (person.name, person.date_of_birth, person.address, person.postcode) == ("Anonymised person", None, "", "")
    assert person.anonymised_at is not None
    care.refresh_from_db()
    assert "wash" not in care.needs and care.postcode == "DE22"
    agreement.refresh_from_db()
    assert agreement.weekly_cost_pence > 0 and agreement.rate_pence > 0
    assert AuditEvent.objects.count() == lines_before + 1
    assert not AuditEvent.objects.filter(changes__icontains="Oyelaran").exists()
    assert people_due_for_anonymisation(today=timezone.localdate()) == []


@pytest.mark.django_db
def test_a_person_still_receiving_care_or_active_recently_is_not_anonymised(placed):
    care, agreement = placed
    _age(care, 9)
    assert people_due_for_anonymisation(today=timezone.localdate()) == []  # the agreement is still offered
    Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.ENDED)
    CareRequest.objects.filter(pk=care.pk).update(status=RequestStatus.PLACED)
    _age(care, 7)
    assert people_due_for_anonymisation(today=timezone.localdate()) == []


@pytest.mark.django_db
def test_the_retention_page_lists_who_is_due_and_anonymises_them_on_request(placed, client_for, make_user):
    care, agreement = placed
    Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.ENDED)
    CareRequest.objects.filter(pk=care.pk).update(status=RequestStatus.PLACED)
    _age(care, 9)
    client = client_for(make_user(Role.ADMINISTRATOR))
    assert care.person.reference in client.get(reverse("privacy:retention")).content.decode()
    response = client.post(reverse("privacy:retention"), follow=True)
    assert "1 record anonymised" in response.content.decode()
    assert Person.objects.get(pk=care.person_id).anonymised_at is not None


@pytest.mark.django_db
def test_the_nightly_task_anonymises_records_past_retention_with_the_schedule_as_the_actor(placed):
    from commissioning.privacy.tasks import anonymise_due_records

    care, agreement = placed
    Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.ENDED)
    CareRequest.objects.filter(pk=care.pk).update(status=RequestStatus.PLACED)
    _age(care, 9)
    assert anonymise_due_records.enqueue().return_value == 1
    line = AuditEvent.objects.get(action=AuditEvent.Action.ANONYMISED)
    assert (line.actor, line.actor_label, line.source) == (None, "System", AuditEvent.Source.SCHEDULE)
    assert anonymise_due_records.enqueue().return_value == 0


@pytest.mark.django_db
def test_the_subject_access_export_names_the_council_the_first_run_stored(placed, client_for, make_user, settings):
    from commissioning.accounts.models import Council

    settings.COUNCIL_NAME = "Derby City Council"
    Council.objects.create(name="Example Borough Council", ppon="PXYZ-1234-ABCD")
    care, _ = placed
    response = client_for(make_user(Role.ADMINISTRATOR)).post(reverse("privacy:person_export", args=[care.person_id]))
    assert json.loads(response.content)["exported"]["council"] == "Example Borough Council"
