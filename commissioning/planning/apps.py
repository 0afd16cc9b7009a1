from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "commissioning.planning"
    verbose_name = "Planning: funding formula and procurement timetables"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from commissioning.core.home import register_links, register_work

        from .selectors import home_links, work_for

        register_work("planning", items=work_for, order=60)
        register_links("planning", links=home_links, order=20)
