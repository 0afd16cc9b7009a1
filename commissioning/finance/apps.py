from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "commissioning.finance"
    verbose_name = "Paying providers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from commissioning.brokerage.signals import agreement_accepted

        from . import receivers

        agreement_accepted.connect(receivers.price_new_agreement, dispatch_uid="finance-price-new-agreement")
