from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.index, name="index"),
    path("funding/", views.funding, name="funding"),
    path("funding/areas/add/", views.area_add, name="area_add"),
    path("funding/areas/<int:pk>/", views.area_edit, name="area_edit"),
    path("funding/indicators/upload/", views.indicators_upload, name="indicators_upload"),
    path("funding/scenarios/add/", views.scenario_add, name="scenario_add"),
    path("funding/scenarios/<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("funding/scenarios/<int:pk>/approve/", views.scenario_approve, name="scenario_approve"),
    path("timetables/", views.project_list, name="project_list"),
    path("timetables/add/", views.project_add, name="project_add"),
    path("timetables/<int:pk>/", views.project_detail, name="project_detail"),
    path("timetables/tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("timetables/gateways/<int:pk>/", views.gateway_edit, name="gateway_edit"),
    path("timetables/templates/<int:pk>/", views.template_detail, name="template_detail"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/<int:pk>/", views.committee_edit, name="committee_edit"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("forthcoming-opportunities/", views.opportunities, name="opportunities"),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/add/", views.consultation_add, name="consultation_add"),
    path("consultations/limit/", views.consultation_limit, name="consultation_limit"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("you-said-we-did/", views.you_said_we_did, name="you_said_we_did"),
    path("minimum-periods/", views.periods_edit, name="periods_edit"),
]
