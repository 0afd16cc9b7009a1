"""Who is on each lot of a list, from when, and what happened to their membership."""
from django.conf import settings
from django.db import models

from commissioning.core.models import TimeStampedModel
from commissioning.providers.models import Provider

from ..choices import MembershipStatus
from .application import Application
from .approved_list import Lot


class Membership(TimeStampedModel):
    """A provider admitted to a lot, a member from `admitted_on` only. It can be suspended (with a
    reason and end date), reinstated or removed, and is flagged for re-verification when its
    evidence lapses (insurance expiry, a CQC rating below the list's condition)."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="memberships")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="memberships")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="memberships")
    admitted_on = models.DateField()
    status = models.CharField(max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE)
    suspended_until = models.DateField(null=True, blank=True)
    status_reason = models.TextField(blank=True)
    insurance_expires_on = models.DateField(null=True, blank=True)
    rate_pence = models.PositiveIntegerField(
        "tendered rate (pence)", null=True, blank=True,
        help_text="Per hour for services counted in hours, per week for beds and places")
    needs_reverification = models.BooleanField(default=False)
    reverification_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["lot__number", "provider__name"]
        constraints = [models.UniqueConstraint(fields=["lot", "provider"], name="one_membership_per_lot")]

    def __str__(self):
        return f"{self.provider} on {self.lot}"


class MembershipEvent(models.Model):
    """Append-only row for each change to a membership: who, when, what, why."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    event = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.event} at {self.at:%d %b %Y %H:%M}"
