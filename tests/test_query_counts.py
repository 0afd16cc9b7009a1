"""Every list page and API list makes as many queries at ten times the rows as at one: no query per
row (ADR 0024, "Pages and API"). Each kind of record grows from one to ten, half of them the
provider user's own, and each page is counted for a role that may open it."""
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commissioning.accounts.roles import Role
from commissioning.brokerage.tests.factories import (
    AgreementAcceptedFactory,
    CareRequestFactory,
    CompetitionClosedFactory,
    OfferSubmittedFactory,
)
from commissioning.finance.tests.factories import InvoiceFactory
from commissioning.procurement.tests.factories import MembershipFactory, OpenListFactory, SubmittedApplicationFactory
from commissioning.providers.tests.factories import ServiceFactory
from commissioning.quality.tests.factories import AuditFactory

pytestmark = pytest.mark.django_db

API_LISTS = ["/api/v1/services/", "/api/v1/providers/", "/api/v1/lists/", "/api/v1/applications/",
             "/api/v1/memberships/", "/api/v1/care-requests/", "/api/v1/competitions/", "/api/v1/offers/",
             "/api/v1/agreements/"]
PROVIDER_API_LISTS = ["/api/v1/services/", "/api/v1/providers/", "/api/v1/lists/", "/api/v1/applications/",
                      "/api/v1/memberships/", "/api/v1/competitions/", "/api/v1/offers/", "/api/v1/agreements/"]
PAGES = [  # (role, path)
    (Role.HEAD_OF_COMMISSIONING, "/providers/"), (Role.HEAD_OF_COMMISSIONING, "/providers/services/"),
    (Role.BROKER, "/brokerage/"), (Role.QUALITY_OFFICER, "/quality/"), (Role.FINANCE_OFFICER, "/finance/spend/"),
    *[(role, "/") for role in (Role.HEAD_OF_COMMISSIONING, Role.LEAD_COMMISSIONER, Role.PROCUREMENT_OFFICER,
                               Role.EVALUATOR, Role.BROKER, Role.SOCIAL_WORKER, Role.QUALITY_OFFICER,
                               Role.FINANCE_OFFICER, Role.ADMINISTRATOR)],
]


def _grow(count: int, provider) -> None:
    """`count` more of each kind of record, every other one (the first among them) belonging to `provider`."""
    for i in range(count):
        own = {"provider": provider} if i % 2 == 0 else {}
        ServiceFactory(**own)
        CareRequestFactory()
        competition = CompetitionClosedFactory()  # council staff see offers once a competition has closed
        OfferSubmittedFactory(**({"invite__provider": provider} if i % 2 == 0 else {}),
                              invite__competition=competition)
        AgreementAcceptedFactory(**own)
        approved_list = OpenListFactory()
        SubmittedApplicationFactory(approved_list=approved_list, **own)
        MembershipFactory(lot=approved_list.lots.first(), **own)
        AuditFactory(service=ServiceFactory(**own))
        InvoiceFactory(**own)


def signed_in(user) -> Client:
    """A client of its own, signed in as `user` (several people at once in one test)."""
    client = Client()
    client.force_login(user)
    return client


def _counts(client, paths) -> dict[str, int]:
    found = {}
    for path in paths:
        client.get(path)  # the session's first request records when it was seen
        cache.clear()  # a full database cache culls itself on a write: not the page's queries
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        found[path] = len(queries)
    return found


def _grown_counts(make_user, provider, council_paths, provider_paths):
    council = signed_in(make_user(Role.HEAD_OF_COMMISSIONING))
    theirs = signed_in(make_user(Role.PROVIDER_USER, provider=provider))
    _grow(1, provider)
    before = _counts(council, council_paths), _counts(theirs, provider_paths)
    _grow(9, provider)
    assert council.get("/api/v1/services/").json()["count"] >= 20
    return before, (_counts(council, council_paths), _counts(theirs, provider_paths))


def test_api_lists_make_as_many_queries_at_ten_times_the_rows(make_user, provider):
    before, after = _grown_counts(make_user, provider, API_LISTS, PROVIDER_API_LISTS)
    assert after == before


def test_list_pages_and_home_pages_make_as_many_queries_at_ten_times_the_rows(make_user, provider):
    clients = {role: signed_in(make_user(role)) for role in {role for role, _ in PAGES}}
    portal = signed_in(make_user(Role.PROVIDER_USER, provider=provider))

    def counts():
        found = {f"{role} {path}": n for role, path in PAGES for n in _counts(clients[role], [path]).values()}
        found["portal"] = _counts(portal, ["/portal/"])["/portal/"]
        return found

    _grow(1, provider)
    before = counts()
    _grow(9, provider)
    assert counts() == before
