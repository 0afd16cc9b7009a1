from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "commissioning.contracts"
    label = "contracts"
    verbose_name = "Contracts register"

    def ready(self):
        from django.db.models.signals import post_save

        from commissioning.core import home
        from commissioning.procurement.models import ApprovedList

        from . import presenters, work, work_changes
        from .receivers import keep_register_entry_of_list

        post_save.connect(keep_register_entry_of_list, sender=ApprovedList, dispatch_uid="contracts-list-entry")
        home.register_links("contracts", links=presenters.home_links, order=12)
        home.register_work("contracts", items=work.items_for, order=35)
        home.register_work("contract-changes", items=work_changes.items_for, order=36)
        home.register_links("contract-changes", links=work_changes.links_for, order=13)
