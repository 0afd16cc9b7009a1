"""Writes of the strategy's delivery plan: a recommendation's owner, rating and review date, its
milestones, the records that evidence its progress, and its annual reviews (seed 003: "The Strategy
will be reviewed on an annual basis to monitor progress against its delivery plan")."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, audit_record, diff, snapshot

from .. import rules
from ..choices import Rag
from ..models import Aim, Evidence, Milestone, Recommendation, Review
from ._common import require

EDITABLE = ["aim", "kind", "text", "owner", "rag", "rag_reason", "next_review_on"]


def _check_owner(owner) -> None:
    if owner is not None and (getattr(owner, "role", None) not in rules.DELIVERY or not owner.is_active):
        raise ValidationError({"owner": "The owner must be a lead commissioner, procurement officer or head of "
                                        "commissioning"})


def _check_rating(rag: str, reason: str, field: str = "rag_reason") -> None:
    if rag and rag not in Rag.values:
        raise ValidationError({"rag": "Choose Green, Amber or Red"})
    if rag and not reason.strip():
        raise ValidationError({field: "Give the reason for the RAG rating"})


@transaction.atomic
def recommendation_save(*, by, aim: Aim, text: str, kind: str = "", owner=None, rag: str = "", rag_reason: str = "",
                        next_review_on: date | None = None,
                        recommendation: Recommendation | None = None) -> Recommendation:
    """Add a recommendation under an aim, or change its owner, RAG rating (never without a reason)
    or next review date."""
    require(by, rules.DELIVERY, "change the delivery plan")
    if not text.strip():
        raise ValidationError({"text": "Enter the recommendation"})
    _check_owner(owner)
    _check_rating(rag, rag_reason)
    if next_review_on is not None and owner is None:
        raise ValidationError({"owner": "Choose who owns the recommendation before setting its review date"})
    created = recommendation is None
    if created:
        recommendation = Recommendation()
    else:
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    before = snapshot(recommendation, EDITABLE) if not created else {}
    recommendation.aim, recommendation.kind, recommendation.text = aim, kind.strip() or "Added", text.strip()
    recommendation.owner, recommendation.rag, recommendation.rag_reason = owner, rag, rag_reason.strip()
    recommendation.next_review_on = next_review_on
    recommendation.save()
    if created:
        audit_record(actor=by, action=Action.CREATED, obj=recommendation, note=f"Under aim {aim}")
    else:
        changes = diff(recommendation, before, snapshot(recommendation, EDITABLE))
        if changes:
            audit_record(actor=by, action=Action.UPDATED, obj=recommendation, changes=changes)
    return recommendation


@transaction.atomic
def milestone_save(*, by, recommendation: Recommendation, title: str, target_date: date | None,
                   actual_date: date | None = None, milestone: Milestone | None = None) -> Milestone:
    """Add or change a milestone: its target date, and the actual date once reached (never in the future)."""
    require(by, rules.DELIVERY, "change the delivery plan")
    if not title.strip():
        raise ValidationError({"title": "Enter the milestone"})
    if actual_date is not None and actual_date > timezone.localdate():
        raise ValidationError({"actual_date": "The actual date must be today or in the past"})
    milestone = milestone or Milestone(recommendation=recommendation)
    created = milestone.pk is None
    milestone.title, milestone.target_date, milestone.actual_date = title.strip(), target_date, actual_date
    milestone.save()
    reached = f"; reached {actual_date:%-d %B %Y}" if actual_date else ""
    target = f"target {target_date:%-d %B %Y}" if target_date else "no target date"
    audit_record(actor=by, action=Action.CREATED if created else Action.UPDATED, obj=recommendation,
                 note=f"Milestone {milestone.title}: {target}{reached}")
    return milestone


@transaction.atomic
def evidence_add(*, by, recommendation: Recommendation, project=None, consultation=None,
                 approved_list=None) -> Evidence:
    """Link one record that shows progress (a procurement timetable, a consultation or an approved list)."""
    require(by, rules.DELIVERY, "change the delivery plan")
    chosen = [r for r in (project, consultation, approved_list) if r is not None]
    if len(chosen) != 1:
        raise ValidationError("Choose one record: a procurement timetable, a consultation or an approved list")
    field = "project" if project else "consultation" if consultation else "approved_list"
    if Evidence.objects.filter(recommendation=recommendation, **{field: chosen[0]}).exists():
        raise ValidationError(f"{chosen[0]} is already evidence of this recommendation")
    evidence = Evidence.objects.create(recommendation=recommendation, added_by=by, **{field: chosen[0]})
    audit_record(actor=by, action=Action.UPDATED, obj=recommendation, note=f"Evidence added: {evidence}")
    return evidence


@transaction.atomic
def recommendation_review(*, by, recommendation: Recommendation, reviewed_on: date, summary: str, rag: str,
                          next_review_on: date) -> Review:
    """Record the annual review: what it found becomes the reason for the new RAG rating, and the
    next review date is set (within 15 months, so the plan is reviewed every year)."""
    require(by, rules.DELIVERY, "review the delivery plan")
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": "The date reviewed must be today or in the past"})
    if not summary.strip():
        raise ValidationError({"summary": "Enter what the review found"})
    if rag not in Rag.values:
        raise ValidationError({"rag": "Choose the RAG rating"})
    if next_review_on <= reviewed_on:
        raise ValidationError({"next_review_on": "The next review must be after the date reviewed"})
    if (next_review_on - reviewed_on).days > 457:
        raise ValidationError({"next_review_on": "The next review must be within 15 months: the plan is reviewed "
                                                 "every year"})
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.owner_id is None:
        raise ValidationError("Choose who owns the recommendation before reviewing it")
    review = Review.objects.create(recommendation=recommendation, reviewed_on=reviewed_on, by=by,
                                   summary=summary.strip(), rag=rag, next_review_on=next_review_on)
    before = snapshot(recommendation, EDITABLE)
    recommendation.rag, recommendation.rag_reason = rag, summary.strip()
    recommendation.next_review_on = next_review_on
    recommendation.save(update_fields=["rag", "rag_reason", "next_review_on", "updated_at"])
    audit_record(actor=by, action=Action.STATUS_CHANGED, obj=recommendation,
                 note=f"Reviewed on {reviewed_on:%-d %B %Y}; next review {next_review_on:%-d %B %Y}",
                 changes=diff(recommendation, before, snapshot(recommendation, EDITABLE)))
    return review
