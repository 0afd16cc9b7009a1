from django.urls import path

from . import views, views_funding, views_import

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="contract_list"),
    path("new/", views.contract_edit, name="contract_create"),
    path("import/", views_import.register_import_page, name="register_import"),
    path("payments/import/", views_import.payments_import_page, name="payments_import"),
    path("transparency.csv", views.transparency_csv, name="transparency_csv"),
    path("providers/<int:pk>/", views.provider_view, name="provider_view"),
    path("spend/", views.spend_by_directorate, name="spend_by_directorate"),
    path("<int:pk>/", views.contract_detail, name="contract_detail"),
    path("<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("<int:pk>/funding/add/", views_funding.funding_add_page, name="funding_add"),
    path("<int:pk>/funding/<int:line>/", views_funding.funding_add_page, name="funding_edit"),
    path("<int:pk>/funding/<int:line>/remove/", views_funding.funding_remove_page, name="funding_remove"),
    path("<int:pk>/payments/add/", views_funding.payment_add_page, name="payment_add"),
    path("<int:pk>/payments/<int:line>/remove/", views_funding.payment_remove_page, name="payment_remove"),
    path("pooled-budgets/", views_funding.pool_list, name="pool_list"),
    path("pooled-budgets/new/", views_funding.pool_create, name="pool_create"),
    path("pooled-budgets/<int:pk>/", views_funding.pool_detail, name="pool_detail"),
    path("pooled-budgets/<int:pk>/contributions/add/", views_funding.contribution_add_page, name="contribution_add"),
    path("pooled-budgets/<int:pk>/contributions/<int:line>/", views_funding.contribution_add_page,
         name="contribution_edit"),
    path("pooled-budgets/<int:pk>/contributions/<int:line>/remove/", views_funding.contribution_remove_page,
         name="contribution_remove"),
]
