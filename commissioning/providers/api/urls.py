from rest_framework.routers import DefaultRouter

from .views import ProviderViewSet, ServiceViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("providers", ProviderViewSet, basename="provider")
router.register("services", ServiceViewSet, basename="service")

urlpatterns = router.urls
