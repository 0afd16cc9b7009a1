from django.urls import path

from . import views
from .api import views as api

app_name = "directory"

urlpatterns = [
    path("directory/", views.search, name="search"),
    path("directory/services/<int:pk>/", views.listing, name="listing"),
    path("directory/services/<int:pk>/changes/", views.propose_change, name="propose_change"),
    path("directory/add-your-service/", views.propose, name="propose"),
    path("directory/add-your-service/sent/", views.proposed, name="proposed"),
    path("directory/open-data/", views.open_data, name="open_data"),
    path("directory/open-data/services.csv", api.open_data_csv, name="open_data_csv"),
    path("directory/manage/", views.manage, name="manage"),
    path("directory/manage/new/", views.listing_add, name="listing_add"),
    path("directory/manage/<int:pk>/edit/", views.listing_edit, name="listing_edit"),
    path("directory/manage/<int:pk>/checked/", views.listing_verify, name="listing_verify"),
    path("directory/manage/<int:pk>/withdraw/", views.listing_withdraw, name="listing_withdraw"),
    path("directory/manage/proposals/<int:pk>/", views.proposal, name="proposal"),
    path("portal/directory/", views.portal, name="portal"),
    path("portal/directory/<int:pk>/", views.portal_listing, name="portal_listing"),
]
