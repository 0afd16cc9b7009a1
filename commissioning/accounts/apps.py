from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "commissioning.accounts"
    label = "accounts"
    verbose_name = "People and roles"

    def ready(self):
        from commissioning.core import home

        from . import receivers, work

        receivers.connect()
        home.register_work("accounts", items=work.work_for, order=90)
        home.register_links("accounts", links=home_links, order=85)


def home_links(user) -> list[tuple[str, str]]:
    """Keeping the council's market areas, for administrators and the head of commissioning."""
    from django.urls import reverse

    from .roles import Role

    if user.role in (Role.ADMINISTRATOR, Role.HEAD_OF_COMMISSIONING):
        return [("Keep the market areas", reverse("accounts:market_list"))]
    return []
