"""Procurement timetables: templates of stages, tasks and gateways (seed 002's 36 tasks ships as
one), projects made from them and back-scheduled from a wanted contract start, the council's
committee dates, and the configured minimum periods."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import TimeStampedModel

from ..choices import Committee, Period, Rag
from ..querysets import PlanningQuerySet


class MinimumPeriods(models.Model):
    """The minimum periods, in working days, that timetables schedule through (one row): set on a
    page by the council, since policy and the Procurement Act's rules change."""

    tender = models.PositiveSmallIntegerField("tender period", default=25,
                                              validators=[MinValueValidator(1), MaxValueValidator(260)])
    evaluation = models.PositiveSmallIntegerField("evaluation", default=20,
                                                  validators=[MinValueValidator(1), MaxValueValidator(260)])
    standstill = models.PositiveSmallIntegerField("standstill", default=8,
                                                  validators=[MinValueValidator(1), MaxValueValidator(60)])
    mobilisation = models.PositiveSmallIntegerField("mobilisation", default=40,
                                                    validators=[MinValueValidator(1), MaxValueValidator(260)])

    objects = PlanningQuerySet.as_manager()

    def __str__(self):
        return "Minimum periods"

    def days(self, period: str) -> int:
        return getattr(self, str(period))


class CommitteeDate(models.Model):
    """A meeting of Cabinet, scrutiny or a project board that a timetable's decisions can go to."""

    committee = StatusField(Committee, max_length=20)
    meets_on = models.DateField("meeting date")

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["meets_on", "committee"]
        constraints = [models.UniqueConstraint(fields=["committee", "meets_on"], name="planning_one_meeting_a_day")]

    def __str__(self):
        return f"{self.get_committee_display()} on {self.meets_on:%-d %B %Y}"


class Template(models.Model):
    """A timetable template: its stages, tasks and gateways."""

    name = models.CharField(max_length=200, unique=True)
    basis = models.CharField(max_length=300, blank=True)

    objects = PlanningQuerySet.as_manager()

    def __str__(self):
        return self.name


class TemplateStage(models.Model):
    """A stage of a template (pre-procurement; shortlisting and tender; award and lead-in; review)."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["template", "order"]

    def __str__(self):
        return self.name


class TemplateTask(models.Model):
    """A task of a template: its number, activity, who is responsible, how many working days it
    takes (or which configured period), the tasks it follows and the committee it goes to."""

    stage = models.ForeignKey(TemplateStage, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField()
    activity = models.CharField(max_length=300)
    responsibility = models.CharField(max_length=200, blank=True)
    working_days = models.PositiveSmallIntegerField(default=0)
    period = StatusField(Period, max_length=20, blank=True)
    committee = StatusField(Committee, max_length=20, blank=True)
    after = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.activity}"


class TemplateGateway(models.Model):
    """A gateway of a template: a sign-off after a task."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="gateways")
    name = models.CharField(max_length=200)
    after_task = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["after_task"]

    def __str__(self):
        return self.name


class Project(TimeStampedModel):
    """A procurement project: a timetable made from a template, back-scheduled from the contract
    start the council wants, owned by a lead commissioner or procurement officer."""

    name = models.CharField(max_length=200)
    reference = models.CharField(max_length=40, blank=True)
    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="projects")
    wanted_start = models.DateField("wanted contract start")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="planning_projects")
    directorate = models.ForeignKey("planning.Directorate", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="projects")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["wanted_start", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("planning:project_detail", args=[self.pk])


class Task(models.Model):
    """A task of a project's timetable: activity, responsibility, owner, target and actual dates.
    The target date is set by back-scheduling; the actual date is entered when it is done."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    stage = models.CharField(max_length=120)
    stage_order = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    activity = models.CharField(max_length=300)
    responsibility = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="planning_tasks")
    working_days = models.PositiveSmallIntegerField(default=0)
    period = StatusField(Period, max_length=20, blank=True)
    committee = StatusField(Committee, max_length=20, blank=True)
    after = models.JSONField(default=list, blank=True)
    start_date = models.DateField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    actual_date = models.DateField(null=True, blank=True)
    critical = models.BooleanField(default=False)

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["project", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="planning_task_number_once")]

    def __str__(self):
        return f"{self.number}. {self.activity}"


class Gateway(models.Model):
    """A gateway of a project: its RAG rating and who approved it, when."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="gateways")
    name = models.CharField(max_length=200)
    after_task = models.PositiveSmallIntegerField()
    rag = StatusField(Rag, "RAG rating", max_length=10, blank=True)
    note = models.TextField(blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["project", "after_task"]

    def __str__(self):
        return self.name
