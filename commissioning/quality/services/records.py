"""Safeguarding referrals and customer feedback recorded against a service; both feed the audit
programme's risk score and the provider's quality page."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record
from commissioning.providers.models import Service

from ..choices import FeedbackKind
from ..models import Feedback, Safeguarding
from ._common import today


@transaction.atomic
def safeguarding_record(*, service: Service, by, raised_on: date, summary: str) -> Safeguarding:
    """Record an organisational safeguarding referral about a service (not dated in the future)."""
    if not summary.strip():
        raise ValidationError("Describe the safeguarding")
    if raised_on > today():
        raise ValidationError("The date raised cannot be in the future")
    record = Safeguarding.objects.create(service=service, raised_on=raised_on, summary=summary, recorded_by=by)
    audit_record(actor=by, action=Action.CREATED, obj=record)
    return record


@transaction.atomic
def feedback_record(*, service: Service, by, received_on: date, kind: str, summary: str) -> Feedback:
    """Record a compliment, complaint or comment about a service (not dated in the future)."""
    if kind not in FeedbackKind.values:
        raise ValidationError("Choose the kind of feedback")
    if not summary.strip():
        raise ValidationError("Summarise the feedback")
    if received_on > today():
        raise ValidationError("The date received cannot be in the future")
    record = Feedback.objects.create(service=service, received_on=received_on, kind=kind, summary=summary,
                                     recorded_by=by)
    audit_record(actor=by, action=Action.CREATED, obj=record)
    return record
