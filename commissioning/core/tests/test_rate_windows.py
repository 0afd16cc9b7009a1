"""The API's rate limits count in one row per client, one query a request, and hold across processes
(ADR 0024, "Rate limits in one query, and filters only when named"): each gunicorn worker has its
own database connection, as each thread here has."""
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from commissioning.accounts.roles import Role
from commissioning.core.models_rates import RateWindow
from commissioning.core.tasks import forget_ended_rate_windows
from commissioning.core.throttling import WindowRateThrottle, rate_window_add

URL = "/api/v1/providers/"


@pytest.fixture
def clock(monkeypatch):
    """The throttles' time, moved by the test: starts two seconds into a minute (and an hour)."""
    now = [1_800_000_000.0 + 2]
    monkeypatch.setattr(WindowRateThrottle, "timer", staticmethod(lambda: now[0]))
    return now


@pytest.fixture
def five_a_minute(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "user": "5/minute"})


@pytest.mark.django_db
def test_the_limit_holds_for_the_minute_then_starts_again(make_user, clock, five_a_minute):
    token = Token.objects.create(user=make_user(Role.BROKER))
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    statuses = [client.get(URL).status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    clock[0] += 30
    refused = client.get(URL)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "28"  # the seconds to the end of the minute
    clock[0] += 28
    assert [client.get(URL).status_code for _ in range(6)] == [200] * 5 + [429]


@pytest.mark.django_db
def test_one_person_at_the_limit_does_not_hold_up_another(make_user, clock, five_a_minute):
    heavy = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=make_user(Role.BROKER)).key}")
    other = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=make_user(Role.BROKER)).key}")
    for _ in range(6):
        heavy.get(URL)
    assert heavy.get(URL).status_code == 429
    assert other.get(URL).status_code == 200


@pytest.mark.django_db
def test_the_limit_costs_one_query_a_request(make_user, clock):
    client = Client()
    client.force_login(make_user(Role.BROKER))
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    counted = [q["sql"] for q in queries if RateWindow._meta.db_table in q["sql"]]
    assert len(counted) == 1 and counted[0].lstrip().startswith("INSERT")
    assert not [q["sql"] for q in queries if "cache_table" in q["sql"]]
    token = Token.objects.create(user=make_user(Role.BROKER)).key
    with CaptureQueriesContext(connection) as queries:  # a token also reads its address's wrong tokens
        Client(HTTP_AUTHORIZATION=f"Token {token}").get(URL)
    counted = [q["sql"].lstrip()[:6] for q in queries if RateWindow._meta.db_table in q["sql"]]
    assert counted == ["SELECT", "INSERT"]


@pytest.mark.django_db(transaction=True)
def test_the_limit_holds_across_two_connections(make_user, clock, five_a_minute):
    token = Token.objects.create(user=make_user(Role.BROKER))
    statuses = []

    def one_request():  # a thread of its own: its own database connection, as another worker's
        try:
            statuses.append(Client(HTTP_AUTHORIZATION=f"Token {token.key}").get(URL).status_code)
        finally:
            connections.close_all()

    for _ in range(7):
        thread = threading.Thread(target=one_request)
        thread.start()
        thread.join()
    assert statuses == [200] * 5 + [429] * 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_connections_counting_at_once_lose_no_request():
    counts, start = [], threading.Barrier(2)

    def count_twenty():
        try:
            start.wait()
            counts.extend(rate_window_add("throttle_user_test", 60, 120)[0] for _ in range(20))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count_twenty) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 41))


@pytest.mark.django_db
def test_ended_windows_are_forgotten_by_the_nightly_task(clock):
    rate_window_add("throttle_user_1", 60, 120)
    rate_window_add("throttle_user_2", 1_800_000_000, 1_800_000_060)
    assert rate_window_add("throttle_user_1", 120, 180) == (1, 180)  # a later window starts at one
    assert rate_window_add("throttle_user_1", 60, 120) == (2, 180)  # a late clock counts in the row's window
    assert forget_ended_rate_windows.call() == 1
    assert list(RateWindow.objects.values_list("key", flat=True)) == ["throttle_user_2"]
