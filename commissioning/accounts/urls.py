from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("first-run/", views.first_run, name="first_run"),
    path("sign-out/", views.sign_out, name="logout"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("session/keep-alive/", views.keep_alive, name="keep_alive"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_edit, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/token/", views.user_token, name="user_token"),
    path("users/<int:pk>/invite/", views.user_invite, name="user_invite"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("markets/", views.market_list, name="market_list"),
    path("markets/<int:pk>/", views.market_edit, name="market_edit"),
    path("markets/<int:pk>/retire/", views.market_retire, name="market_retire"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/export.csv", views.audit_csv, name="audit_csv"),
]
