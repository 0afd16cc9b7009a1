from django.urls import path

from . import views, views_brokerage, views_finance, views_lists, views_quality

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("lists/", views_lists.list_index, name="list_index"),
    path("lists/<int:list_pk>/apply/", views_lists.application_start, name="application_start"),
    path("applications/<int:pk>/", views_lists.application, name="application"),
    path("competitions/", views_brokerage.competition_list, name="competition_list"),
    path("competitions/<int:pk>/", views_brokerage.competition, name="competition"),
    path("agreements/", views_brokerage.agreement_list, name="agreement_list"),
    path("agreements/<int:pk>/", views_brokerage.agreement, name="agreement"),
    path("audits/", views_quality.audit_list, name="audit_list"),
    path("audits/<int:pk>/", views_quality.audit, name="audit"),
    path("action-plans/<int:pk>/", views_quality.plan, name="plan"),
    path("actions/<int:pk>/", views_quality.plan_item, name="plan_item"),
    path("kpi-returns/", views_quality.kpi_returns, name="kpi_returns"),
    path("actuals/", views_finance.actuals, name="actuals"),
    path("invoices/", views_finance.invoices, name="invoices"),
    path("invoices/<int:pk>/", views_finance.invoice, name="invoice"),
    path("remittances/<int:pk>/", views_finance.remittance, name="remittance"),
]
