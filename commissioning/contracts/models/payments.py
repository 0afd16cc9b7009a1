"""What the council paid on a contract that is not a list: a supplier's invoices as the finance
system paid them. A list's spend comes from its call-offs' paid invoices instead (ADR 0026)."""
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from .register import Contract


class ContractPayment(models.Model):
    """One payment to a contract's supplier, recorded from the finance system: its date, amount and
    the finance system's reference, unique within the contract so that a payment is counted once."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField("date paid")
    amount_pence = models.BigIntegerField("amount", validators=[MinValueValidator(1)])
    reference = models.CharField("payment reference", max_length=50,
                                 help_text="The finance system's reference for the payment or invoice")
    description = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["contract", "reference"], name="one_payment_per_reference")]
        indexes = [models.Index(fields=["contract", "paid_on"])]

    def __str__(self):
        return f"Payment {self.reference} on {self.contract.reference}"
