from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "commissioning.portal"
    label = "portal"
    verbose_name = "Provider portal"

    def ready(self):
        from commissioning.accounts.roles import Role
        from commissioning.core import home

        home.register_landing(role=Role.PROVIDER_USER, url_name="portal:home")
