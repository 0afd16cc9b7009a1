"""Deciding a balance review: the person keeps the balance, or a reclaim of an amount is recorded.
Only an officer records a reclaim, with the reason; the platform never reclaims by itself."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, audit_record, diff, snapshot
from commissioning.core.money import format_pounds

from ..choices import ReviewStatus
from ..models import BalanceReview

FIELDS = ["status", "reclaim_pence", "decision_note"]


@transaction.atomic
def balance_review_decide(*, by, review: BalanceReview, decision: str, note: str,
                          reclaim_pence: int | None = None) -> BalanceReview:
    review = BalanceReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.OPEN:
        raise ValidationError("This balance review has already been decided")
    if decision not in (ReviewStatus.KEPT, ReviewStatus.RECLAIM):
        raise ValidationError({"decision": "Choose whether the person keeps the balance or a reclaim is recorded"})
    if not note.strip():
        raise ValidationError({"note": "Give the reason for the decision, as it will be explained to the person"})
    if decision == ReviewStatus.RECLAIM:
        if not reclaim_pence or reclaim_pence <= 0:
            raise ValidationError({"reclaim": "Enter the amount to reclaim, more than £0"})
        if reclaim_pence > review.balance_pence:
            raise ValidationError({"reclaim": f"The amount to reclaim cannot be more than the balance, "
                                              f"{format_pounds(review.balance_pence)}"})
    else:
        reclaim_pence = None
    before = snapshot(review, FIELDS)
    review.status, review.reclaim_pence, review.decision_note = decision, reclaim_pence, note.strip()
    review.decided_by, review.decided_at = by, timezone.now()
    review.save()
    audit_record(actor=by, action=Action.STATUS_CHANGED, obj=review, changes=diff(review, before,
                                                                                 snapshot(review, FIELDS)),
                 note=note.strip())
    return review
