from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "commissioning.privacy"
    label = "privacy"
    verbose_name = "Data protection"

    def ready(self):
        from django.urls import reverse

        from commissioning.core import home

        from . import rules

        def links(user):
            if getattr(user, "role", None) not in rules.DATA_PROTECTION:
                return []
            return [("Answer a subject access request", reverse("privacy:index")),
                    ("See records due for anonymisation", reverse("privacy:retention"))]

        home.register_links("privacy", links=links, order=90)
