from django.urls import path

from . import views, views_changes, views_funding, views_import

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="contract_list"),
    path("new/", views.contract_edit, name="contract_create"),
    path("import/", views_import.register_import_page, name="register_import"),
    path("transparency.csv", views.transparency_csv, name="transparency_csv"),
    path("providers/<int:pk>/", views.provider_view, name="provider_view"),
    path("spend/", views.spend_by_directorate, name="spend_by_directorate"),
    path("<int:pk>/", views.contract_detail, name="contract_detail"),
    path("<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("<int:pk>/funding/add/", views_funding.funding_add_page, name="funding_add"),
    path("pooled-budgets/", views_funding.pool_list, name="pool_list"),
    path("pooled-budgets/new/", views_funding.pool_create, name="pool_create"),
    path("pooled-budgets/<int:pk>/", views_funding.pool_detail, name="pool_detail"),
    path("pooled-budgets/<int:pk>/contributions/add/", views_funding.contribution_add_page, name="contribution_add"),
    path("variations/", views_changes.variation_list, name="variation_list"),
    path("<int:pk>/variations/new/", views_changes.variation_propose_page, name="variation_propose"),
    path("variations/<int:pk>/", views_changes.variation_detail, name="variation_detail"),
    path("variations/<int:pk>/approve/", views_changes.variation_approve_page, name="variation_approve"),
    path("variations/<int:pk>/refuse/", views_changes.variation_refuse_page, name="variation_refuse"),
    path("<int:pk>/decommission/", views_changes.decommission_start_page, name="decommission_start"),
    path("<int:pk>/decommissioning/", views_changes.decommission_plan_page, name="decommission_plan"),
    path("<int:pk>/decommissioning/steps/add/", views_changes.step_add_page, name="decommission_step_add"),
    path("decommissioning/steps/<int:pk>/done/", views_changes.step_done_page, name="decommission_step_done"),
    path("<int:pk>/decommissioning/people/<int:agreement_pk>/", views_changes.arrangement_page,
         name="decommission_arrangement"),
    path("<int:pk>/decommissioning/complete/", views_changes.plan_complete_page, name="decommission_complete"),
]
