"""A lot's form offers only the service types and localities in use; a lot that already buys a type
or covers a locality since retired keeps it and still saves."""
import pytest

from commissioning.procurement.forms import LotForm
from commissioning.providers.models import Locality, ServiceType

from .factories import LotFactory

pytestmark = pytest.mark.django_db


def _data(lot, **changes):
    return {"number": lot.number, "title": lot.title, "description": "", "tier": "",
            "service_types": [t.pk for t in lot.service_types.all()],
            "localities": [loc.pk for loc in lot.localities.all()] or [Locality.objects.first().pk], **changes}


def test_a_lot_is_not_offered_a_retired_service_type_or_locality_and_is_told_so():
    lot = LotFactory()
    retired_place, covered = Locality.objects.all()[:2]
    lot.localities.set([covered])
    retired_type = ServiceType.objects.exclude(lots=lot).first()
    ServiceType.objects.filter(pk=retired_type.pk).update(retired=True)
    Locality.objects.filter(pk=retired_place.pk).update(retired=True)
    form = LotForm(_data(lot, service_types=[retired_type.pk], localities=[retired_place.pk]), instance=lot)
    assert retired_type not in form.fields["service_types"].queryset
    assert retired_place not in form.fields["localities"].queryset
    assert not form.is_valid()
    assert form.errors["service_types"] == ["Choose service types in use: one you chose has been retired"]
    assert form.errors["localities"] == ["Choose localities in use: one you chose has been retired"]


def test_a_lot_that_buys_a_type_since_retired_keeps_it_and_saves():
    lot = LotFactory()
    lot.localities.set([Locality.objects.first()])
    kept_type, kept_place = lot.service_types.get(), lot.localities.get()
    ServiceType.objects.filter(pk=kept_type.pk).update(retired=True)
    Locality.objects.filter(pk=kept_place.pk).update(retired=True)
    form = LotForm(_data(lot, title="Care homes, renamed"), instance=lot)
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.title == "Care homes, renamed"
    assert list(saved.service_types.all()) == [kept_type] and list(saved.localities.all()) == [kept_place]
