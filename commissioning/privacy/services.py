"""Writes for data protection: a subject access export, and the retention schedule applied."""
import json
from datetime import date

from django.db import transaction
from django.utils import timezone

from commissioning.accounts.selectors import council_name
from commissioning.brokerage.models import Person
from commissioning.brokerage.services import person_anonymise
from commissioning.core.audit import Action, Source, audit_record
from commissioning.directpayments.models import ClientDetails

from .selectors import people_due_for_anonymisation, subject_access_record


@transaction.atomic
def subject_access_export(*, person: Person, by) -> bytes:
    """Everything held about the person as JSON for a subject access request (UK GDPR art. 15); audited."""
    record = subject_access_record(person)
    record["exported"] = {"at": timezone.now().isoformat(), "by": by.get_full_name() or by.username,
                          "council": council_name()}
    audit_record(actor=by, action=Action.EXPORTED, obj=person, note="Subject access request export")
    return json.dumps(record, indent=2, ensure_ascii=False).encode("utf-8")


def retention_anonymise_due(*, today: date | None = None, by=None, source: str = Source.SCHEDULE) -> list[Person]:
    """Anonymise every person whose record is past the retention period, each in its own transaction."""
    today = today or timezone.localdate()
    done = []
    for person in people_due_for_anonymisation(today=today):
        with transaction.atomic():
            done.append(person_anonymise(person=person, by=by, source=source))
            # The Client Level Data details (NHS number, ethnicity, support reason) go with who they are.
            ClientDetails.objects.filter(person=person).delete()
    return done
