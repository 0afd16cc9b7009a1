from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "commissioning.procurement"
    label = "procurement"
    verbose_name = "Approved Provider Lists"

    def ready(self):
        from commissioning.core.home import register_work
        from commissioning.providers.signals import cqc_import_finished

        from .receivers import recheck_members_after_cqc_import
        from .work import items_for

        cqc_import_finished.connect(recheck_members_after_cqc_import, dispatch_uid="procurement-cqc-recheck")
        register_work("procurement", items=items_for, order=30)
