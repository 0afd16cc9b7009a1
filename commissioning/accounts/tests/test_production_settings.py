"""Production refuses weak keys, sends the security headers, and passes Django's deployment check."""
import os
import runpy
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

from commissioning.accounts.roles import Role

STRONG_KEY = secrets.token_urlsafe(64)
PRODUCTION_ENV = {"DJANGO_SECRET_KEY": STRONG_KEY, "SITE_URL": "https://care.example.gov.uk",
                  "DJANGO_ALLOWED_HOSTS": "care.example.gov.uk",
                  # Production runs on PostgreSQL; these checks read settings and never connect.
                  "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/commissioning"}


def _production(monkeypatch, **env):
    for name, value in {**PRODUCTION_ENV, **env}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_module("config.settings.production")


@pytest.mark.parametrize("key", [
    "", "x", "a" * 60, "abcde" * 12, settings.SECRET_KEY, "local-development-key-not-for-production-use-0123456789",
    "django-insecure-aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0zC-_bDfGhJkLmNpQrStVw", "Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0",
], ids=["missing", "one character", "one repeated character", "five characters repeated", "the test key",
        "the local key", "a generated insecure key", "30 characters"])
def test_production_refuses_to_start_with_a_weak_or_default_secret_key(monkeypatch, key):
    with pytest.raises(ImproperlyConfigured):
        _production(monkeypatch, DJANGO_SECRET_KEY=key)


def test_production_refuses_links_that_are_not_https(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        _production(monkeypatch, SITE_URL="http://care.example.gov.uk")


def test_production_starts_with_a_strong_key_and_strict_transport_settings(monkeypatch):
    values = _production(monkeypatch)
    assert values["DEBUG"] is False and values["SECRET_KEY"] == STRONG_KEY
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SECURE_SSL_REDIRECT"]


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True,
                   SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_every_response_carries_the_security_headers(client, make_user):
    make_user(Role.BROKER)  # a platform in use: an empty one sends the sign-in page to the first run
    response = client.get(reverse("account_login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.cookies["csrftoken"]["secure"]


@pytest.mark.django_db
def test_no_page_has_an_inline_script_or_style(client_for, administrator):
    client = client_for(administrator)
    for path in ["/", reverse("accounts:user_list"), reverse("accounts:audit_list"), reverse("mfa_index")]:
        page = client.get(path).content.decode()
        assert "<script>" not in page and "<script type=\"module\">" not in page and " style=" not in page, path


def test_the_deployment_check_passes_under_production_settings():
    # The browser tests' event-loop allowance must not leak into a deployment's environment.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**inherited, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    security = [line for line in output.splitlines() if "(security." in line or "(csp." in line
                or "(account" in line or "(mfa." in line or "(usersessions." in line]
    assert security == [], output
