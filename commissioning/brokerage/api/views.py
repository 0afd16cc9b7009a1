"""Brokerage API: reads scoped as the pages are, and the provider's operations (offer, accept,
decline) through the same services."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema

from commissioning.accounts.roles import Role
from commissioning.core.api import ActionView, ReadOnlyScopedViewSet, StatusSerializer

from .. import rules, selectors, services
from ..choices import CompetitionStatus
from .serializers import (
    AgreementSerializer,
    CareRequestSerializer,
    CompetitionSerializer,
    DeclineInput,
    OfferInput,
    OfferSerializer,
)


class CareRequestViewSet(ReadOnlyScopedViewSet):
    """Requests for care, for council staff who work with them; the person is a reference."""

    allowed_roles = rules.VIEW_REQUESTS
    serializer_class = CareRequestSerializer

    def get_queryset(self):
        return selectors.request_scope(user=self.request.user).order_by("-created_at")


class CompetitionViewSet(ReadOnlyScopedViewSet):
    """Further competitions: a provider user sees those sent to its organisation, anonymised."""

    allowed_roles = rules.VIEW_REQUESTS | rules.PROVIDER
    serializer_class = CompetitionSerializer

    def get_queryset(self):
        return selectors.competition_scope(user=self.request.user).order_by("-opened_at")


class OfferViewSet(ReadOnlyScopedViewSet):
    """Offers: a provider user sees its own; council staff see offers once the competition closed."""

    allowed_roles = rules.VIEW_REQUESTS | rules.PROVIDER
    serializer_class = OfferSerializer

    def get_queryset(self):
        offers = selectors.offer_scope(user=self.request.user).order_by("-submitted_at")
        if getattr(self.request.user, "role", None) != Role.PROVIDER_USER:
            offers = offers.exclude(competition__status=CompetitionStatus.OPEN)
        return offers


class AgreementViewSet(ReadOnlyScopedViewSet):
    """Individual service agreements: a provider user sees its own."""

    allowed_roles = rules.VIEW_AGREEMENTS | rules.PROVIDER
    serializer_class = AgreementSerializer

    def get_queryset(self):
        return selectors.agreement_scope(user=self.request.user).order_by("-created_at")


class OfferSubmitView(ActionView):
    allowed_roles = rules.PROVIDER

    @extend_schema(request=OfferInput, responses={200: StatusSerializer}, summary="Make or revise an offer")
    def post(self, request, pk):
        competition = get_object_or_404(selectors.competition_scope(user=request.user), pk=pk)
        data = self.valid(OfferInput)
        return self.run(lambda: services.offer_submit(competition=competition, by=request.user, **data))


class AgreementAcceptView(ActionView):
    allowed_roles = rules.PROVIDER

    @extend_schema(request=None, responses={200: StatusSerializer}, summary="Accept an agreement")
    def post(self, request, pk):
        agreement = get_object_or_404(selectors.agreement_scope(user=request.user), pk=pk)
        return self.run(lambda: services.agreement_respond(agreement=agreement, by=request.user, accept=True))


class AgreementDeclineView(ActionView):
    allowed_roles = rules.PROVIDER

    @extend_schema(request=DeclineInput, responses={200: StatusSerializer}, summary="Decline an agreement")
    def post(self, request, pk):
        agreement = get_object_or_404(selectors.agreement_scope(user=request.user), pk=pk)
        reason = self.valid(DeclineInput)["reason"]
        return self.run(lambda: services.agreement_respond(agreement=agreement, by=request.user, accept=False,
                                                           reason=reason))
