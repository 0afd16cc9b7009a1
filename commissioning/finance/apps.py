from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "commissioning.finance"
    verbose_name = "Paying providers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from commissioning.brokerage.signals import agreement_accepted
        from commissioning.core import home

        from . import receivers, work

        home.register_work("finance", items=work.work_for, order=60)
        agreement_accepted.connect(receivers.price_new_agreement, dispatch_uid="finance-price-new-agreement")
