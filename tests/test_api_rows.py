"""API lists read from a serializer's plan answer exactly what Django REST Framework's own list does."""
import pytest

from commissioning.accounts.roles import Role
from commissioning.core import api_rows
from tests.test_query_counts import API_LISTS, PROVIDER_API_LISTS, _grow

pytestmark = pytest.mark.django_db


def _bodies(client, paths):
    return {path: client.get(path).json() for path in paths}


@pytest.mark.parametrize("role", [Role.HEAD_OF_COMMISSIONING, Role.PROVIDER_USER])
def test_every_api_list_answers_the_same_json_as_the_serializer(client_for, make_user, provider, role, monkeypatch):
    user = make_user(role, provider=provider) if role == Role.PROVIDER_USER else make_user(role)
    client = client_for(user)
    paths = PROVIDER_API_LISTS if role == Role.PROVIDER_USER else API_LISTS
    _grow(3, provider)
    planned = _bodies(client, paths)
    assert all(body["results"] for body in planned.values()), "every list has rows to compare"
    monkeypatch.setattr(api_rows, "plan_for", lambda serializer_class: None)
    assert _bodies(client, paths) == planned


def test_a_serializer_with_a_method_field_inside_a_nested_one_keeps_the_frameworks_list():
    from rest_framework import serializers

    from commissioning.providers.models import Provider

    class Inner(serializers.Serializer):
        shout = serializers.SerializerMethodField()

        def get_shout(self, obj):
            return obj.upper()

    class Outer(serializers.ModelSerializer):
        inner = Inner(source="name")

        class Meta:
            model = Provider
            fields = ["id", "inner"]

    assert api_rows.plan_for(Outer) is None


def test_an_api_list_comes_compressed_to_a_client_that_asks_and_plain_to_one_that_does_not(client_for, make_user,
                                                                                           provider):
    import gzip
    import json

    client = client_for(make_user(Role.HEAD_OF_COMMISSIONING))
    _grow(3, provider)
    compressed = client.get("/api/v1/services/", HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get("/api/v1/services/", HTTP_ACCEPT_ENCODING="identity")
    assert compressed["Content-Encoding"] == "gzip" and "Accept-Encoding" in compressed["Vary"]
    assert not plain.has_header("Content-Encoding")
    assert json.loads(gzip.decompress(compressed.content)) == plain.json()
    assert len(compressed.content) < len(plain.content)


def test_pages_of_the_same_length_read_their_own_many_to_many_codes(client_for, make_user, provider, monkeypatch):
    """The SQL of a many-to-many field's query is kept per number of rows and reused with other ids."""
    client = client_for(make_user(Role.HEAD_OF_COMMISSIONING))
    _grow(3, provider)
    pages = [f"/api/v1/services/?limit=2&offset={offset}" for offset in (0, 2, 4)]
    planned = _bodies(client, pages)
    assert len({str(body["results"]) for body in planned.values()}) == 3
    monkeypatch.setattr(api_rows, "plan_for", lambda serializer_class: None)
    assert _bodies(client, pages) == planned
