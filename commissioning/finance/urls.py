from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.index, name="index"),
    path("weeks/<int:pk>/", views.week_detail, name="week_detail"),
    path("invoices/", views.invoices, name="invoices"),
    path("runs/", views.runs, name="runs"),
    path("budgets/<int:pk>/", views.budget, name="budget"),
    path("invoices/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("invoices/schedule/", views.schedule_invoices, name="schedule_invoices"),
    path("runs/new/", views.run_create, name="run_create"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/remittance.csv", views.run_csv, name="run_csv"),
    path("rates/", views.rate_cards, name="rate_cards"),
    path("rates/<int:pk>/", views.rate_card, name="rate_card"),
    path("rates/criteria/new/", views.criterion_add, name="criterion_add"),
    path("agreements/<int:pk>/price/", views.agreement_price, name="agreement_price"),
    path("uplift/", views.scenarios, name="scenarios"),
    path("uplift/<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("spend/", views.spend, name="spend"),
]
