"""Fixtures every test may use: a person of each role, and a client signed in as them; the small
care market of brokerage (lists, members, requests) for every app that builds on it."""
import pytest

from commissioning.accounts.roles import MarketArea, Role
from commissioning.accounts.tests.factories import UserFactory
from commissioning.providers.tests.factories import ProviderFactory

pytest_plugins = ["commissioning.brokerage.tests.fixtures"]


@pytest.fixture
def provider(db):
    return ProviderFactory()


@pytest.fixture
def other_provider(db):
    return ProviderFactory()


@pytest.fixture
def make_user(db):
    def make(role: str, **kwargs):
        if role == Role.PROVIDER_USER and "provider" not in kwargs:
            kwargs["provider"] = ProviderFactory()
        if role == Role.LEAD_COMMISSIONER and "market_area" not in kwargs:
            kwargs["market_area"] = MarketArea.CARE_HOMES
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def administrator(make_user):
    return make_user(Role.ADMINISTRATOR)


@pytest.fixture
def commissioner(make_user):
    return make_user(Role.LEAD_COMMISSIONER)


@pytest.fixture
def quality_officer(make_user):
    return make_user(Role.QUALITY_OFFICER)


@pytest.fixture
def broker(make_user):
    return make_user(Role.BROKER)


@pytest.fixture
def provider_user(make_user, provider):
    return make_user(Role.PROVIDER_USER, provider=provider)


@pytest.fixture
def other_provider_user(make_user, other_provider):
    return make_user(Role.PROVIDER_USER, provider=other_provider)


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user."""
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
