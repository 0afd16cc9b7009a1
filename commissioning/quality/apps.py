from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "commissioning.quality"
    verbose_name = "Quality assurance and contract management"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from commissioning.core import home

        from . import presenters, work

        home.register_work("quality", items=work.work_for, order=40)
        home.register_links("quality", links=presenters.home_links, order=40)
