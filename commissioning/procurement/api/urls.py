from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import ApplicationViewSet, ApprovedListViewSet, MembershipViewSet, OcdsListsView, OcdsListView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("lists", ApprovedListViewSet, basename="approved-list")
router.register("applications", ApplicationViewSet, basename="application")
router.register("memberships", MembershipViewSet, basename="membership")

urlpatterns = [
    path("ocds/lists/", OcdsListsView.as_view(), name="ocds-lists"),
    path("ocds/lists/<str:reference>/", OcdsListView.as_view(), name="ocds-list"),
    *router.urls,
]
