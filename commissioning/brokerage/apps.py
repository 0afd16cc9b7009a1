from django.apps import AppConfig


class BrokerageConfig(AppConfig):
    name = "commissioning.brokerage"
    verbose_name = "Brokerage"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from commissioning.core.home import register_work

        from .work import work_items

        register_work("brokerage", items=work_items, order=30)
