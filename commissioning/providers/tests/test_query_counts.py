"""List pages do a fixed number of queries however many rows they show (no query per row)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("name", ["providers:provider_list", "providers:service_list"])
def test_list_pages_do_not_query_per_row(client_for, broker, name):
    client = client_for(broker)
    url = reverse(name)
    ServiceFactory.create_batch(2)
    client.get(url)  # warms the content-type cache
    few = _queries(client, url)
    ServiceFactory.create_batch(20)
    assert _queries(client, url) == few


def test_provider_page_does_not_query_per_service(client_for, broker):
    provider = ProviderFactory()
    client = client_for(broker)
    ServiceFactory.create_batch(2, provider=provider)
    client.get(provider.get_absolute_url())  # warms the content-type cache
    few = _queries(client, provider.get_absolute_url())
    ServiceFactory.create_batch(15, provider=provider)
    assert _queries(client, provider.get_absolute_url()) == few
