"""The council keeps its service types, client groups and specialisms on pages, with history."""
import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.core.models import AuditEvent
from commissioning.providers.models import ClientGroup, Locality, ServiceType, Specialism
from commissioning.providers.tests.factories import ServiceFactory


@pytest.fixture
def officer_client(client, make_user):
    officer = make_user(Role.PROCUREMENT_OFFICER)
    client.force_login(officer)
    client.officer = officer
    return client


@pytest.mark.django_db
def test_the_unregulated_service_types_are_there_from_the_start():
    unregulated = dict(ServiceType.objects.filter(regulated=False).values_list("code", "name"))
    assert unregulated["accommodation-only"] == "Accommodation only"
    assert unregulated["supported-housing"] == "Supported housing"
    assert unregulated["technology-enabled-care"] == "Technology-enabled care"


@pytest.mark.django_db
def test_an_officer_adds_renames_and_retires_a_service_type_and_the_history_shows_who(officer_client):
    added = officer_client.post(reverse("providers:reference_create", args=["service-types"]), {
        "name": "Shared Lives", "market_area": "specialist", "capacity_unit": "places", "order": "20"})
    assert added.status_code == 302
    shared = ServiceType.objects.get(name="Shared Lives")
    assert (shared.code, shared.regulated) == ("shared-lives", False)

    officer_client.post(reverse("providers:reference_edit", args=["service-types", shared.pk]), {
        "name": "Shared Lives schemes", "market_area": "specialist", "capacity_unit": "places", "order": "20"})
    officer_client.post(reverse("providers:reference_retire", args=["service-types", shared.pk]), {"retired": "yes"})

    shared.refresh_from_db()
    assert (shared.name, shared.code, shared.retired) == ("Shared Lives schemes", "shared-lives", True)
    events = AuditEvent.objects.filter(object_id=shared.pk, content_type__model="servicetype").order_by("at", "id")
    assert [e.action for e in events] == ["created", "updated", "updated"]
    assert all(e.actor == officer_client.officer for e in events)
    assert events[1].changes["Name"] == ["Shared Lives", "Shared Lives schemes"]
    assert events[2].changes == {"Retired": ["No", "Yes"]}
    page = officer_client.get(reverse("providers:reference_edit", args=["service-types", shared.pk]))
    content = page.content.decode()
    assert "History" in content and "Shared Lives schemes" in content and "Bring back into use" in content


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "model"), [("client-groups", ClientGroup), ("specialisms", Specialism)])
def test_client_groups_and_specialisms_are_added_and_renamed_with_history(officer_client, kind, model):
    officer_client.post(reverse("providers:reference_create", args=[kind]), {"name": "Young carers"})
    item = model.objects.get(name="Young carers")
    officer_client.post(reverse("providers:reference_edit", args=[kind, item.pk]), {"name": "Young adult carers"})
    item.refresh_from_db()
    assert item.name == "Young adult carers" and item.code == "young-carers"
    assert AuditEvent.objects.filter(object_id=item.pk, content_type__model=model._meta.model_name).count() == 2


@pytest.mark.django_db
def test_a_name_already_used_or_left_blank_is_refused(officer_client):
    blank = officer_client.post(reverse("providers:reference_create", args=["specialisms"]), {"name": "  "})
    assert "Enter the name of the specialism" in blank.content.decode()
    taken = officer_client.post(reverse("providers:reference_create", args=["specialisms"]), {"name": "dementia"})
    assert "There is already a specialism called ‘dementia’" in taken.content.decode()
    assert Specialism.objects.filter(name__iexact="dementia").count() == 1


@pytest.mark.django_db
def test_a_retired_service_type_is_offered_for_no_new_service_but_kept_on_those_that_have_it(officer_client):
    from commissioning.providers.forms import ServiceForm

    service = ServiceFactory()
    kept = service.service_types.get()
    officer_client.post(reverse("providers:reference_retire", args=["service-types", kept.pk]), {"retired": "yes"})
    assert kept not in ServiceForm().fields["service_types"].queryset
    assert kept in ServiceForm(instance=service).fields["service_types"].queryset


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.BROKER, Role.QUALITY_OFFICER, Role.PROVIDER_USER])
def test_other_roles_may_not_change_reference_data(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("providers:reference_index")).status_code == 403
    assert client.post(reverse("providers:reference_create", args=["specialisms"]), {"name": "X"}).status_code == 403
    assert not Specialism.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_the_administrator_finds_reference_data_from_the_home_page(client, make_user):
    client.force_login(make_user(Role.ADMINISTRATOR))
    assert reverse("providers:reference_index") in client.get(reverse("core:home")).content.decode()


# Localities stay editable after the first run ------------------------------------------------

@pytest.mark.django_db
def test_an_administrator_adds_renames_and_retires_a_locality_with_its_history(client, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    client.force_login(admin)
    index = client.get(reverse("providers:reference_index")).content.decode()
    assert reverse("providers:reference_list", args=["localities"]) in index
    added = client.post(reverse("providers:reference_create", args=["localities"]),
                        {"name": " Long Eaton ", "postcode_districts": "ng10, NG11"})
    assert added.status_code == 302
    eaton = Locality.objects.get(name="Long Eaton")
    assert eaton.districts == ["NG10", "NG11"] and not eaton.retired
    client.post(reverse("providers:reference_edit", args=["localities", eaton.pk]),
                {"name": "Long Eaton and Sawley", "postcode_districts": "NG10, NG11"})
    client.post(reverse("providers:reference_retire", args=["localities", eaton.pk]), {"retired": "yes"})
    eaton.refresh_from_db()
    assert (eaton.name, eaton.retired) == ("Long Eaton and Sawley", True)
    events = AuditEvent.objects.filter(object_id=eaton.pk, content_type__model="locality").order_by("at", "id")
    assert [e.action for e in events] == ["created", "updated", "updated"]
    assert all(e.actor == admin for e in events)
    assert events[1].changes["Name"] == ["Long Eaton", "Long Eaton and Sawley"]
    page = client.get(reverse("providers:reference_edit", args=["localities", eaton.pk])).content.decode()
    assert "History" in page and "Bring back into use" in page
    listing = client.get(reverse("providers:reference_list", args=["localities"])).content.decode()
    assert "NG10, NG11" in listing and "Retired" in listing


@pytest.mark.django_db
@pytest.mark.parametrize(("districts", "message"), [
    ("", "Enter the locality’s postcode districts, like DE1, DE22"),
    ("DE1X1", "‘DE1X1’ is not a postcode district (like DE1 or DE22)"),
    ("DE99, {taken}", "{taken} is already in {owner}"),
])
def test_a_locality_with_districts_that_are_not_real_or_already_used_is_refused(
        officer_client, districts, message):
    owner = Locality.objects.filter(retired=False).first()
    taken = owner.districts[0]
    response = officer_client.post(reverse("providers:reference_create", args=["localities"]), {
        "name": "Somewhere new", "postcode_districts": districts.format(taken=taken)})
    assert message.format(taken=taken, owner=owner) in response.content.decode()
    assert not Locality.objects.filter(name="Somewhere new").exists()


@pytest.mark.django_db
def test_a_retired_locality_is_offered_for_no_new_service_but_kept_on_those_that_have_it(officer_client):
    from commissioning.providers import geo
    from commissioning.providers.forms import ServiceForm

    service = ServiceFactory()
    kept = service.locality or Locality.objects.first()
    type(service).objects.filter(pk=service.pk).update(locality=kept)
    service.refresh_from_db()
    officer_client.post(reverse("providers:reference_retire", args=["localities", kept.pk]), {"retired": "yes"})
    assert kept not in ServiceForm().fields["locality"].queryset
    assert kept in ServiceForm(instance=service).fields["locality"].queryset
    assert geo.locality_for(f"{kept.districts[0]} 1AA") is None
    service.refresh_from_db()
    assert service.locality == kept


@pytest.mark.django_db
def test_a_locality_cannot_come_back_while_another_in_use_has_its_district(officer_client):
    old = Locality.objects.filter(retired=False).first()
    district = old.districts[0]
    officer_client.post(reverse("providers:reference_retire", args=["localities", old.pk]), {"retired": "yes"})
    officer_client.post(reverse("providers:reference_create", args=["localities"]),
                        {"name": "Merged area", "postcode_districts": district})
    response = officer_client.post(reverse("providers:reference_retire", args=["localities", old.pk]),
                                   {"retired": "no"}, follow=True)
    assert f"{old} cannot be brought back: {district} is already in Merged area" in response.content.decode()
    old.refresh_from_db()
    assert old.retired
