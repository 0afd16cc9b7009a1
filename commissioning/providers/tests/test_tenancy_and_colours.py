"""The register's querysets know whose records they hold, and its statuses know their own colours."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.urls import reverse
from rest_framework.test import APIRequestFactory

from commissioning.accounts.roles import Role
from commissioning.providers.api.serializers import ServiceSerializer
from commissioning.providers.choices import CouncilRag, CqcRating, ProviderStatus, ServiceStatus
from commissioning.providers.models import Provider, Service
from commissioning.providers.tests.factories import CeasedProviderFactory, ClosedServiceFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_a_provider_user_sees_only_its_own_organisation_and_its_services(provider_user, other_provider):
    own = ServiceFactory(provider=provider_user.provider)
    ServiceFactory(provider=other_provider)
    assert list(Provider.objects.for_user(provider_user)) == [provider_user.provider]
    assert list(Service.objects.for_user(provider_user)) == [own]
    assert not Service.objects.for_user(provider_user).filter(provider=other_provider).exists()


def test_council_staff_see_every_provider_and_service(broker, provider, other_provider):
    services = [ServiceFactory(provider=provider), ServiceFactory(provider=other_provider)]
    assert set(Provider.objects.for_user(broker)) == {provider, other_provider}
    assert set(Service.objects.for_user(broker)) == set(services)


def test_someone_signed_out_or_without_an_organisation_sees_nothing(make_user, provider):
    ServiceFactory(provider=provider)
    orphan = make_user(Role.PROVIDER_USER, provider=provider)
    orphan.provider = None
    for user in (AnonymousUser(), orphan):
        assert not Provider.objects.for_user(user).exists()
        assert not Service.objects.for_user(user).exists()


def test_the_api_offers_a_provider_user_no_other_organisation_to_attach_a_service_to(provider_user, other_provider):
    request = APIRequestFactory().get("/")
    request.user = provider_user
    field = ServiceSerializer(context={"request": request}).fields["provider"]
    assert list(field.get_queryset()) == [provider_user.provider]


def test_each_status_of_the_register_carries_its_own_tag_colour():
    assert [s.colour for s in ProviderStatus] == ["green", "grey", "red"]
    assert [s.colour for s in ServiceStatus] == ["green", "grey"]
    assert [r.colour for r in CouncilRag] == ["green", "orange", "red"]
    assert CqcRating.OUTSTANDING.colour == "purple" and CqcRating.REQUIRES_IMPROVEMENT.colour == "yellow"


def test_a_stored_rating_comes_back_as_its_own_choice_and_renders_in_that_choice_s_colour(db):
    service = ServiceFactory(council_rag=CouncilRag.AMBER)
    loaded = Service.objects.get(pk=service.pk)
    assert type(loaded.council_rag) is CouncilRag and type(loaded.status) is ServiceStatus
    html = Template("{% load govuk %}{% status_tag service.council_rag %}").render(Context({"service": loaded}))
    assert 'govuk-tag--orange">Amber<' in html


def test_a_ceased_provider_and_a_closed_service_show_their_own_tags(client_for, broker):
    provider = CeasedProviderFactory()
    closed = ClosedServiceFactory(provider=provider)
    client = client_for(broker)
    provider_page = client.get(reverse("providers:provider_detail", args=[provider.pk])).content.decode()
    service_page = client.get(closed.get_absolute_url()).content.decode()
    assert 'govuk-tag--red">Ceased trading<' in provider_page
    assert 'govuk-tag--grey">Closed<' in provider_page and 'govuk-tag--grey">Closed<' in service_page
