from django.urls import path

from . import views

app_name = "brokerage"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/front-door/", views.front_door, name="front_door"),
    path("requests/<int:pk>/front-door/directory/", views.front_door_directory, name="front_door_directory"),
    path("requests/<int:pk>/direct-award/", views.direct_award, name="direct_award"),
    path("requests/<int:pk>/competition/", views.competition_open, name="competition_open"),
    path("requests/<int:pk>/unmet/", views.mark_unmet, name="mark_unmet"),
    path("requests/<int:pk>/waiver/", views.waiver, name="waiver"),
    path("requests/<int:pk>/waiver/decision/", views.waiver_decide, name="waiver_decide"),
    path("requests/<int:pk>/reserve/", views.send_to_reserve, name="send_to_reserve"),
    path("competitions/<int:pk>/", views.competition_detail, name="competition_detail"),
    path("competitions/scoring/", views.scoring_list, name="scoring_list"),
    path("competitions/<int:pk>/scoring/", views.competition_scoring, name="competition_scoring"),
    path("fairness/", views.fairness, name="fairness"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("allocations/", views.allocation_create, name="allocation_create"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation_detail"),
]
