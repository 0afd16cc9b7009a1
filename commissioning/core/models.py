"""Core records shared by every app: timestamps and the audit trail."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class TimeStampedModel(models.Model):
    """When a record was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One append-only line of who did what to which record, and what changed.

    Services write these explicitly (signals miss bulk updates); nothing edits or deletes them.
    `changes` maps a field's label to its [before, after] display values.
    """

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        IMPORTED = "imported", "Imported from CQC"
        DELETED = "deleted", "Deleted"
        TOKEN_ISSUED = "token_issued", "API token issued"
        STATUS_CHANGED = "status_changed", "Status changed"
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out after failed sign-ins"
        SIGNED_OUT_EVERYWHERE = "signed_out_everywhere", "Signed out everywhere"
        PASSWORD_SET = "password_set", "Password set"
        PASSWORD_RESET = "password_reset", "Password reset requested"
        MFA_ENROLLED = "mfa_enrolled", "Second factor set up"
        MFA_REMOVED = "mfa_removed", "Second factor removed"
        MFA_FAILED = "mfa_failed", "Second factor code refused"
        INVITED = "invited", "Invited"
        INVITATION_ACCEPTED = "invitation_accepted", "Invitation accepted"
        DEACTIVATED = "deactivated", "Deactivated"
        REACTIVATED = "reactivated", "Reactivated"
        EXPORTED = "exported", "Personal data exported"
        ANONYMISED = "anonymised", "Anonymised after the retention period"
        JOB_STARTED = "job_started", "Job started"
        JOB_FINISHED = "job_finished", "Job finished"
        JOB_FAILED = "job_failed", "Job failed"

    class Source(models.TextChoices):
        WEB = "web", "Web page"
        API = "api", "API"
        IMPORT = "import", "CQC import"
        COMMAND = "command", "Command line"
        SYSTEM = "system", "System"
        JOB = "job", "Background job"
        SCHEDULE = "schedule", "Schedule"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=30, choices=Action.choices)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.WEB)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)


class StatusEvent(models.Model):
    """Append-only row of one move in a workflow: who moved it, when, by which event, from what to what,
    and why. Each workflow's history subclasses it with a `ForeignKey(..., related_name="status_events")`
    to its record; `core.workflow.transition` writes it."""

    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    event = models.CharField(max_length=40)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.event.replace('_', ' ')} at {self.at:%d %b %Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Status events are append-only.")
        super().save(*args, **kwargs)


class EvaluatorScore(models.Model):
    """One evaluator's own score and reason for one question of a bid (an application to a list or
    an offer in a competition); hidden from the provider and, until moderation, from other evaluators.
    The concrete model names what is scored and the question."""

    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    reason = models.TextField()
    at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.score} for {self.question}"


class AgreedScore(models.Model):
    """The moderator's agreed final score and reason for one question of a bid."""

    score = models.PositiveSmallIntegerField()
    reason = models.TextField()
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"Agreed {self.score} for {self.question}"


from .models_jobs import Heartbeat, Job, JobStatus, JobStatusEvent, ScheduleSlot  # noqa: E402,F401
from .models_rates import RateWindow  # noqa: E402,F401
