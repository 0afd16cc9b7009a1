from django.urls import path

from . import views, views_lists

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("lists/", views_lists.list_index, name="list_index"),
    path("lists/<int:list_pk>/apply/", views_lists.application_start, name="application_start"),
    path("applications/<int:pk>/", views_lists.application, name="application"),
]
