"""Signing in with a second factor, and the idle-session warning, in a real browser."""
import pytest
from django.conf import settings
from django.urls import reverse

from commissioning.accounts.roles import Role

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_staff_sign_in_with_a_code_and_the_idle_warning_keeps_them_signed_in(open_as, make_person):
    audit = open_as(None, who="Broker (sign-in journey)")
    sign_in(audit, make_person(Role.BROKER), check_code_page=True)
    page = audit.page
    assert audit.path() == reverse("core:home")
    page.clock.install()
    audit.visit(reverse("mfa_index"))
    warning = page.get_by_text("You will be signed out in")
    assert warning.count() == 0
    page.clock.fast_forward("28:30")
    assert warning.is_visible()
    audit.check("the idle-session warning")
    page.get_by_role("button", name="Stay signed in").click()
    warning.wait_for(state="detached")
    audit.visit(reverse("core:home"))
    assert audit.path() == reverse("core:home")
    audit.assert_clean()


def test_the_pages_for_a_forgotten_password_pass_axe(open_as, make_person):
    make_person(Role.BROKER)  # a platform in use: an empty one sends the sign-in page to the first run
    audit = open_as(None, who="Forgotten password")
    audit.visit(reverse("account_login"))
    audit.page.get_by_role("link", name="Forgotten your password?").click()
    audit.page.wait_for_url("**" + reverse("account_reset_password"))
    audit.check("reset your password")
    audit.submit("Send reset link", label="reset, submitted empty")
    audit.check_error_summary()
    audit.page.get_by_label("Email address").fill("someone@example.org")
    audit.submit("Send reset link", label="check your email")
    assert audit.path() == reverse("account_reset_password_done")
    audit.assert_clean()


def test_an_empty_platform_is_set_up_from_its_first_run_page(open_as):
    from commissioning.accounts.models import User

    audit = open_as(None, who="First run")
    audit.visit(reverse("account_login"), label="the sign-in page of an empty platform")
    assert audit.path() == reverse("accounts:first_run")
    audit.submit("Set up the platform", label="first run, submitted empty")
    audit.check_error_summary()
    page = audit.page
    page.get_by_label("Council name").fill(settings.COUNCIL_NAME)
    page.get_by_label("Public Procurement Organisation Number (PPON)").fill("PQVM-1383-ZBXP")
    page.get_by_label("Localities").fill("DE1 Derby city centre\nDE22 Derby city centre\nDE3 Mickleover")
    page.get_by_label("Your first name").fill("Ada")
    page.get_by_label("Your last name").fill("Shaw")
    page.get_by_label("Your email address").fill("ada.shaw@example.gov.uk")
    page.get_by_label("Your username").fill("ada.shaw")
    page.get_by_label("Create a password").fill("kettle ladder orchard")
    page.get_by_label("Confirm password").fill("kettle ladder orchard")
    audit.submit("Set up the platform", label="the platform set up")
    assert audit.path() == reverse("account_login")
    assert User.objects.get().role == Role.ADMINISTRATOR

    page.get_by_label("Username").fill("ada.shaw")
    page.get_by_label("Password").fill("kettle ladder orchard")
    audit.submit("Sign in", label="the administrator's first sign-in")
    assert "/accounts/second-factor/" in audit.path(), "staff set up an authenticator app first"
    audit.visit(reverse("accounts:first_run"), status=404, label="the first-run page, once set up")
    audit.assert_clean()
