from django.urls import path

from . import views, views_funding, views_import, views_management

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
