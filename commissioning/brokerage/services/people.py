"""The person behind a request for care: their record anonymised after the retention period."""
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, Source, audit_record
from commissioning.core.models import AuditEvent

from ..models import CareRequest, Person

ANONYMISED_NAME = "Anonymised person"
REMOVED = "Removed after the retention period"
PERSONAL_FIELDS = {"Name", "Date of birth", "Address", "Postcode", "Assessed needs",
                   "Outcomes the care should achieve"}


@transaction.atomic
def person_anonymise(*, person: Person, by=None, source: str = Source.SCHEDULE) -> Person:
    """Remove who the person is (name, date of birth, address, postcodes, needs text) and keep the
    money, the agreements and the audit trail, with the personal values in its lines removed."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at is not None:
        return person
    requests = list(CareRequest.objects.select_for_update().filter(person=person))
    person.name, person.date_of_birth, person.address, person.postcode = ANONYMISED_NAME, None, "", ""
    person.anonymised_at = timezone.now()
    person.save()
    for care in requests:
        care.needs = care.outcomes = REMOVED
        care.postcode = care.postcode.split(" ")[0] if care.postcode else ""
        care.latitude = care.longitude = None
        care.save(update_fields=["needs", "outcomes", "postcode", "latitude", "longitude", "updated_at"])
    _redact_audit_lines([person, *requests])
    audit_record(actor=by, action=Action.ANONYMISED, obj=person, source=source,
                 note=f"Anonymised with {len(requests)} requests for care after the retention period")
    return person


def _redact_audit_lines(records) -> None:
    """The audit lines stay (who did what, when); the personal values they carried are removed."""
    for record in records:
        lines = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(record),
                                          object_id=record.pk)
        for line in lines:
            changes = {label: ([REMOVED, REMOVED] if label in PERSONAL_FIELDS else values)
                       for label, values in line.changes.items()}
            if changes != line.changes:
                AuditEvent.objects.filter(pk=line.pk).update(changes=changes)
