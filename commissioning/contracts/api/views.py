"""The register for signed-in users (scoped as the pages are) and the register's open data in OCDS
1.1.5 for anyone (ADR 0026, "Open contract data")."""
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from commissioning.core.api import PublicDataView, ReadOnlyScopedViewSet

from .. import ocds, rules
from ..filtersets import ContractFilterSet
from ..selectors import contracts_with_funding, published_register
from .serializers import ContractSerializer


class ContractViewSet(ReadOnlyScopedViewSet):
    """Contracts of the register with their funders: council staff see every contract, a provider
    user only those its own organisation supplies. Filters as the register page's."""

    allowed_roles = rules.VIEW
    serializer_class = ContractSerializer
    filterset_class = ContractFilterSet

    def get_queryset(self):
        return contracts_with_funding(user=self.request.user)


PAGE = OpenApiParameter("page", int, description="A page of the register's entries, from 1; see `links.next`")
AFTER = OpenApiParameter("after", str, description="The call-offs after this one's id (0 for the first): `links.next`")
ANSWERS = {200: OpenApiTypes.OBJECT,
           404: OpenApiResponse(OpenApiTypes.OBJECT, description="No such page, or no such published contract")}


def _package(request, contracts):
    path = request.path

    def uri(page=None, after=None):
        query = {"after": after} if after is not None else ({"page": page} if page and page > 1 else {})
        return request.build_absolute_uri(f"{path}?{urlencode(query)}" if query else path)

    def list_uri(reference):
        return request.build_absolute_uri(reverse("ocds-list", args=[reference]))

    try:
        return Response(ocds.register_page(contracts, page=request.GET.get("page"), after=request.GET.get("after"),
                                            uri=uri, list_uri=list_uri))
    except ocds.PageNotFound as error:
        raise Http404("No such page of the package") from error


class OcdsContractsView(PublicDataView):
    """The register as open data (OCDS 1.1.5, UK profile, budget breakdown), a page at a time."""

    @extend_schema(responses=ANSWERS, auth=[], tags=["ocds"], parameters=[PAGE, AFTER],
                   operation_id="ocds_contracts_package",
                   summary="The contracts register as OCDS 1.1.5 release packages, a page at a time")
    def get(self, request):
        return _package(request, published_register())


class OcdsContractView(PublicDataView):
    """One register entry by its reference, with its call-offs; a planned entry answers 404."""

    @extend_schema(responses=ANSWERS, auth=[], tags=["ocds"], parameters=[PAGE, AFTER],
                   operation_id="ocds_contract_package",
                   summary="One contract of the register, and a list's call-offs, as an OCDS 1.1.5 release package")
    def get(self, request, reference):
        contracts = published_register().filter(reference=reference)
        if not contracts.exists():
            raise Http404("No published contract has this reference")
        return _package(request, contracts)
