"""What an Amber or Red report opens besides the action plan: the lead commissioner's contract
review, and the social workers' check that each person placed with the service is safe."""
from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record
from commissioning.core.workflow import transition

from .. import transitions
from ..models import ContractReview, SafetyCheck, SafetyCheckPerson
from ._common import today


@transaction.atomic
def review_close(*, review: ContractReview, by, outcome: str) -> ContractReview:
    """Close an open contract review with its outcome."""
    if not outcome.strip():
        raise ValidationError("Record the outcome of the review")
    review = ContractReview.objects.select_for_update().get(pk=review.pk)
    return transition(review, transitions.REVIEW, "close", by=by, note=outcome, outcome=outcome)


@transaction.atomic
def safety_check_close(*, check: SafetyCheck, by) -> SafetyCheck:
    """A safety check closes when every person on it has been checked."""
    check = SafetyCheck.objects.select_for_update().get(pk=check.pk)
    if check.people.filter(checked_on__isnull=True).exists():
        raise ValidationError("Every person must be checked before the safety check closes")
    return transition(check, transitions.SAFETY_CHECK, "close", by=by, note="Every person checked")


@transaction.atomic
def safety_record(*, row: SafetyCheckPerson, by, outcome: str) -> SafetyCheckPerson:
    """The social worker records what the check of one person found; the last one closes the check."""
    if not outcome.strip():
        raise ValidationError("Record what the check found")
    row = SafetyCheckPerson.objects.select_for_update().select_related("safety_check").get(pk=row.pk)
    row.outcome, row.checked_on = outcome, today()
    row.save()
    audit_record(actor=by, action=Action.UPDATED, obj=row.safety_check, note=f"{row.agreement.person} checked")
    check = row.safety_check
    if transitions.SAFETY_CHECK.allows(check.status, "close") and not check.people.filter(
            checked_on__isnull=True).exists():
        safety_check_close(check=check, by=by)
    return row
