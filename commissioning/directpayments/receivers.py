"""A 4-weekly payment run, when finance makes it, pays the direct payments due (services.payments)."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from commissioning.finance.models import PaymentRun


@receiver(post_save, sender=PaymentRun, dispatch_uid="directpayments.pay_in_run")
def pay_in_new_run(sender, instance: PaymentRun, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        from .services.payments import pay_direct_payments

        pay_direct_payments(run=instance, by=instance.created_by)
