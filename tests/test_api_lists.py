"""The API lists' filter backend answers exactly what django-filter's backend does, with less work
(ADR 0024): no FilterSet when the request names no filter."""
import pytest
from django_filters.rest_framework import DjangoFilterBackend

from commissioning.accounts.roles import Role
from commissioning.core import api_lists
from tests.test_query_counts import API_LISTS, _grow

pytestmark = pytest.mark.django_db

QUERIES = ["", "?limit=2", "?limit=2&offset=2", "?limit=3&offset=1", "?offset=1000", "?limit=1000",
           "?status=", "?status=active", "?status=no-such-status", "?q=", "?q=zzz-nothing", "?locality=999999",
           "?cqc_rating=good&limit=1", "?provider=not-a-number"]


def _answers(client, paths):
    return {path + query: (response.status_code, response.json()) for path in paths for query in QUERIES
            for response in [client.get(path + query)]}


def test_every_api_list_answers_as_the_frameworks_filters_do(client_for, make_user, provider,
                                                                             monkeypatch):
    client = client_for(make_user(Role.HEAD_OF_COMMISSIONING))
    _grow(3, provider)
    ours = _answers(client, API_LISTS)
    assert any(status == 400 for status, _ in ours.values()), "an invalid filter is still refused"
    monkeypatch.setattr(api_lists.FilterBackend, "filter_queryset", DjangoFilterBackend.filter_queryset)
    assert _answers(client, API_LISTS) == ours

