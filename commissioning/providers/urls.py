from django.urls import path

from . import views, views_import

app_name = "providers"
urlpatterns = [
    path("", views.provider_list, name="provider_list"),
    path("new/", views.provider_edit, name="provider_create"),
    path("<int:pk>/", views.provider_detail, name="provider_detail"),
    path("<int:pk>/edit/", views.provider_edit, name="provider_edit"),
    path("<int:provider_pk>/services/new/", views.service_edit, name="service_create"),
    path("services/", views.service_list, name="service_list"),
    path("services/<int:pk>/", views.service_detail, name="service_detail"),
    path("services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("cqc-import/", views_import.import_start, name="import_start"),
    path("cqc-import/<int:pk>/", views_import.import_detail, name="import_detail"),
    path("cqc-import/<int:pk>/progress/", views_import.import_progress, name="import_progress"),
]
