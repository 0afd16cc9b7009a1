from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "commissioning.intelligence"
    verbose_name = "Market intelligence"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from commissioning.core import home as registry

        from . import home

        registry.register_links("intelligence", links=home.links, order=15)
        registry.register_work("intelligence", items=home.work, order=60)
