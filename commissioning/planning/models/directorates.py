"""The council's directorates, kept on a page: the calendar and the consultation register name them,
and each says which care markets it commissions."""
from django.conf import settings
from django.db import models

from ..querysets import PlanningQuerySet


class Directorate(models.Model):
    """A directorate of the council (Adult Social Care, Public Health) and the market areas it
    commissions, so approved lists and contract meetings of those markets show under it."""

    name = models.CharField(max_length=120, unique=True)
    markets = models.ManyToManyField("accounts.Market", blank=True, related_name="directorates",
                                     verbose_name="markets it commissions")

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def market_areas(self) -> list[str]:
        """The codes of the markets it commissions (prefetch `markets` when listing many)."""
        return [m.code for m in self.markets.all()]

    @property
    def market_labels(self) -> list[str]:
        return [m.name for m in self.markets.all()]


class FeedToken(models.Model):
    """A council user's secret address for subscribing to the calendar: a calendar app cannot sign
    in, so the token in the address stands for the user. Regenerating or revoking it ends the old one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="planning_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanningQuerySet.as_manager()

    def __str__(self):
        return f"Calendar feed of {self.user}"
