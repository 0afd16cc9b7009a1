from django.apps import AppConfig


class BrokerageConfig(AppConfig):
    name = "commissioning.brokerage"
    verbose_name = "Brokerage"
    default_auto_field = "django.db.models.BigAutoField"
