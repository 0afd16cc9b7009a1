"""People, roles and integration tokens, as the administrator manages them."""
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.authtoken.models import Token

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_provider_user_signing_in_with_the_form_lands_on_the_home_page(client, make_user):
    make_user(Role.PROVIDER_USER, username="provider1")
    response = client.post(reverse("accounts:login"), {"login": "provider1", "password": "correct-horse-battery"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_provider_user_lands_on_its_portal(client_for, provider_user):
    response = client_for(provider_user).get("/")
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")


def test_signing_out_needs_a_post(client_for, broker):
    client = client_for(broker)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get("/").status_code == 302


def test_the_administrator_adds_a_provider_user(client_for, administrator, provider):
    response = client_for(administrator).post(reverse("accounts:user_create"), {
        "username": "sam.provider", "first_name": "Sam", "last_name": "Smith", "email": "sam@p.example",
        "job_title": "Registered manager", "role": Role.PROVIDER_USER, "market_area": "", "provider": provider.pk,
        "is_active": "on",
    })
    person = User.objects.get(username="sam.provider")
    assert response.status_code == 302
    assert person.provider == provider and not person.has_usable_password()
    assert person.invitations.count() == 1
    created = AuditEvent.objects.get(object_id=person.pk, content_type__model="user", action="created")
    assert created.actor == administrator


@pytest.mark.parametrize(("data", "message"), [
    ({"role": Role.PROVIDER_USER, "provider": ""}, "Select the provider organisation"),
    ({"role": Role.BROKER, "provider": "PROVIDER"}, "Only provider users belong to a provider organisation"),
    ({"role": Role.LEAD_COMMISSIONER, "market_area": ""}, "Select the market area"),
    ({"role": Role.BROKER, "market_area": "care_homes"}, "Only lead commissioners own a market area"),
    ({"role": "overlord"}, "Select a valid choice"),
])
def test_inconsistent_roles_are_refused(client_for, administrator, provider, data, message):
    base = {"username": "new.person", "first_name": "New", "last_name": "Person", "email": "n@p.example",
            "job_title": "", "role": Role.BROKER, "market_area": "", "provider": "", "is_active": "on"}
    base.update(data)
    if base["provider"] == "PROVIDER":
        base["provider"] = provider.pk
    response = client_for(administrator).post(reverse("accounts:user_create"), base)
    assert message in response.content.decode()
    assert not User.objects.filter(username="new.person").exists()


def test_the_database_refuses_a_provider_user_without_an_organisation(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x", role=Role.PROVIDER_USER)


def test_model_validation_names_the_field(db):
    with pytest.raises(ValidationError) as error:
        User(username="y", role=Role.LEAD_COMMISSIONER).full_clean()
    assert "market_area" in error.value.message_dict


def test_issuing_a_token_shows_it_once_and_revokes_the_old_one(client_for, administrator, broker):
    client = client_for(administrator)
    old = Token.objects.create(user=broker).key
    response = client.post(reverse("accounts:user_token", args=[broker.pk]))
    new = Token.objects.get(user=broker).key
    assert new != old and new in response.content.decode()
    assert new not in client.get(reverse("accounts:user_detail", args=[broker.pk])).content.decode()
    assert AuditEvent.objects.filter(object_id=broker.pk, action="token_issued").count() == 1


def test_no_token_for_a_disabled_person(client_for, administrator, broker):
    broker.is_active = False
    broker.save()
    client_for(administrator).post(reverse("accounts:user_token", args=[broker.pk]))
    assert not Token.objects.filter(user=broker).exists()
