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
