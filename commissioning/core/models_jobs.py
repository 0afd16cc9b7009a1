"""Background jobs people start and follow, the schedule's claimed slots and the worker's heartbeat.

Everything a job's progress page, a second worker or a second scheduler needs is in these rows:
no process keeps state in memory (docs/adr/0011-jobs-and-schedules.md).
"""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from .choices import ColouredChoices, StatusField, tag_colours
from .models import StatusEvent


@tag_colours(QUEUED="grey", RUNNING="blue", SUCCEEDED="green", FAILED="red")
class JobStatus(ColouredChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class JobQuerySet(models.QuerySet):
    def for_user(self, user):
        """Council staff see every job; a provider user sees only its own organisation's jobs."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_provider_user:
            return self.filter(provider_id=user.provider_id)
        return self

    def about(self, obj):
        """The jobs run for one record, newest first."""
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Job(models.Model):
    """A piece of long work a person started (or a schedule raised), run by a task worker.

    Status: queued → running → succeeded or failed; a running job whose worker stopped goes back to
    queued and another worker carries on from its last committed step (core/jobs.py). `done` of
    `total` is the progress people see; `outcome` says in plain words what happened.
    """

    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200, help_text="What the job does, as people read it")
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    status = StatusField(JobStatus, default=JobStatus.QUEUED, db_index=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    outcome = models.TextField(blank=True)
    result_url = models.CharField(max_length=300, blank=True, help_text="Where the job's result is shown")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="jobs")
    provider = models.ForeignKey("providers.Provider", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="jobs", verbose_name="provider organisation")
    task_path = models.CharField(max_length=200)
    task_kwargs = models.JSONField(default=dict, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True,
                                        help_text="When the job last showed it was alive")

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("core:job_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == JobStatus.SUCCEEDED else 0
        return min(100, round(100 * self.done / self.total))


class JobStatusEvent(StatusEvent):
    """One move of a job: queued, started, handed to another worker, finished or failed."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="status_events")

    class Meta:
        ordering = ["at", "id"]


class ScheduleSlot(models.Model):
    """One time slot of one schedule, claimed by the scheduler that enqueued its task: the unique row
    means two schedulers running at once never enqueue the same slot twice."""

    schedule = models.CharField(max_length=60)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-slot"]
        constraints = [models.UniqueConstraint(fields=["schedule", "slot"], name="one_enqueue_per_schedule_slot")]

    def __str__(self):
        return f"{self.schedule} at {self.slot:%Y-%m-%d %H:%M}"


class Heartbeat(models.Model):
    """The last time a named background process proved it was working (the task worker, the scheduler)."""

    name = models.CharField(max_length=40, unique=True)
    at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"
