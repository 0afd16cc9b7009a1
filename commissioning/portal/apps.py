from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "commissioning.portal"
    label = "portal"
    verbose_name = "Provider portal"
