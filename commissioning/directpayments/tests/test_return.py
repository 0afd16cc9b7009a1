"""The quarterly return built from the platform's events: personal data only where the specification
requires it, every failure with the record to fix, the file only for the roles that send it, each
download on the audit trail, and the history of submissions."""
from datetime import UTC, date

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.core.models import AuditEvent
from commissioning.directpayments.choices import SubmissionStatus
from commissioning.directpayments.returns.build import read_csv
from commissioning.directpayments.services import cld_build, cld_mark_sent, client_details_save

from .factories import GOOD_DETAILS, make_direct_payment

pytestmark = pytest.mark.django_db
AFTER = date(2026, 4, 2)


@pytest.fixture
def direct_payment(make_request, social_worker):
    """A direct payment from 5 January 2026, its request made and met in February 2026."""
    from datetime import datetime

    from commissioning.brokerage.models import CareRequest, RequestStatusEvent

    care = make_request()
    agreement = make_direct_payment(social_worker, care, start=date(2026, 1, 5))
    february = datetime(2026, 2, 2, 10, tzinfo=UTC)
    CareRequest.objects.filter(pk=care.pk).update(created_at=february)
    RequestStatusEvent.objects.filter(request=care).update(at=february)
    return agreement


def test_the_file_holds_the_events_with_personal_data_only_where_required(direct_payment, administrator):
    client_details_save(by=administrator, person=direct_payment.person, **GOOD_DETAILS)
    submission = cld_build(by=administrator, quarter_end=date(2026, 3, 31), today=AFTER)
    content = bytes(submission.content)
    rows = read_csv(content).to_dicts()
    assert content.startswith(b"LA Code,Reporting Period Start Date,Reporting Period End Date,NHS Number,")
    service = next(r for r in rows if r["Event Reference"] == direct_payment.reference)
    assert service["Delivery Mechanism"] == "Direct payment" and service["Service Component"] == "Direct payment"
    assert service["Unit Cost"] == "200.00" and service["Planned units per week"] == "1.00"
    assert service["Cost Frequency (Unit Type)"] == "Weekly"
    assert service["NHS Number"] == "9434765919" and service["LA Person Unique Identifier"] == "P-000001"
    assert service["Postcode"] == "DE22 1GB" and service["Date of Birth"] == "1941-03-09"
    # What the specification does not make mandatory is not sent: no names, no address, no GP, no free text
    for row in rows:
        assert row["First Name"] == row["Last Name"] == row["GP Practice Name"] == row["Event Description"] == ""
    assert b"Margaret" not in content and b"Oyelaran" not in content and b"Kedleston" not in content
    request = next(r for r in rows if r["Event Type"] == "Request")
    assert request["Event Outcome"] == "Progress to support planning or services"
    assert submission.failure_count == 0 and submission.status == SubmissionStatus.READY


def test_failures_name_the_record_to_fix(client, direct_payment, administrator):
    submission = cld_build(by=administrator, quarter_end=date(2026, 3, 31), today=AFTER)
    assert submission.status == SubmissionStatus.CHECKED
    fields = {f["field"] for f in submission.failures if f["severity"] == "failure"}
    assert {"NHS Number", "Gender", "Ethnicity", "Accommodation Status", "Client Funding Status",
            "Primary Support Reason", "Request: Route of Access"} <= fields
    client.force_login(administrator)
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "NHS Number is missing: it must be given on every row" in page
    assert reverse("directpayments:client_details", args=[direct_payment.person_id]) in page
    with pytest.raises(Exception, match="cannot be sent"):
        cld_mark_sent(by=administrator, submission=submission)


def test_only_the_roles_that_send_it_download_the_file_and_each_download_is_audited(
        client, direct_payment, administrator, make_user):
    submission = cld_build(by=administrator, quarter_end=date(2026, 3, 31), today=AFTER)
    url = reverse("directpayments:return_download", args=[submission.pk])
    finance = make_user(Role.FINANCE_OFFICER)
    client.force_login(finance)
    assert client.get(submission.get_absolute_url()).status_code == 200  # builds and checks it
    assert client.get(url).status_code == 403
    assert "Download the file" not in client.get(submission.get_absolute_url()).content.decode()
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    client.force_login(head)
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert response.content == bytes(submission.content)
    downloads = AuditEvent.objects.filter(action="exported", object_id=submission.pk, actor=head)
    assert downloads.count() == 2


def test_the_history_keeps_every_build_and_a_clean_one_is_recorded_as_sent(client, direct_payment, administrator):
    client_details_save(by=administrator, person=direct_payment.person, **GOOD_DETAILS)
    first = cld_build(by=administrator, quarter_end=date(2025, 12, 31), today=AFTER)
    second = cld_build(by=administrator, quarter_end=date(2026, 3, 31), today=AFTER)
    client.force_login(administrator)
    page = client.get(reverse("directpayments:return_list")).content.decode()
    assert "31 December 2025" in page and "31 March 2026" in page
    assert first.rows == 0 and second.rows == 2
    client.post(reverse("directpayments:return_sent", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == SubmissionStatus.SENT and second.sent_by == administrator


def test_a_quarter_not_ended_or_not_a_quarter_is_refused(administrator):
    with pytest.raises(Exception, match="The quarter has not ended yet"):
        cld_build(by=administrator, quarter_end=date(2026, 6, 30), today=AFTER)
    with pytest.raises(Exception, match="Choose the last day of a quarter"):
        cld_build(by=administrator, quarter_end=date(2026, 3, 30), today=AFTER)
