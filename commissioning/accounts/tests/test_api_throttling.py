"""The API slows down token guessing from one address, and clients that send too many requests."""
import secrets

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from commissioning.accounts.roles import Role

pytestmark = pytest.mark.django_db
URL = "/api/v1/providers/"


def test_fifty_random_tokens_from_one_address_are_answered_429_after_the_limit(make_user):
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [client.get(URL, HTTP_AUTHORIZATION=f"Token {secrets.token_hex(20)}").status_code for _ in range(50)]
    assert statuses[:20] == [401] * 20
    assert set(statuses[20:]) == {429}
    real = Token.objects.create(user=make_user(Role.BROKER))
    locked = client.get(URL, HTTP_AUTHORIZATION=f"Token {real.key}")
    assert locked.status_code == 429 and "Retry-After" in locked


def test_wrong_tokens_from_one_address_do_not_lock_out_another(make_user):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(25):
        attacker.get(URL, HTTP_AUTHORIZATION=f"Token {secrets.token_hex(20)}")
    real = Token.objects.create(user=make_user(Role.BROKER))
    assert Client(REMOTE_ADDR="198.51.100.2").get(URL, HTTP_AUTHORIZATION=f"Token {real.key}").status_code == 200


def test_a_heavy_client_is_throttled_by_the_user_rate(make_user, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "user": "5/minute"})
    token = Token.objects.create(user=make_user(Role.BROKER))
    client = Client()
    statuses = [client.get(URL, HTTP_AUTHORIZATION=f"Token {token.key}").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2


def test_anonymous_callers_are_throttled_by_the_anonymous_rate(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "anon": "3/minute"})
    client = Client()
    statuses = [client.get("/api/v1/schema/").status_code for _ in range(5)]
    assert statuses[3:] == [429, 429]


def test_the_rates_are_set_in_rest_framework_settings(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert {"anon", "user", "failed_token"} <= set(rates)
