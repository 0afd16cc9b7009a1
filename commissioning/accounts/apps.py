from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "commissioning.accounts"
    label = "accounts"
    verbose_name = "People and roles"

    def ready(self):
        from . import receivers

        receivers.connect()
