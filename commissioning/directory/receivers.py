"""Keeping care listings true without anyone remembering to: the directory listens to the register's
saves (services, their classifications, providers), the weekly bed returns and list memberships, and
refreshes the listing concerned. The nightly refresh (tasks.py) catches anything else."""
from django.db.models.signals import m2m_changed, post_save


def _service_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services import listing_sync_service

    listing_sync_service(instance)


def _classification_changed(sender, instance, action, reverse=False, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    from .services import listing_sync_service

    listing_sync_service(instance)


def _provider_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or created:
        return
    from .services import listing_sync_provider

    listing_sync_provider(instance)


def _vacancy_return_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services import listing_sync_service

    listing_sync_service(instance.service)


def _membership_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services import listing_sync_provider

    listing_sync_provider(instance.provider)


def _import_finished(sender, run=None, by=None, **kwargs):
    from .services import listing_sync_all

    listing_sync_all()


def _reference_saved(sender, **kwargs):
    from .selectors import forget_reference

    forget_reference()


def connect() -> None:
    from commissioning.intelligence.models import VacancyReturn
    from commissioning.procurement.models import Membership
    from commissioning.providers.models import ClientGroup, Provider, Service, ServiceType, Specialism
    from commissioning.providers.signals import cqc_import_finished

    post_save.connect(_service_saved, sender=Service, dispatch_uid="directory.service_saved")
    for through in (Service.service_types.through, Service.client_groups.through, Service.specialisms.through):
        m2m_changed.connect(_classification_changed, sender=through, dispatch_uid=f"directory.{through.__name__}")
    post_save.connect(_provider_saved, sender=Provider, dispatch_uid="directory.provider_saved")
    post_save.connect(_vacancy_return_saved, sender=VacancyReturn, dispatch_uid="directory.vacancy_saved")
    post_save.connect(_membership_saved, sender=Membership, dispatch_uid="directory.membership_saved")
    for model in (ServiceType, ClientGroup, Specialism):
        post_save.connect(_reference_saved, sender=model, dispatch_uid=f"directory.reference.{model.__name__}")
    cqc_import_finished.connect(_import_finished, dispatch_uid="directory.import_finished")
