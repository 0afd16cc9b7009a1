"""Writes of procurement timetables: projects made from templates and kept back-scheduled, tasks
done, gateways rated and approved, committee dates and the minimum periods."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, audit_record

from .. import rules
from ..choices import Committee, Rag
from ..models import CommitteeDate, Gateway, MinimumPeriods, Project, Task, Template
from ._common import require


def _reschedule(project: Project, by) -> None:
    from ..selectors import schedule_of

    tasks = list(Task.objects.filter(project=project))
    schedule = schedule_of(user=by, project=project, tasks=tasks)
    for task in tasks:
        task.start_date = schedule.latest_start[task.number]
        task.target_date = schedule.latest_finish[task.number]
        task.critical = task.number in schedule.critical
    Task.objects.bulk_update(tasks, ["start_date", "target_date", "critical"])


def _reschedule_all(by) -> None:
    for project in Project.objects.all():
        _reschedule(project, by)


@transaction.atomic
def project_create(*, by, template: Template, name: str, wanted_start: date, owner, reference: str = "",
                   directorate=None) -> Project:
    """Plan a procurement: copy the template's stages, tasks and gateways and back-schedule them
    from the wanted contract start; the owner owns every task until they are handed on."""
    require(by, rules.PLAN, "plan procurements")
    if not name.strip():
        raise ValidationError("Enter the project's name")
    if wanted_start <= timezone.localdate():
        raise ValidationError("The wanted contract start must be in the future")
    if getattr(owner, "role", None) not in rules.PLAN:
        raise ValidationError("The owner must be a lead commissioner, procurement officer or head of commissioning")
    project = Project.objects.create(name=name.strip(), reference=reference.strip(), template=template,
                                     wanted_start=wanted_start, owner=owner, directorate=directorate,
                                     created_by=by)
    Task.objects.bulk_create([
        Task(project=project, stage=task.stage.name, stage_order=task.stage.order, number=task.number,
             activity=task.activity, responsibility=task.responsibility, owner=owner,
             working_days=task.working_days, period=task.period, committee=task.committee, after=task.after)
        for stage in template.stages.all() for task in stage.tasks.all()])
    Gateway.objects.bulk_create([Gateway(project=project, name=g.name, after_task=g.after_task)
                                 for g in template.gateways.all()])
    _reschedule(project, by)
    audit_record(actor=by, action=Action.CREATED, obj=project,
                 note=f"From the template {template}; contract start {wanted_start:%-d %B %Y}")
    return project


@transaction.atomic
def task_complete(*, by, task: Task, actual_date: date) -> Task:
    """Record the day a task was done (not in the future); the timetable is scheduled again."""
    require(by, rules.PLAN, "update timetables")
    if actual_date > timezone.localdate():
        raise ValidationError("The date done must be today or in the past")
    task.actual_date = actual_date
    task.save(update_fields=["actual_date"])
    audit_record(actor=by, action=Action.UPDATED, obj=task.project, note=f"Task {task.number} done on {actual_date}")
    _reschedule(task.project, by)
    return task


@transaction.atomic
def gateway_record(*, by, gateway: Gateway, rag: str, note: str, approve: bool) -> Gateway:
    """Rate a gateway Red, Amber or Green; the head of commissioning may also approve it (never a Red one)."""
    require(by, rules.PLAN, "rate gateways")
    if rag not in Rag.values:
        raise ValidationError("Choose the RAG rating")
    if approve:
        require(by, rules.APPROVE, "approve gateways")
        if rag == Rag.RED:
            raise ValidationError("A gateway rated Red cannot be approved")
        if gateway.approved_at:
            raise ValidationError("This gateway is already approved")
        gateway.approved_at, gateway.approved_by = timezone.now(), by
    gateway.rag, gateway.note = rag, note.strip()
    gateway.save()
    audit_record(actor=by, action=Action.STATUS_CHANGED if approve else Action.UPDATED, obj=gateway.project,
                 note=f"{gateway.name}: {Rag(rag).label}{', approved' if approve else ''}")
    return gateway


@transaction.atomic
def committee_date_save(*, by, committee: str, meets_on: date, meeting: CommitteeDate | None = None) -> CommitteeDate:
    """Enter a committee meeting, or move one; every timetable is scheduled again."""
    require(by, rules.PLAN, "enter committee dates")
    if committee not in Committee.values:
        raise ValidationError("Choose the committee")
    clash = CommitteeDate.objects.filter(committee=committee, meets_on=meets_on)
    if meeting is not None:
        clash = clash.exclude(pk=meeting.pk)
    if clash.exists():
        raise ValidationError("That committee already meets on that date")
    moved = meeting is not None
    meeting = meeting or CommitteeDate()
    before = f"{meeting.meets_on:%-d %B %Y}" if moved else ""
    meeting.committee, meeting.meets_on = committee, meets_on
    meeting.save()
    audit_record(actor=by, action=Action.UPDATED if moved else Action.CREATED, obj=meeting,
                 note=f"Moved from {before}" if moved else "Entered")
    _reschedule_all(by)
    return meeting


@transaction.atomic
def periods_update(*, by, tender: int, evaluation: int, standstill: int, mobilisation: int) -> MinimumPeriods:
    """Set the minimum periods in working days; every timetable is scheduled again."""
    require(by, rules.PLAN, "set the minimum periods")
    for label, days in (("tender period", tender), ("evaluation", evaluation), ("standstill", standstill),
                        ("mobilisation", mobilisation)):
        if days < 1:
            raise ValidationError(f"The {label} must be at least 1 working day")
    periods = MinimumPeriods.objects.select_for_update().first() or MinimumPeriods()
    periods.tender, periods.evaluation, periods.standstill, periods.mobilisation = (
        tender, evaluation, standstill, mobilisation)
    periods.full_clean()
    periods.save()
    audit_record(actor=by, action=Action.UPDATED, obj=periods,
                 note=f"Tender {tender}, evaluation {evaluation}, standstill {standstill}, mobilisation {mobilisation}")
    _reschedule_all(by)
    return periods
