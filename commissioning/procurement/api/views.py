"""Read endpoints for Approved Provider Lists, scoped exactly as the pages are, and the lists'
open data in OCDS 1.1.5 for anyone."""
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from commissioning.accounts.roles import ALL_ROLES
from commissioning.core.api import PublicDataView, ReadOnlyScopedViewSet

from .. import ocds
from ..selectors import application_scope, list_scope, membership_scope, published_lists
from .serializers import ApplicationSerializer, ApprovedListSerializer, MembershipSerializer


class ApprovedListViewSet(ReadOnlyScopedViewSet):
    """Lists with their lots and windows: council staff see every list, provider users those past draft."""

    allowed_roles = ALL_ROLES

    serializer_class = ApprovedListSerializer

    def get_queryset(self):
        return list_scope(user=self.request.user).prefetch_related(
            "lots__price_lines", "lots__reserve_for").order_by("name")


class ApplicationViewSet(ReadOnlyScopedViewSet):
    """Applications and their decisions: council staff see every submitted one with its evaluation,
    a provider user only its own organisation's and never a score."""

    allowed_roles = ALL_ROLES

    serializer_class = ApplicationSerializer

    def get_queryset(self):
        return application_scope(user=self.request.user).order_by("-created_at", "-pk")


class MembershipViewSet(ReadOnlyScopedViewSet):
    """Who is on each lot: council staff see every membership, a provider user only its own."""

    allowed_roles = ALL_ROLES

    serializer_class = MembershipSerializer

    def get_queryset(self):
        return membership_scope(user=self.request.user).order_by("lot__approved_list__reference", "lot__number",
                                                                  "provider__name")


class OcdsListsView(PublicDataView):
    """Every list that is not a draft, as open data (OCDS 1.1.5, UK profile)."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, auth=[], tags=["ocds"], operation_id="ocds_lists_package",
                   summary="Every published Approved Provider List as an OCDS 1.1.5 release package")
    def get(self, request):
        return Response(ocds.lists_package(published_lists(), uri=request.build_absolute_uri()))


class OcdsListView(PublicDataView):
    """One list by its reference, as open data; a draft's reference answers 404."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, auth=[], tags=["ocds"], operation_id="ocds_list_package",
                   summary="One published Approved Provider List as an OCDS 1.1.5 release package")
    def get(self, request, reference):
        approved_lists = list(published_lists().filter(reference=reference))
        if not approved_lists:
            raise Http404("No published list has this reference")
        return Response(ocds.lists_package(approved_lists, uri=request.build_absolute_uri()))
