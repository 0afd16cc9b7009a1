"""API endpoints for the register, scoped exactly as the pages are."""
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, mixins, serializers, status, viewsets

from commissioning.core.api_rows import PlannedListMixin
from commissioning.core.audit import Source
from commissioning.core.workflow import TransitionNotAllowed

from .. import rules
from ..filtersets import ProviderFilterSet, ServiceFilterSet
from ..selectors import provider_scope, service_scope
from ..services import SERVICE_M2M, provider_save, service_save
from .serializers import ProviderSerializer, ServiceSerializer


class Conflict(exceptions.APIException):
    """A status the record's workflow cannot move to from where it is."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class ScopedViewSet(PlannedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Reads for every role within its scope; writes for the register's editors only.

    Authentication happens in Django REST Framework (tokens), so these views opt out of the
    session sign-in redirect; `HasAllowedRole` then applies the declared roles.
    """

    allowed_roles = rules.VIEW_REGISTER
    write_roles = rules.EDIT_REGISTER

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        view.login_required = False
        return view

    def _save(self, fn):
        try:
            return fn()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        except TransitionNotAllowed as error:
            raise Conflict(str(error)) from error


class ProviderViewSet(ScopedViewSet):
    serializer_class = ProviderSerializer
    filterset_class = ProviderFilterSet

    def get_queryset(self):
        return provider_scope(user=self.request.user).order_by("name")

    def perform_create(self, serializer):
        provider = serializer.Meta.model(**serializer.validated_data)
        serializer.instance = self._save(lambda: provider_save(provider=provider, by=self.request.user,
                                                               source=Source.API))

    def perform_update(self, serializer):
        provider = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(provider, key, value)
        self._save(lambda: provider_save(provider=provider, by=self.request.user, source=Source.API))


class ServiceViewSet(ScopedViewSet):
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilterSet

    def get_queryset(self):
        services = service_scope(user=self.request.user).order_by("name")
        if self.action == "list":  # the list reads the codes for the whole page at once (core.api_rows)
            return services
        return services.prefetch_related("service_types", "specialisms", "client_groups")

    def _apply(self, service, data):
        m2m = {name: data.pop(name) for name in SERVICE_M2M if name in data}
        for key, value in data.items():
            setattr(service, key, value)
        return self._save(lambda: service_save(service=service, by=self.request.user, m2m=m2m, source=Source.API))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = self._apply(serializer.Meta.model(), data)

    def perform_update(self, serializer):
        self._apply(serializer.instance, dict(serializer.validated_data))
