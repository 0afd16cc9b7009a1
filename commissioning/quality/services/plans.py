"""Action plans: the provider sends an action per issue, the officer accepts or returns it, and the
provider records progress until every action is done."""
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, audit_record
from commissioning.core.workflow import transition

from .. import transitions
from ..choices import PlanStatus
from ..models import ActionItem, ActionPlan
from ._common import today


def _lock_plan(plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_for_update().select_related("audit__service").get(pk=plan.pk)


@transaction.atomic
def plan_submit(*, plan: ActionPlan, by, items: list[dict]) -> ActionPlan:
    """The provider sends an action per issue: issue, action, owner and due date (not in the past)."""
    plan = _lock_plan(plan)
    if by.provider_id != plan.audit.service.provider_id:
        raise ValidationError("Only the audited provider can send its action plan")
    problems = []
    if not items:
        problems.append("Add at least one action")
    for n, item in enumerate(items, start=1):
        for field, label in (("issue", "issue"), ("action", "action"), ("owner", "owner")):
            if not str(item.get(field, "")).strip():
                problems.append(f"Action {n}: enter the {label}")
        if not item.get("due"):
            problems.append(f"Action {n}: enter the due date")
        elif item["due"] < today():
            problems.append(f"Action {n}: the due date cannot be in the past")
    if problems:
        raise ValidationError(problems)
    transition(plan, transitions.ACTION_PLAN, "submit", by=by, note=f"{len(items)} actions submitted",
               submitted_at=timezone.now())
    plan.items.all().delete()
    ActionItem.objects.bulk_create([ActionItem(plan=plan, issue=i["issue"], action=i["action"], owner=i["owner"],
                                               due=i["due"]) for i in items])
    return plan


@transaction.atomic
def plan_review(*, plan: ActionPlan, by, accept: bool, note: str = "") -> ActionPlan:
    """The officer accepts the plan, or returns it saying what must change (with at least 7 more days)."""
    plan = _lock_plan(plan)
    if not accept and not note.strip():
        raise ValidationError("Say what the provider must change")
    fields = {"reviewed_by": by, "review_note": note}
    if not accept:
        fields["due"] = max(plan.due, today() + timedelta(days=7))
    return transition(plan, transitions.ACTION_PLAN, "accept" if accept else "return", by=by,
                      note=note or "Accepted", **fields)


@transaction.atomic
def plan_complete(*, plan: ActionPlan, by) -> ActionPlan:
    """A live plan is completed when every action is done."""
    plan = _lock_plan(plan)
    if plan.items.filter(done_on__isnull=True).exists():
        raise ValidationError("Every action must be done before the plan is completed")
    return transition(plan, transitions.ACTION_PLAN, "complete", by=by, note="Every action done")


@transaction.atomic
def item_progress(*, item: ActionItem, by, progress: str, done_on: date | None) -> ActionItem:
    """The provider records progress on an action of its live plan; the last action done completes the plan."""
    item = ActionItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    if item.plan.status != PlanStatus.ACCEPTED:
        raise ValidationError("Progress is recorded on an accepted, live plan")
    if done_on and done_on > today():
        raise ValidationError("The date done cannot be in the future")
    item.progress, item.done_on = progress, done_on
    item.save()
    audit_record(actor=by, action=Action.UPDATED, obj=item.plan, note=f"Progress on: {item}")
    if not item.plan.items.filter(done_on__isnull=True).exists():
        plan_complete(plan=item.plan, by=by)
    return item
