from django.apps import AppConfig


class DirectPaymentsConfig(AppConfig):
    name = "commissioning.directpayments"
    verbose_name = "Direct payments and Client Level Data"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from commissioning.core import home as registry

        from . import home, receivers  # noqa: F401  (pays direct payments in finance's payment runs)

        registry.register_links("directpayments", links=home.links, order=16)
        registry.register_work("directpayments", items=home.work, order=65)
