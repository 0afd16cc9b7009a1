from django.urls import path

from . import views, views_changes, views_funding, views_import, views_management

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

# Contract management (ADR 0026, "Contract management").
urlpatterns += [
    path("meetings/", views_management.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views_management.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/actions/add/", views_management.action_add_page, name="action_add"),
    path("meetings/<int:pk>/breaches/add/", views_management.breach_add_at_meeting, name="breach_add_at_meeting"),
    path("<int:pk>/meetings/schedule/", views_management.meeting_schedule, name="meeting_schedule"),
    path("<int:pk>/breaches/add/", views_management.breach_add, name="breach_add"),
    path("<int:pk>/kpis/add/", views_management.kpi_add, name="kpi_add"),
    path("actions/", views_management.action_list, name="action_list"),
    path("actions/<int:pk>/", views_management.action_edit, name="action_edit"),
    path("breaches/<int:pk>/", views_management.breach_detail, name="breach_detail"),
    path("kpis/", views_management.kpi_list, name="kpi_list"),
]
