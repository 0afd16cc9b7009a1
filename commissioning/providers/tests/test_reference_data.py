"""The council keeps its service types, client groups and specialisms on pages, with history."""
import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.core.models import AuditEvent
from commissioning.providers.models import ClientGroup, ServiceType, Specialism
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
