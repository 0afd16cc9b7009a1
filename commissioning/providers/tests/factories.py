import factory

from commissioning.providers.choices import CqcRating, ProviderStatus, ServiceStatus
from commissioning.providers.models import Locality, Provider, Service, ServiceType


class ProviderFactory(factory.django.DjangoModelFactory):
    """An active CQC-registered provider with a Companies House number and a main contact."""

    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Provider {n} Care")
    legal_name = factory.LazyAttribute(lambda p: f"{p.name} Ltd")
    companies_house_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    cqc_provider_id = factory.Sequence(lambda n: f"1-{100000000 + n}")
    contact_name = "Sam Contact"
    contact_email = factory.Sequence(lambda n: f"contact{n}@provider.example")


class ServiceFactory(factory.django.DjangoModelFactory):
    """A CQC-registered residential care home in central Derby, rated Good."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Service {n} House")
    cqc_location_id = factory.Sequence(lambda n: f"1-{200000000 + n}")
    address_line_1 = factory.Sequence(lambda n: f"{n} Friar Gate")
    town = "Derby"
    postcode = "DE1 1BX"
    latitude = "52.92250"
    longitude = "-1.48250"
    locality = factory.LazyFunction(lambda: Locality.objects.get(name="Central"))
    beds = 40
    cqc_rating = CqcRating.GOOD
    cqc_rating_date = "2025-06-01"

    @factory.post_generation
    def service_types(self, create, extracted, **kwargs):
        if create:
            self.service_types.set(extracted or [ServiceType.objects.get(code="care-home-standard")])


class CouncilOnlyServiceFactory(ServiceFactory):
    """A day opportunities service the council buys that CQC does not register."""

    cqc_location_id = None
    cqc_rating = ""
    cqc_rating_date = None
    beds = None

    @factory.post_generation
    def service_types(self, create, extracted, **kwargs):
        if create:
            self.service_types.set(extracted or [ServiceType.objects.get(code="day-opportunities")])


class ActiveProviderFactory(ProviderFactory):
    """A provider the council deals with today."""

    status = ProviderStatus.ACTIVE


class InactiveProviderFactory(ProviderFactory):
    """A provider the council has stopped dealing with for now."""

    status = ProviderStatus.INACTIVE


class CeasedProviderFactory(ProviderFactory):
    """A provider that has ceased trading."""

    status = ProviderStatus.CEASED


class ActiveServiceFactory(ServiceFactory):
    """A service open to placements."""

    status = ServiceStatus.ACTIVE


class ClosedServiceFactory(ServiceFactory):
    """A service that has closed (deregistered by CQC, or closed by its provider)."""

    status = ServiceStatus.CLOSED
