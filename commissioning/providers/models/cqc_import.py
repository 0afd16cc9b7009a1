"""One upload of a CQC file: what it held, what was wrong with it, and what importing it did."""
from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.core.choices import ColouredChoices, StatusField, tag_colours
from commissioning.core.models import StatusEvent


class CqcImportRunQuerySet(models.QuerySet):
    """Imports, narrowed to those a person may see."""

    def for_user(self, user) -> "CqcImportRunQuerySet":
        """Council staff see every import (the pages say who may start one); anyone else none."""
        if getattr(user, "is_authenticated", False) and getattr(user, "is_council_staff", False):
            return self
        return self.none()


class CqcImportRun(models.Model):
    """A CQC file checked row by row, then (if the user chooses) imported in chunks.

    Status: staged → running → completed or failed; staged → cancelled (transitions.py). Nothing is
    written to the register while staged; a re-run updates by CQC location ID, so it is safe to repeat.
    """

    @tag_colours(STAGED="blue", RUNNING="light-blue", COMPLETED="green", FAILED="red", CANCELLED="grey")
    class Status(ColouredChoices):
        STAGED = "staged", "Checked, waiting for you"
        RUNNING = "running", "Importing"
        COMPLETED = "completed", "Imported"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    file_format = models.CharField(max_length=20)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = StatusField(Status, max_length=20, default=Status.STAGED)
    total_rows = models.PositiveIntegerField(default=0)
    good_rows = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    skip_bad_rows = models.BooleanField(default=False)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(blank=True)

    objects = CqcImportRunQuerySet.as_manager()

    FORMAT_LABELS = {"directory": "CQC care directory", "api": "CQC API location fields"}

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d %b %Y %H:%M})"

    def get_absolute_url(self):
        return reverse("providers:import_detail", args=[self.pk])

    @property
    def file_format_label(self) -> str:
        """The file's format as people call it (the stored value is a code)."""
        return self.FORMAT_LABELS.get(self.file_format, "Unknown")

    @property
    def good_count(self) -> int:
        return len(self.good_rows)

    @property
    def bad_count(self) -> int:
        return len(self.errors)

    @property
    def percent_done(self) -> int:
        return round(100 * self.processed_rows / self.good_count) if self.good_count else 100


class CqcImportRunStatusEvent(StatusEvent):
    """Append-only history of an import: checked, started, finished, failed or cancelled, and by whom."""

    run = models.ForeignKey(CqcImportRun, on_delete=models.CASCADE, related_name="status_events")
