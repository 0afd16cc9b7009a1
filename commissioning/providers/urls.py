from django.urls import path

from . import views, views_import, views_reference

app_name = "providers"
urlpatterns = [
    path("", views.provider_list, name="provider_list"),
    path("export.csv", views.provider_csv, name="provider_csv"),
    path("new/", views.provider_edit, name="provider_create"),
    path("<int:pk>/", views.provider_detail, name="provider_detail"),
    path("<int:pk>/edit/", views.provider_edit, name="provider_edit"),
    path("<int:provider_pk>/services/new/", views.service_edit, name="service_create"),
    path("services/", views.service_list, name="service_list"),
    path("services/export.csv", views.service_csv, name="service_csv"),
    path("services/<int:pk>/", views.service_detail, name="service_detail"),
    path("services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("reference/", views_reference.reference_index, name="reference_index"),
    path("reference/<slug:kind>/", views_reference.reference_list, name="reference_list"),
    path("reference/<slug:kind>/new/", views_reference.reference_edit, name="reference_create"),
    path("reference/<slug:kind>/<int:pk>/", views_reference.reference_edit, name="reference_edit"),
    path("reference/<slug:kind>/<int:pk>/retire/", views_reference.reference_retire, name="reference_retire"),
    path("cqc-import/", views_import.import_start, name="import_start"),
    path("cqc-import/<int:pk>/", views_import.import_detail, name="import_detail"),
    path("cqc-import/<int:pk>/progress/", views_import.import_progress, name="import_progress"),
]
