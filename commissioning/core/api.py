"""The API's shared base classes: scoped read-only viewsets and one-operation action views that
map the workflow core's errors to HTTP (409 for a move the table does not allow, 400 for invalid
input)."""
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from .api_rows import PlannedListMixin
from .permissions import PUBLIC
from .workflow import TransitionNotAllowed


class StatusSerializer(serializers.Serializer):
    """What every operation answers: the record's id and its status after the operation."""

    id = serializers.IntegerField()
    status = serializers.CharField()


class ReadOnlyScopedViewSet(PlannedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
    """Reads for every role within its scope (the selectors); writes go through the workflow operations.

    Authentication happens in Django REST Framework (tokens), so these views opt out of the
    session sign-in redirect; `HasAllowedRole` then applies the declared roles. Subclasses set
    `allowed_roles`.
    """

    allowed_roles: frozenset = frozenset()

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        view.login_required = False
        return view


class ActionView(APIView):
    """An operation: token or session auth, declared roles, service errors mapped to HTTP."""

    allowed_roles: frozenset = frozenset()

    @classmethod
    def as_view(cls, **kwargs):
        view = super().as_view(**kwargs)
        view.login_required = False
        return view

    def get_permissions(self):
        # Every method of an action view is a write; HasAllowedRole reads write_roles for it.
        self.write_roles = self.allowed_roles
        return super().get_permissions()

    def run(self, fn, ok_status=status.HTTP_200_OK):
        try:
            result = fn()
        except TransitionNotAllowed as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as error:
            body = error.message_dict if hasattr(error, "error_dict") else {"detail": " ".join(error.messages)}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response({"id": result.pk, "status": result.status}, status=ok_status)

    def valid(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class PublicDataView(APIView):
    """Open data: no sign-in and no credentials read, declared public by name."""

    allowed_roles = PUBLIC
    authentication_classes = []

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        view.login_required = False
        return view
