"""Idle sessions end; signing out everywhere and deactivation end every session and token at once."""
import time

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from commissioning.accounts.roles import Role
from commissioning.core.models import AuditEvent
from commissioning.core.sessions import LAST_SEEN_SESSION_KEY

pytestmark = pytest.mark.django_db


def _api(token):
    return Client().get("/api/v1/providers/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code


def test_a_session_idle_for_longer_than_the_timeout_is_signed_out_with_a_message(client_for, broker, settings):
    client = client_for(broker)
    assert client.get("/").status_code == 200
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = time.time() - settings.SESSION_IDLE_TIMEOUT_MINUTES * 60 - 5
    session.save()
    response = client.get(reverse("brokerage:queue"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("account_login"))
    assert "You were signed out because you had not used the service for 30 minutes" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_session_used_within_the_timeout_stays_open(client_for, broker, settings):
    client = client_for(broker)
    client.get("/")
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = time.time() - settings.SESSION_IDLE_TIMEOUT_MINUTES * 60 + 60
    session.save()
    assert client.get("/").status_code == 200


def test_pages_carry_the_timeout_for_the_warning_script_and_no_inline_script(client_for, broker):
    page = client_for(broker).get("/").content.decode()
    assert 'data-session-timeout-seconds="1800"' in page and "accounts/session-timeout.js" in page
    assert '<template id="session-timeout-warning">' in page
    assert "<script>" not in page and "<script type=\"module\">" not in page


def test_keep_alive_answers_no_content(client_for, broker):
    assert client_for(broker).get(reverse("accounts:keep_alive")).status_code == 204


def test_sign_out_everywhere_ends_every_session_and_the_api_token(make_user):
    broker = make_user(Role.BROKER)
    laptop, phone = Client(), Client()
    laptop.force_login(broker)
    phone.force_login(broker)
    token = Token.objects.create(user=broker)
    assert phone.get("/").status_code == 200 and _api(token) == 200

    response = laptop.post(reverse("accounts:sign_out_everywhere"))
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 302
    assert _api(token) == 401
    assert AuditEvent.objects.filter(object_id=broker.pk, action=AuditEvent.Action.SIGNED_OUT_EVERYWHERE).exists()


def test_sign_out_everywhere_needs_a_post(client_for, broker):
    assert client_for(broker).get(reverse("accounts:sign_out_everywhere")).status_code == 405


def test_deactivating_a_person_ends_their_sessions_and_token_at_once(client_for, administrator, make_user):
    broker = make_user(Role.BROKER)
    theirs = Client()
    theirs.force_login(broker)
    token = Token.objects.create(user=broker)
    assert theirs.get("/").status_code == 200 and _api(token) == 200

    response = client_for(administrator).post(reverse("accounts:user_deactivate", args=[broker.pk]),
                                              {"reason": "Left the council"})
    assert response.status_code == 302
    assert theirs.get("/").status_code == 302
    assert _api(token) == 401
    event = AuditEvent.objects.get(object_id=broker.pk, action=AuditEvent.Action.DEACTIVATED)
    assert event.actor == administrator and event.note == "Left the council"


def test_a_deactivated_account_whose_sessions_were_not_tracked_still_cannot_use_them(make_user):
    broker = make_user(Role.BROKER)
    theirs = Client()
    theirs.force_login(broker)
    token = Token.objects.create(user=broker)
    type(broker).objects.filter(pk=broker.pk).update(is_active=False)
    assert theirs.get("/").status_code == 302
    assert _api(token) == 401


def test_a_reactivated_person_can_sign_in_again(client_for, administrator, make_user):
    broker = make_user(Role.BROKER, username="broker1", is_active=False)
    client_for(administrator).post(reverse("accounts:user_reactivate", args=[broker.pk]))
    broker.refresh_from_db()
    assert broker.is_active
    assert AuditEvent.objects.filter(object_id=broker.pk, action=AuditEvent.Action.REACTIVATED).exists()
    response = Client().post(reverse("account_login"), {"login": "broker1", "password": "correct-horse-battery"})
    assert response.status_code == 302


def test_an_administrator_cannot_deactivate_themselves(client_for, administrator):
    client_for(administrator).post(reverse("accounts:user_deactivate", args=[administrator.pk]))
    administrator.refresh_from_db()
    assert administrator.is_active


def test_how_you_sign_in_shows_the_app_and_unused_recovery_codes(client_for, broker):
    from .helpers import with_authenticator

    with_authenticator(broker)
    page = client_for(broker).get(reverse("mfa_index")).content.decode()
    assert "Authenticator app" in page and "Set up" in page and "10 of 10 unused" in page
    assert reverse("accounts:sign_out_everywhere") in page


def _session_writes(client, path="/"):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def test_pages_seen_within_a_minute_do_not_write_the_session_again(client_for, broker):
    client = client_for(broker)
    client.get("/")
    assert _session_writes(client) == []
    assert _session_writes(client, reverse("brokerage:queue")) == []


def test_a_page_seen_a_minute_after_the_recorded_time_records_the_new_time(client_for, broker):
    client = client_for(broker)
    client.get("/")
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = time.time() - 61
    session.save()
    assert len(_session_writes(client)) == 1
    assert time.time() - client.session[LAST_SEEN_SESSION_KEY] < 5
