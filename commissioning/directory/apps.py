from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "commissioning.directory"
    verbose_name = "Directory: the public directory of care and support (Open Referral UK)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from commissioning.core.home import register_links, register_work

        from . import receivers
        from .selectors import home_links, work_for

        receivers.connect()
        register_work("directory", items=work_for, order=70)
        register_links("directory", links=home_links, order=70)
