"""Changes to a contract after it is let: variations and extensions, approved or refused once, and
the decommissioning of a contract with its plan, its steps and the people affected (ADR 0026)."""
from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import StatusEvent, TimeStampedModel
from commissioning.core.money import format_pounds

from ..choices import VariationKind, VariationStatus
from ..querysets import ChangeQuerySet, CouncilChangeQuerySet
from .register import Contract


class ContractStatusEvent(StatusEvent):
    """Append-only history of a contract's status moved by its workflow (decommissioning, then ended)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="status_events")

    class Meta(StatusEvent.Meta):
        pass


class Variation(TimeStampedModel):
    """A proposed change to a contract's value over the term and a year (in pence, negative for a
    reduction) and, for an extension, a later end date. Approving it changes the contract; what the
    contract was before and after is kept on the variation."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="variations")
    number = models.PositiveSmallIntegerField(help_text="1 for the contract's first variation, and so on")
    kind = models.CharField("variation or extension", max_length=10, choices=VariationKind.choices)
    reason = models.TextField()
    value_change_pence = models.BigIntegerField("change to the value over the term", default=0)
    annual_value_change_pence = models.BigIntegerField("change to the value a year", default=0)
    new_end_date = models.DateField("new end date", null=True, blank=True)
    takes_effect_on = models.DateField("date it takes effect")
    status = StatusField(VariationStatus, max_length=10, default=VariationStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)
    value_before_pence = models.BigIntegerField(null=True, blank=True)
    annual_value_before_pence = models.BigIntegerField(null=True, blank=True)
    end_date_before = models.DateField(null=True, blank=True)
    value_after_pence = models.BigIntegerField(null=True, blank=True)
    annual_value_after_pence = models.BigIntegerField(null=True, blank=True)
    end_date_after = models.DateField(null=True, blank=True)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="one_number_per_contract_variation"),
            models.CheckConstraint(name="an_extension_has_a_new_end", condition=~models.Q(kind="extension")
                                   | models.Q(new_end_date__isnull=False)),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}"

    def get_absolute_url(self):
        return reverse("contracts:variation_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"{self.contract.reference}/V{self.number}"

    @property
    def value_change_words(self) -> str:
        return change_words(self.value_change_pence)

    @property
    def annual_value_change_words(self) -> str:
        return change_words(self.annual_value_change_pence)


def change_words(pence: int) -> str:
    """A change of an amount as people read it: "Up £25,000", "Down £25,000" or "No change"."""
    if not pence:
        return "No change"
    return f"{'Up' if pence > 0 else 'Down'} {format_pounds(abs(pence))}"


class VariationStatusEvent(StatusEvent):
    """Append-only history of a variation: proposed, then approved or refused."""

    variation = models.ForeignKey(Variation, on_delete=models.CASCADE, related_name="status_events")

    class Meta(StatusEvent.Meta):
        pass


class DecommissionPlan(TimeStampedModel):
    """How a contract is wound down: why, when the service stops, what replaces it, the steps to get
    there and the people whose care must be arranged again. One plan per contract."""

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="decommission_plan")
    reason = models.TextField("why the contract is being decommissioned")
    service_stops_on = models.DateField("date the service stops")
    replacement = models.TextField("what replaces it",
                                   help_text="For example, a new list, an in-house service, or nothing")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = CouncilChangeQuerySet.as_manager()

    def __str__(self):
        return f"Decommissioning of {self.contract}"

    def get_absolute_url(self):
        return reverse("contracts:decommission_plan", args=[self.contract_id])


class DecommissionStep(models.Model):
    """One step of a decommissioning plan: what, who owns it, when it is due, and when it was done."""

    plan = models.ForeignKey(DecommissionPlan, on_delete=models.CASCADE, related_name="steps")
    description = models.CharField("what has to be done", max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decommission_steps",
                              verbose_name="who owns it")
    due_on = models.DateField("due date")
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")

    objects = CouncilChangeQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description


class NewArrangement(models.Model):
    """A reviewer's mark that a person affected by a decommissioning has (or has not yet) a new
    arrangement for their care, against the agreement the contract's end affects."""

    plan = models.ForeignKey(DecommissionPlan, on_delete=models.CASCADE, related_name="arrangements")
    agreement = models.ForeignKey("brokerage.Agreement", on_delete=models.PROTECT, related_name="+")
    arranged = models.BooleanField("a new arrangement has been made")
    note = models.TextField("what the new arrangement is", blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    objects = CouncilChangeQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "agreement"], name="one_mark_per_person_affected")]

    def __str__(self):
        return f"New arrangement for {self.agreement}"
