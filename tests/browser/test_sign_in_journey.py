"""Signing in with a second factor, and the idle-session warning, in a real browser."""
import pytest
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


def test_the_pages_for_a_forgotten_password_pass_axe(open_as):
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
