"""Writes of a list's set-up and life: particulars, reopening windows, lots, questions, and its
moves draft → open ⇄ paused → closed."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, Source, audit_record, diff, snapshot
from commissioning.core.workflow import transition

from ..choices import AdmissionMode, ListStatus, QuestionKind
from ..models import ApprovedList, Lot, Question, ReopeningWindow
from ..transitions import LIST

LIST_FIELDS = ["name", "reference", "kind", "market_area", "lead_commissioner", "description", "start_date",
               "term_months", "estimated_value_pence", "admission_mode", "max_lots_per_provider", "pass_mark",
               "score_scale_max", "quality_weight", "primary_members_may_join_reserve", "tie_break"]


@transaction.atomic
def list_transition(*, approved_list: ApprovedList, event: str, by, source: str = Source.WEB) -> ApprovedList:
    """Move a list along draft → open ⇄ paused → closed; opening needs lots and questions (and a
    window, for a list that reopens in windows)."""
    approved_list = ApprovedList.objects.select_for_update().get(pk=approved_list.pk)
    LIST.next_status(approved_list.status, event)
    if event == "open":
        problems = []
        if not approved_list.lots.exists():
            problems.append("Add at least one lot before opening the list")
        if not approved_list.questions.exists():
            problems.append("Add at least one question before opening the list")
        if approved_list.admission_mode == AdmissionMode.WINDOWS and not approved_list.windows.exists():
            problems.append("Add a reopening window before opening a list that reopens in windows")
        no_prices = [str(lot) for lot in approved_list.lots.all() if not lot.price_lines.exists()]
        if no_prices:
            problems.append(f"Add a price line to {', '.join(no_prices)}: members are placed at their tendered price")
        if problems:
            raise ValidationError(problems)
        today = timezone.localdate()
        if not approved_list.windows.filter(opens_on__lte=today, closes_on__gte=today).exists() \
                and approved_list.admission_mode == AdmissionMode.CONTINUOUS:
            ReopeningWindow.objects.create(approved_list=approved_list, name="Opening round", opens_on=today,
                                           closes_on=max(approved_list.end_date, today))
    return transition(approved_list, LIST, event, by=by, source=source)


@transaction.atomic
def list_save(*, approved_list: ApprovedList, by) -> ApprovedList:
    """Create or change a list's particulars (not its status); a closed list is final."""
    creating = approved_list.pk is None
    if not creating:
        current = ApprovedList.objects.select_for_update().get(pk=approved_list.pk)
        if current.status == ListStatus.CLOSED:
            raise ValidationError("A closed list cannot be changed")
        approved_list.status = current.status
    if creating:
        approved_list.created_by = by
        approved_list.status = ListStatus.DRAFT
    before = dict.fromkeys(LIST_FIELDS, "") if creating else snapshot(current, LIST_FIELDS)
    approved_list.full_clean()
    approved_list.save()
    changes = diff(approved_list, before, snapshot(approved_list, LIST_FIELDS))
    if creating or changes:
        audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=approved_list,
                     changes=changes)
    return approved_list


@transaction.atomic
def window_add(*, approved_list: ApprovedList, by, opens_on: date, closes_on: date, name: str = "") -> ReopeningWindow:
    """Add a named admission window (round) to a list that is not closed."""
    if approved_list.status == ListStatus.CLOSED:
        raise ValidationError("A closed list cannot reopen")
    name = name.strip() or f"Round {approved_list.windows.count() + 1}"
    window = ReopeningWindow(approved_list=approved_list, opens_on=opens_on, closes_on=closes_on, name=name)
    window.full_clean()
    window.save()
    audit_record(actor=by, action=Action.UPDATED, obj=approved_list, note=f"Reopening window {window} added")
    return window


def _require_draft(approved_list: ApprovedList) -> None:
    if approved_list.status != ListStatus.DRAFT:
        raise ValidationError("Lots and questions can only change while the list is a draft")


@transaction.atomic
def lot_save(*, lot: Lot, by, service_types, localities, reserve_for=None) -> Lot:
    """Add or change a lot of a draft list."""
    _require_draft(lot.approved_list)
    creating = lot.pk is None
    lot.full_clean(exclude=["service_types", "localities", "reserve_for"])
    lot.save()
    lot.service_types.set(service_types)
    lot.localities.set(localities)
    if reserve_for is not None:
        primary = [other for other in reserve_for if other.pk != lot.pk]
        if any(other.approved_list_id != lot.approved_list_id or other.is_reserve for other in primary):
            raise ValidationError({"reserve_for": "Choose primary lots of this list"})
        if primary and not lot.is_reserve:
            raise ValidationError({"reserve_for": "Only a reserve tier receives the requests of primary lots"})
        lot.reserve_for.set(primary)
    audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=lot.approved_list,
                 note=f"{'Added' if creating else 'Changed'} {lot}")
    return lot


@transaction.atomic
def question_save(*, question: Question, by) -> Question:
    """Add or change a question of a draft list: pass/fail needs a condition, scored needs a weight."""
    _require_draft(question.approved_list)
    errors = {}
    if question.kind == QuestionKind.PASS_FAIL and not question.condition:
        errors["condition"] = "Choose the condition this pass or fail question checks"
    if question.kind == QuestionKind.SCORED and not question.weight:
        errors["weight"] = "Give a scored question a weight of at least 1"
    if question.kind == QuestionKind.SCORED and question.condition:
        errors["condition"] = "Only pass or fail questions check a condition"
    if errors:
        raise ValidationError(errors)
    creating = question.pk is None
    question.full_clean()
    question.save()
    audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=question.approved_list,
                 note=f"{'Added' if creating else 'Changed'} question {question.number}")
    return question
