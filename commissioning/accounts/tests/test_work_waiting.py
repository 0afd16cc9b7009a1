"""An administrator's home page lists invitations nobody has accepted and locked-out accounts."""
import pytest
from django.urls import reverse

from commissioning.accounts import services
from commissioning.accounts.roles import Role
from commissioning.accounts.work import work_for
from commissioning.core.audit import Action, audit_record


@pytest.mark.django_db
def test_an_administrator_sees_invitations_not_accepted_and_locked_out_accounts(client, make_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    admin = make_user(Role.ADMINISTRATOR)
    waiting, accepted, locked = make_user(Role.BROKER), make_user(Role.BROKER), make_user(Role.FINANCE_OFFICER)
    services.user_invite(user=waiting, by=admin)
    services.user_invite(user=waiting, by=admin)  # sent again: still one person waiting
    invitation = services.user_invite(user=accepted, by=admin)
    services.invitation_accept(invitation=invitation, password="kettle ladder orchard")
    audit_record(actor=None, action=Action.LOCKED_OUT, obj=locked, note="Sign-in refused")

    work = {item.text: item for item in work_for(admin)}

    assert work["Invitation not yet accepted"].count == 1
    assert work["Account locked out after failed sign-ins"].count == 1
    client.force_login(admin)
    page = client.get(reverse("core:home")).content.decode()
    assert "Invitation not yet accepted" in page
    for item in work.values():
        assert client.get(item.url).status_code == 200
    assert str(locked) in client.get(work["Account locked out after failed sign-ins"].url).content.decode()


@pytest.mark.django_db
def test_nobody_else_sees_the_administrators_work(make_user):
    assert work_for(make_user(Role.QUALITY_OFFICER)) == []
