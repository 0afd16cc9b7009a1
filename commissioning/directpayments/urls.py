from django.urls import path

from . import views

app_name = "directpayments"

urlpatterns = [
    path("", views.index, name="index"),
    path("requests/<int:pk>/meet/", views.agreement_create, name="agreement_create"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/end/", views.agreement_end, name="agreement_end"),
    path("<int:pk>/review/", views.support_review_add, name="support_review_add"),
    path("people/<int:pk>/client-details/", views.client_details, name="client_details"),
    path("payment-runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("card-statements/import/", views.card_import, name="card_import"),
    path("card-statements/<int:pk>/", views.card_import_detail, name="card_import_detail"),
    path("balance-reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("balance-reviews/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("client-level-data/", views.return_list, name="return_list"),
    path("client-level-data/<int:pk>/", views.return_detail, name="return_detail"),
    path("client-level-data/<int:pk>/download/", views.return_download, name="return_download"),
    path("client-level-data/<int:pk>/sent/", views.return_sent, name="return_sent"),
    path("measures/", views.measures, name="measures"),
    path("intelligence/", views.intelligence, name="intelligence"),
]
