from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("care-requests", views.CareRequestViewSet, basename="care-request")
router.register("competitions", views.CompetitionViewSet, basename="competition")
router.register("offers", views.OfferViewSet, basename="offer")
router.register("agreements", views.AgreementViewSet, basename="agreement")

urlpatterns = [
    path("competitions/<int:pk>/offer/", views.OfferSubmitView.as_view(), name="competition-offer"),
    path("agreements/<int:pk>/accept/", views.AgreementAcceptView.as_view(), name="agreement-accept"),
    path("agreements/<int:pk>/decline/", views.AgreementDeclineView.as_view(), name="agreement-decline"),
    *router.urls,
]
