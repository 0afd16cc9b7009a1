from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "commissioning.providers"
    label = "providers"
    verbose_name = "Provider register"

    def ready(self):
        from commissioning.core import home

        from . import presenters

        home.register_section("providers", template="providers/_home_market.html",
                              context=presenters.home_market, order=10)
        home.register_links("providers", links=presenters.home_links, order=10)
