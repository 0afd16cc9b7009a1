from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "commissioning.quality"
    verbose_name = "Quality assurance and contract management"
    default_auto_field = "django.db.models.BigAutoField"
