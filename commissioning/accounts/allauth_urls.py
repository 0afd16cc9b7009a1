"""The django-allauth pages the platform uses, under the names allauth reverses (no namespace).

Only these are routed: there is no self sign-up, e-mail management or social sign-in."""
from django.urls import path, re_path

from . import views

urlpatterns = [
    path("sign-in/", views.sign_in, name="account_login"),
    path("sign-out/", views.sign_out, name="account_logout"),
    path("inactive/", views.account_inactive, name="account_inactive"),
    path("password/reset/", views.password_reset, name="account_reset_password"),
    path("password/reset/done/", views.password_reset_done, name="account_reset_password_done"),
    re_path(r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$", views.password_reset_from_key,
            name="account_reset_password_from_key"),
    path("password/reset/key/done/", views.password_reset_from_key_done, name="account_reset_password_from_key_done"),
    path("password/change/", views.password_change, name="account_change_password"),
    path("password/set/", views.password_set, name="account_set_password"),
    path("reauthenticate/", views.reauthenticate, name="account_reauthenticate"),
    path("second-factor/", views.mfa_index, name="mfa_index"),
    path("second-factor/authenticate/", views.mfa_authenticate, name="mfa_authenticate"),
    path("second-factor/reauthenticate/", views.mfa_reauthenticate, name="mfa_reauthenticate"),
    path("second-factor/authenticator-app/", views.mfa_activate_totp, name="mfa_activate_totp"),
    path("second-factor/authenticator-app/remove/", views.mfa_deactivate_totp, name="mfa_deactivate_totp"),
    path("second-factor/recovery-codes/", views.mfa_recovery_codes, name="mfa_view_recovery_codes"),
    path("second-factor/recovery-codes/new/", views.mfa_generate_recovery_codes, name="mfa_generate_recovery_codes"),
    path("second-factor/recovery-codes/download/", views.mfa_download_recovery_codes,
         name="mfa_download_recovery_codes"),
]
