"""Direct payments in data protection: a person being paid is never anonymised; once it ended and the
retention period ran, their Client Level Data details go with who they are; the subject access export
holds their direct payments; the audit trail never keeps the details' values."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from commissioning.brokerage.models import CareRequest, Person
from commissioning.core.models import AuditEvent
from commissioning.directpayments.models import ClientDetails, DirectPaymentAgreement
from commissioning.directpayments.services import client_details_save, direct_payment_end
from commissioning.privacy import services as privacy
from commissioning.privacy.selectors import people_due_for_anonymisation, subject_access_record

from .factories import GOOD_DETAILS, make_direct_payment

pytestmark = pytest.mark.django_db


def _age(person_id, years):
    then = timezone.now() - timedelta(days=365 * years + 3)
    Person.objects.filter(pk=person_id).update(updated_at=then)
    CareRequest.objects.filter(person=person_id).update(updated_at=then)
    DirectPaymentAgreement.objects.filter(person=person_id).update(updated_at=then)


def test_a_person_paid_a_direct_payment_is_kept_and_anonymised_after_it_ends(make_request, social_worker):
    agreement = make_direct_payment(social_worker, make_request(), start=date(2016, 1, 4))
    client_details_save(by=social_worker, person=agreement.person, **GOOD_DETAILS)
    assert not AuditEvent.objects.filter(note__icontains="9434765919").exists()
    assert not AuditEvent.objects.filter(changes__icontains="9434765919").exists()
    _age(agreement.person_id, 9)
    assert people_due_for_anonymisation(today=timezone.localdate()) == []  # still being paid

    record = subject_access_record(agreement.person)
    assert record["direct_payments"][0]["weekly_amount"] == "£200.00"
    assert record["client_level_data_details"]["nhs_number"] == "9434765919"

    direct_payment_end(by=social_worker, agreement=agreement, end_date=date(2016, 6, 1), reason="Moved away")
    _age(agreement.person_id, 9)
    done = privacy.retention_anonymise_due(today=timezone.localdate())
    assert [p.pk for p in done] == [agreement.person_id]
    assert not ClientDetails.objects.exists()
    agreement.refresh_from_db()
    assert agreement.weekly_pence == 20000  # the money stays
