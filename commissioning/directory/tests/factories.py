"""Listings in known places: a community listing in central Derby, and helpers for care listings,
which the register makes (a ServiceFactory service gets its listing when it is saved)."""
import factory
from django.utils import timezone

from ..choices import ListingKind
from ..models import Listing


class CommunityListingFactory(factory.django.DjangoModelFactory):
    """A published, checked community service at the Council House, Derby (DE1 2FS)."""

    class Meta:
        model = Listing

    kind = ListingKind.COMMUNITY
    name = factory.Sequence(lambda n: f"Community group {n}")
    organisation_name = factory.Sequence(lambda n: f"Derby Voluntary Group {n}")
    description = "A weekly lunch club and befriending for older people."
    address_line_1 = "Corporation Street"
    town = "Derby"
    postcode = "DE1 2FS"
    latitude = 52.92321
    longitude = -1.47399
    service_type_codes = "|day-opportunities|"
    client_group_codes = ""
    owner_email = factory.Sequence(lambda n: f"group{n}@community.example")
    verified_on = factory.LazyFunction(timezone.localdate)
