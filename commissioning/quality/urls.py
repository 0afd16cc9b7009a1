from django.urls import path

from . import views

app_name = "quality"
urlpatterns = [
    path("", views.index, name="index"),
    path("audits/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/ratings/", views.audit_rate, name="audit_rate"),
    path("audits/<int:pk>/<slug:event>/", views.audit_event, name="audit_event"),
    path("challenges/<int:pk>/answer/", views.challenge_answer, name="challenge_answer"),
    path("services/<int:service_pk>/visit/", views.visit_add, name="visit_add"),
    path("services/<int:service_pk>/safeguarding/", views.safeguarding_add, name="safeguarding_add"),
    path("services/<int:service_pk>/feedback/", views.feedback_add, name="feedback_add"),
    path("action-plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("safety-checks/", views.safety_list, name="safety_list"),
    path("safety-checks/<int:pk>/", views.safety_check, name="safety_check"),
    path("concerns/", views.concern_list, name="concern_list"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern_detail"),
    path("providers/<int:pk>/", views.provider_quality, name="provider_quality"),
    path("providers/<int:pk>/failure/", views.failure, name="failure"),
    path("framework/", views.framework, name="framework"),
]
