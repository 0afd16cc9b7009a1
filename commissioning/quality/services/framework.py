"""The audit framework's configuration: how standard ratings combine into domain and overall
ratings, and which council RAG each overall rating maps to. Reports already published keep theirs."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record, diff, snapshot

from ..choices import AuditRag, RatingMethod, StandardRating
from ..domain.rating import Bands
from ..models import Framework

FIELDS = ["method", "excellent_from", "good_from", "requires_improvement_from", "rag_mapping"]


@transaction.atomic
def framework_configure(*, framework: Framework, by, method: str, excellent_from: Decimal, good_from: Decimal,
                        requires_improvement_from: Decimal, rag_mapping: dict[str, str]) -> Framework:
    """Set the method, the falling bands (between 1 and 4 points) and a RAG for each of the four ratings."""
    problems = []
    if method not in RatingMethod.values:
        problems.append("Choose how ratings combine")
    try:
        Bands(excellent=excellent_from, good=good_from, requires_improvement=requires_improvement_from)
    except (ValueError, TypeError):
        problems.append("The bands must fall from Excellent to Requires improvement, between 1 and 4 points")
    if set(rag_mapping) != set(StandardRating.values) or not set(rag_mapping.values()) <= set(AuditRag.values):
        problems.append("Choose a RAG for each of the four ratings")
    if problems:
        raise ValidationError(problems)
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    before = snapshot(framework, FIELDS)
    framework.method, framework.excellent_from, framework.good_from = method, excellent_from, good_from
    framework.requires_improvement_from = requires_improvement_from
    framework.rag_mapping = {rating: str(rag_mapping[rating]) for rating in StandardRating.values}
    framework.save()
    changes = diff(framework, before, snapshot(framework, FIELDS))
    if changes:
        audit_record(actor=by, action=Action.UPDATED, obj=framework, changes=changes)
    return framework
