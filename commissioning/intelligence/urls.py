from django.urls import path

from . import views

app_name = "intelligence"

urlpatterns = [
    path("intelligence/benchmarks/", views.benchmarks, name="benchmarks"),
    path("intelligence/benchmarks/upload/", views.benchmark_upload, name="benchmark_upload"),
    path("intelligence/benchmarks/imports/<int:pk>/", views.benchmark_import, name="benchmark_import"),
    path("intelligence/comparator-groups/new/", views.group_create, name="group_create"),
    path("intelligence/comparator-groups/<int:pk>/", views.group_edit, name="group_edit"),
    path("intelligence/market/", views.market, name="market"),
    path("intelligence/cycle/", views.cycle, name="cycle"),
    path("intelligence/gaps/", views.gaps, name="gaps"),
    path("intelligence/supply/", views.supply, name="supply"),
    path("intelligence/market/refresh/", views.market_refresh, name="market_refresh"),
    path("portal/beds/", views.vacancy_return, name="vacancy_return"),
    path("intelligence/statement/", views.statement_edit, name="statement_edit"),
    path("market-position-statement/", views.statement_public, name="statement"),
    path("market-position-statement/<int:number>/", views.statement_edition, name="statement_edition"),
    path("market-position-statement/<int:number>/pdf/", views.statement_pdf, name="statement_pdf"),
    path("intelligence/scrutiny/<int:year>/", views.scrutiny, name="scrutiny"),
    path("intelligence/scrutiny/<int:year>/pdf/", views.scrutiny_pdf, name="scrutiny_pdf"),
]
