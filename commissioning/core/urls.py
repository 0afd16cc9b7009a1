from django.urls import path

from . import health, views, views_jobs

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("healthz/", health.healthz, name="healthz"),
    path("jobs/", views_jobs.job_list, name="job_list"),
    path("jobs/<int:pk>/", views_jobs.job_detail, name="job_detail"),
]
