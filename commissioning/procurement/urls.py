from django.urls import path

from . import views

app_name = "procurement"
urlpatterns = [
    path("", views.list_index, name="list_index"),
    path("new/", views.list_edit, name="list_create"),
    path("applications/", views.application_queue, name="application_queue"),
    path("<int:pk>/", views.list_detail, name="list_detail"),
    path("<int:pk>/edit/", views.list_edit, name="list_edit"),
    path("<int:pk>/status/", views.list_transition, name="list_transition"),
    path("<int:list_pk>/lots/new/", views.lot_edit, name="lot_create"),
    path("<int:list_pk>/lots/<int:pk>/", views.lot_edit, name="lot_edit"),
    path("<int:list_pk>/lots/<int:lot_pk>/prices/new/", views.price_line_edit, name="price_line_create"),
    path("<int:list_pk>/lots/<int:lot_pk>/prices/<int:pk>/", views.price_line_edit, name="price_line_edit"),
    path("<int:list_pk>/lots/<int:lot_pk>/rounds/<int:window_pk>/rank/", views.lot_rank, name="lot_rank"),
    path("<int:list_pk>/lots/<int:lot_pk>/rate-review/", views.rate_review, name="rate_review"),
    path("<int:pk>/members.csv", views.members_csv, name="members_csv"),
    path("<int:pk>/applications.csv", views.applications_csv, name="applications_csv"),
    path("<int:list_pk>/questions/new/", views.question_edit, name="question_create"),
    path("<int:list_pk>/questions/<int:pk>/", views.question_edit, name="question_edit"),
    path("<int:list_pk>/windows/new/", views.window_add, name="window_create"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/score/", views.application_score, name="application_score"),
    path("applications/<int:pk>/moderate/", views.application_moderate, name="application_moderate"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/clarify/", views.application_clarify, name="application_clarify"),
    path("applications/<int:pk>/extend/", views.application_extend, name="application_extend"),
    path("answers/<int:pk>/attachment/", views.answer_attachment, name="answer_attachment"),
    path("members/<int:pk>/", views.membership_detail, name="membership_detail"),
    path("members/<int:pk>/<slug:event>/", views.membership_action, name="membership_action"),
]
