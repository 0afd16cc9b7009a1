from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo market: composed from every app's services, so it lives outside core, which imports none."""

    name = "commissioning.demo"
    label = "demo"
    verbose_name = "Demo data"
