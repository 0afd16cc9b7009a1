from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/export/", views.person_export, name="person_export"),
    path("retention/", views.retention, name="retention"),
]
