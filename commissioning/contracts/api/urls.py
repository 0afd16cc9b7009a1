from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import ContractViewSet, OcdsContractsView, OcdsContractView

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("contracts", ContractViewSet, basename="contract")

urlpatterns = [
    path("ocds/contracts/", OcdsContractsView.as_view(), name="ocds-contracts"),
    path("ocds/contracts/<str:reference>/", OcdsContractView.as_view(), name="ocds-contract"),
    *router.urls,
]
