"""Fixtures every test may use: a person of each role, and a client signed in as them; the small
care market of brokerage (lists, members, requests) for every app that builds on it.

`client.force_login(user)` signs in as if the person had also passed their second factor, so
the hundreds of tests about pages need not walk through the sign-in pages. Tests of signing in
itself mark themselves `real_second_factor` and go through the password and code pages."""
import contextlib

import pytest
from django.test import Client

from commissioning.accounts.roles import MarketArea, Role
from commissioning.accounts.tests.factories import UserFactory
from commissioning.core.second_factor import mark_second_factor_passed
from commissioning.providers.tests.factories import ProviderFactory

pytest_plugins = ["commissioning.brokerage.tests.fixtures"]


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "real_second_factor: force_login does not count as passing the second factor")


# The journeys through a real browser take minutes each, the rest of the suite milliseconds a test.
# Run the longest first: the workers (pytest-xdist) take the collection in order and steal from each
# other's tail, so a long journey started last would leave one core idle while it finished.
LONGEST_FIRST = ("tests/browser/test_go_live.py", "tests/browser/test_approved_lists_journey.py", "tests/browser/",
                 "commissioning/procurement/tests/test_migrations.py", "commissioning/quality/tests/test_migrations.py",
                 "tests/test_links_and_words.py", "tests/test_api_fuzz.py")


def reload_what_the_migrations_make(**kwargs) -> None:
    """The reference data the data migrations make (service types, localities, the audit framework,
    the timetable template, the strategy's delivery plan), loaded again: idempotent."""
    import importlib

    from django.apps import apps

    importlib.import_module("commissioning.accounts.migrations.0004_markets").load(apps, None)
    importlib.import_module("commissioning.accounts.migrations.0005_market_meeting_frequency").load(apps, None)
    importlib.import_module("commissioning.providers.migrations.0002_reference_data").load(apps, None)
    importlib.import_module("commissioning.providers.migrations.0008_unregulated_service_types").add(apps, None)
    importlib.import_module("commissioning.quality.migrations.0002_default_framework").load(apps, None)
    if not apps.get_model("planning", "Template").objects.exists():
        importlib.import_module("commissioning.planning.migrations.0002_neighbourhood_networks_template").forwards(
            apps, None)
    importlib.import_module("commissioning.planning.migrations.0005_strategy_delivery_plan").forwards(apps, None)


def _after_flush(sender, **kwargs):
    """A transactional test (the browser journeys, the migration round trips) empties the database
    when it ends, and Django then sends post_migrate: put back what the migrations made, so a test
    that runs after it on the same worker finds the database as migrated, whatever the order."""
    from django.db import connection

    needed = {"accounts_market", "providers_servicetype", "quality_framework", "planning_template", "planning_aim"}
    # A migration test taking the schema back sends post_migrate too: then there is nothing to restore.
    if sender.label == "planning" and needed <= set(connection.introspection.table_names()):
        reload_what_the_migrations_make()


def pytest_collection_modifyitems(session, config, items):
    def rank(item):
        path = item.nodeid.split("::")[0]
        return next((i for i, prefix in enumerate(LONGEST_FIRST) if path.startswith(prefix)), len(LONGEST_FIRST))

    items.sort(key=rank)
    from django.db.models.signals import post_migrate

    post_migrate.connect(_after_flush, dispatch_uid="tests-reload-what-the-migrations-make")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """The test database, migrated once per worker; on SQLite also copied, as the migrations left it and
    before any test runs, to a file for the tests that start real processes (`migrated_database_file`)."""
    import sqlite3

    from django.db import connection

    if connection.vendor == "sqlite":
        copy = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
        with django_db_blocker.unblock():
            connection.ensure_connection()
            with contextlib.closing(sqlite3.connect(copy)) as target:
                connection.connection.backup(target)
        _migrated_copy.append(copy)
    return django_db_setup


_migrated_copy: list = []


@pytest.fixture
def migrated_database_file(django_db_setup):
    """A SQLite file with every migration applied, to copy for a test that runs `manage.py` processes on
    a database file: this worker's test database as the migrations made it, so the migrations run once per
    worker and not again in each such test (a subprocess's own `migrate` took half a minute). None when
    the tests run on PostgreSQL: such a test then migrates its file itself."""
    return _migrated_copy[0] if _migrated_copy else None


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(request, monkeypatch):
    """Make `force_login` stand for a complete sign-in (password and second factor)."""
    if request.node.get_closest_marker("real_second_factor"):
        return
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        mark_second_factor_passed(session)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


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
        if role == Role.LEAD_COMMISSIONER and "market_area" not in kwargs and "market_area_id" not in kwargs:
            kwargs["market_area_id"] = MarketArea.CARE_HOMES
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


@pytest.fixture
def reference_data_reloaded(transactional_db):
    """A transactional test empties the database when it ends, so a later one loads the register's
    reference data (service types, localities, the default audit framework) again before it starts."""
    reload_what_the_migrations_make()
