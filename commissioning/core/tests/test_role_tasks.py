"""Every council role's home page opens with a sentence saying what that person does here."""
import pytest
from django.urls import reverse

from commissioning.accounts.roles import COUNCIL_ROLES
from commissioning.core.views import ROLE_TASKS


def test_every_council_role_has_a_sentence_about_its_job():
    assert set(ROLE_TASKS) == set(COUNCIL_ROLES)
    assert all(text.endswith(".") and len(text) > 60 for text in ROLE_TASKS.values())


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(COUNCIL_ROLES))
def test_the_home_page_says_what_the_role_does(client, make_user, role):
    client.force_login(make_user(role))
    page = client.get(reverse("core:home")).content.decode()
    assert ROLE_TASKS[role].split(":")[0].replace("'", "&#x27;") in page
