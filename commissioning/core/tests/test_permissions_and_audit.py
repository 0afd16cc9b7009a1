"""Deny by default and the append-only audit trail."""
import pytest
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path
from rest_framework.authtoken.models import Token

from commissioning.accounts.roles import Role
from commissioning.core.audit import audit_record
from commissioning.core.models import AuditEvent
from commissioning.core.permissions import allow_roles
from config import urls as project_urls


def undeclared(request):
    return HttpResponse("secret")


@allow_roles(Role.BROKER)
def brokers_only(request):
    return HttpResponse("ok")


urlpatterns = [
    path("undeclared/", undeclared),
    path("brokers/", brokers_only),
    *project_urls.urlpatterns,
]
handler403 = project_urls.handler403


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_view_that_declares_no_roles_is_refused_to_everyone(client_for, make_user):
    for role in (Role.ADMINISTRATOR, Role.HEAD_OF_COMMISSIONING, Role.BROKER):
        assert client_for(make_user(role)).get("/undeclared/").status_code == 403


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_declared_view_admits_only_its_roles(client_for, make_user):
    assert client_for(make_user(Role.BROKER)).get("/brokers/").status_code == 200
    assert client_for(make_user(Role.SOCIAL_WORKER)).get("/brokers/").status_code == 403


def test_declaring_an_unknown_role_fails_at_import_time():
    with pytest.raises(ValueError, match="Unknown roles"):
        allow_roles("superhero")


@pytest.mark.django_db
def test_audit_events_cannot_be_edited(broker):
    event = audit_record(actor=broker, action=AuditEvent.Action.UPDATED, obj=broker, changes={"x": [1, 2]})
    event.note = "tampered"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    assert event.actor_label == str(broker)


@pytest.mark.django_db
def test_the_token_command_prints_a_working_token(capsys, broker):
    call_command("issue_api_token", broker.username)
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user=broker).key == key
    assert AuditEvent.objects.get(action="token_issued").source == "command"


@pytest.mark.django_db
def test_the_token_command_refuses_an_unknown_person():
    with pytest.raises(CommandError, match="No person"):
        call_command("issue_api_token", "nobody")


def test_the_health_check_is_public(client, db):
    response = client.get("/health/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_only_the_most_specific_menu_item_is_current(client_for, broker):
    response = client_for(broker).get("/providers/services/")
    active = [item["label"] for item in response.context["nav_items"] if item["active"]]
    assert active == ["Services"]
