"""Who is on each lot of a list, from when, and what happened to their membership."""
from django.conf import settings
from django.db import models

from commissioning.core.choices import StatusField
from commissioning.core.models import StatusEvent, TimeStampedModel
from commissioning.providers.models import Provider

from ..choices import MembershipStatus
from ..querysets import MemberPriceQuerySet, MembershipQuerySet
from .application import Application
from .approved_list import Lot, PriceLine


class Membership(TimeStampedModel):
    """A provider admitted to a lot, a member from `admitted_on` only. It can be suspended (with a
    reason and end date), reinstated or removed, and is flagged for re-verification when its
    evidence lapses (insurance expiry, a CQC rating below the list's condition)."""

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="memberships")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="memberships")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="memberships")
    admitted_on = models.DateField()
    status = StatusField(MembershipStatus, max_length=20, default=MembershipStatus.ACTIVE)
    suspended_until = models.DateField(null=True, blank=True)
    status_reason = models.TextField(blank=True)
    insurance_expires_on = models.DateField(null=True, blank=True)
    rate_pence = models.PositiveIntegerField(
        "tendered rate (pence)", null=True, blank=True,
        help_text="Per hour for services counted in hours, per week for beds and places")
    needs_reverification = models.BooleanField(default=False)
    reverification_reason = models.CharField(max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["lot__number", "provider__name"]
        constraints = [models.UniqueConstraint(fields=["lot", "provider"], name="one_membership_per_lot")]

    def __str__(self):
        return f"{self.provider} on {self.lot}"


class MemberPrice(models.Model):
    """A member's price for one price line of its lot, from a date. Admission copies the tendered
    prices in; each annual rate review adds a row, so the rows of a line are its history. The
    current price is the latest row in effect; Membership.rate_pence follows the main line's."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="prices")
    price_line = models.ForeignKey(PriceLine, on_delete=models.PROTECT, related_name="member_prices")
    pence = models.PositiveIntegerField()
    effective_from = models.DateField()
    reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = MemberPriceQuerySet.as_manager()

    class Meta:
        ordering = ["price_line__number", "-effective_from", "-pk"]

    def __str__(self):
        return f"{self.price_line} from {self.effective_from:%d %b %Y}"


EVENT_LABELS = {
    "admit": "Admitted", "suspend": "Suspended", "reinstate": "Reinstated", "remove": "Removed",
    "flag_reverification": "Flagged for re-verification", "reverified": "Re-verified",
    "suspension_ended": "Suspension ended",
}


class MembershipStatusEvent(StatusEvent):
    """Append-only row for each change to a membership: admission, suspension, reinstatement,
    removal, and the re-verification flags that leave its status as it is."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="status_events")

    @property
    def event_label(self) -> str:
        return EVENT_LABELS.get(self.event, self.event.replace("_", " ").capitalize())

    @property
    def from_status_label(self) -> str:
        return _status_label(self.from_status)

    @property
    def to_status_label(self) -> str:
        return _status_label(self.to_status)


def _status_label(value: str) -> str:
    try:
        return MembershipStatus(value).label
    except ValueError:
        return value
