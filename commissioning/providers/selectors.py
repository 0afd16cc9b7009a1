"""Reads of the register, always starting from the user's scope (`for_user`, querysets.py).

Council staff see every provider and service; a provider user sees only its own organisation.
"""
from django.db.models import Count, Q, QuerySet, Sum

from commissioning.core.audit import history_for

from .choices import ProviderStatus, ServiceStatus
from .models import ClientGroup, CqcImportRun, Locality, Provider, Service, ServiceType, Specialism


def provider_scope(*, user) -> QuerySet[Provider]:
    """The providers `user` may see."""
    return Provider.objects.for_user(user)


def service_scope(*, user) -> QuerySet[Service]:
    """The services `user` may see."""
    return Service.objects.for_user(user).select_related("provider", "locality")


def service_types(*, include_retired: bool = True) -> QuerySet[ServiceType]:
    """The council's service types (reference data every role may read); retired ones only when asked."""
    types = ServiceType.objects.all()
    return types if include_retired else types.filter(retired=False)


def specialisms(*, include_retired: bool = True) -> QuerySet[Specialism]:
    """The needs a service can be equipped to meet (reference data)."""
    items = Specialism.objects.all()
    return items if include_retired else items.filter(retired=False)


def client_groups(*, include_retired: bool = True) -> QuerySet[ClientGroup]:
    """The groups of people by primary support reason (reference data)."""
    items = ClientGroup.objects.all()
    return items if include_retired else items.filter(retired=False)


def offered(items: QuerySet, *, kept=()) -> QuerySet:
    """The reference items a form offers: those in use, and any retired ones the record being edited
    already has (`kept`: their ids), so an old record still shows and saves what it has while nothing
    new can choose a retired item."""
    kept = [pk for pk in kept if pk is not None]
    return items.filter(Q(retired=False) | Q(pk__in=kept)) if kept else items.filter(retired=False)


def reference_items(model) -> QuerySet:
    """Every item of one reference list, in use first, with how many services have it."""
    return model.objects.annotate(service_count=Count("services", distinct=True)).order_by("retired", *(
        model._meta.ordering or ["name"]))


def reference_item(model, pk):
    """One item of a reference list, or None."""
    return model.objects.filter(pk=pk).first()


def reference_history(*, item):
    """Who added, renamed, retired or restored a reference item, newest first."""
    return history_for([item]).select_related("actor")


def localities(*, include_retired: bool = True) -> QuerySet[Locality]:
    """The areas of the council's patch (reference data); retired ones only when asked."""
    items = Locality.objects.all()
    return items if include_retired else items.filter(retired=False)


def provider_list(*, user) -> QuerySet[Provider]:
    """Providers with their service counts and capacity, for the register list."""
    return provider_scope(user=user).order_by("name").annotate(
        service_count=Count("services", distinct=True),
        total_beds=Sum("services__beds"),
        total_hours=Sum("services__hours_per_week"),
    )


def service_list(*, user) -> QuerySet[Service]:
    return service_scope(user=user).prefetch_related("service_types")


def provider_history(*, provider: Provider):
    """The audit trail of a provider and all its services, newest first."""
    return history_for([provider, *provider.services.all()]).select_related("actor")


def service_history(*, service: Service):
    return history_for([service]).select_related("actor")


def register_summary(*, user) -> dict:
    """Headline figures of the register as `user` may see it (four queries, whatever its size)."""
    services = service_scope(user=user).filter(status=ServiceStatus.ACTIVE)
    totals = services.aggregate(
        beds=Sum("beds"), hours=Sum("hours_per_week"), services=Count("id"),
        council_only=Count("id", filter=Q(cqc_location_id__isnull=True) | Q(cqc_location_id="")))
    by_rating = dict(
        services.exclude(cqc_rating="").values_list("cqc_rating").annotate(n=Count("id")).order_by()
    )
    by_rag = dict(
        services.exclude(council_rag="").values_list("council_rag").annotate(n=Count("id")).order_by()
    )
    providers = provider_scope(user=user).filter(status=ProviderStatus.ACTIVE).aggregate(
        active=Count("id"), suspended=Count("id", filter=Q(new_placements_suspended=True)))
    return {
        "providers": providers["active"],
        "placements_suspended": providers["suspended"],
        "by_rag": by_rag,
        "services": totals["services"],
        "beds": totals["beds"] or 0,
        "hours_per_week": totals["hours"] or 0,
        "by_rating": by_rating,
        "council_only": totals["council_only"],
    }


def import_runs(*, user):
    """The CQC imports a person may see, newest first, with who uploaded them."""
    return CqcImportRun.objects.for_user(user).select_related("uploaded_by")
