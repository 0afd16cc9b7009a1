"""An empty platform is set up once, by its page or `manage.py first_run`, and never again."""
import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from commissioning.accounts.models import Council, User
from commissioning.accounts.roles import Role
from commissioning.core.models import AuditEvent
from commissioning.providers.models import Locality

PASSWORD = "kettle ladder orchard"

FORM = {
    "council_name": "Example Borough Council", "ppon": "pabc-1234-wxyz",
    "localities": "DE1 Derby city centre\nDE22 Derby city centre\nDE3 Mickleover",
    "first_name": "Ada", "last_name": "Shaw", "email": "ada.shaw@example.gov.uk", "username": "ada.shaw",
    "password1": PASSWORD, "password2": PASSWORD,
}


@pytest.mark.django_db
def test_an_empty_platform_sends_the_sign_in_page_to_the_first_run(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:first_run")


@pytest.mark.django_db
def test_the_first_run_page_makes_the_council_its_localities_and_the_first_administrator(client):
    page = client.get(reverse("accounts:first_run"))
    assert page.status_code == 200
    assert b"Set up the platform" in page.content

    response = client.post(reverse("accounts:first_run"), FORM)

    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    council = Council.objects.get()
    assert (council.name, council.ppon) == ("Example Borough Council", "PABC-1234-WXYZ")
    assert {(loc.name, loc.postcode_districts) for loc in Locality.objects.all()} == {
        ("Derby city centre", "DE1,DE22"), ("Mickleover", "DE3")}
    admin = User.objects.get()
    assert admin.role == Role.ADMINISTRATOR and admin.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="created", object_repr="Example Borough Council", actor=admin).exists()
    # The page has gone, and the sign-in page is the sign-in page again; the council's name is shown.
    assert client.get(reverse("accounts:first_run")).status_code == 404
    sign_in = client.get(reverse("account_login"))
    assert sign_in.status_code == 200 and b"Example Borough Council" in sign_in.content


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "message"), [
    ("ppon", "GB-1234", "Enter the PPON in the format PABC-1234-ABCD"),
    ("localities", "DEX Somewhere", "‘DEX’ is not a postcode district"),
    ("localities", "DE1", "give the locality’s name after DE1"),
    ("localities", "DE1 City\nDE1 Elsewhere", "DE1 is already in City"),
    ("password1", "password", "This password is too short"),
])
def test_the_first_run_refuses_bad_answers(client, field, value, message):
    data = {**FORM, field: value}
    if field == "password1":
        data["password2"] = value
    response = client.post(reverse("accounts:first_run"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Council.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_the_first_run_page_cannot_make_a_second_council(client):
    client.post(reverse("accounts:first_run"), FORM)

    again = client.post(reverse("accounts:first_run"), {**FORM, "council_name": "Takeover Council",
                                                        "username": "intruder"})

    assert again.status_code == 404
    assert list(Council.objects.values_list("name", flat=True)) == ["Example Borough Council"]
    assert not User.objects.filter(username="intruder").exists()


@pytest.mark.django_db
def test_the_first_run_page_is_gone_once_anybody_has_an_account(client, make_user):
    make_user(Role.ADMINISTRATOR)
    assert client.get(reverse("accounts:first_run")).status_code == 404
    assert client.post(reverse("accounts:first_run"), FORM).status_code == 404
    assert not Council.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_a_second_council():
    from commissioning.accounts import services

    Council.objects.create(name="One Council", ppon="PQVM-1383-ZBXP")  # a council, even with nobody yet
    with pytest.raises(services.FirstRunClosed):
        services.council_first_run(council_name="Two Council", ppon="PQVM-1383-ZBXQ", localities=[("C", ["DE2"])],
                                   username="two", email="two@example.gov.uk", first_name="A", last_name="B",
                                   password=PASSWORD)
    assert Council.objects.count() == 1


@pytest.mark.django_db
def test_manage_py_first_run_with_flags_sets_up_the_platform_and_invites_the_administrator(
        settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("first_run", "--no-input", "--council-name", "Example Borough Council", "--ppon",
                     "GB-PPON-PABC-1234-WXYZ", "--locality", "DE1 Derby city centre", "--locality",
                     "DE21 Chaddesden", "--admin-username", "ada", "--admin-email", "ada@example.gov.uk",
                     "--admin-first-name", "Ada", "--admin-last-name", "Shaw")

    assert Council.objects.get().ppon == "PABC-1234-WXYZ"
    assert set(Locality.objects.values_list("name", flat=True)) == {"Derby city centre", "Chaddesden"}
    admin = User.objects.get(username="ada")
    assert not admin.has_usable_password()
    assert admin.invitations.filter(accepted_at__isnull=True).count() == 1
    assert [m.to for m in mail.outbox] == [["ada@example.gov.uk"]]

    with pytest.raises(CommandError, match="already set up"):
        call_command("first_run", "--no-input", "--council-name", "Other", "--ppon", "PABC-1234-WXYZ",
                     "--locality", "DE1 X", "--admin-username", "b", "--admin-email", "b@example.gov.uk",
                     "--admin-first-name", "B", "--admin-last-name", "C")


@pytest.mark.django_db
def test_manage_py_first_run_refuses_a_bad_ppon_without_changing_anything():
    with pytest.raises(CommandError, match="format PABC-1234-ABCD"):
        call_command("first_run", "--no-input", "--council-name", "Example", "--ppon", "12345",
                     "--locality", "DE1 Centre", "--admin-username", "ada", "--admin-email", "ada@example.gov.uk",
                     "--admin-first-name", "Ada", "--admin-last-name", "Shaw")
    assert not Council.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_manage_py_first_run_asks_for_what_the_flags_do_not_give(monkeypatch):
    answers = iter(["Example Borough Council", "not a ppon", "PABC-1234-WXYZ", "DE1 Derby city centre", "", "",
                    "Ada", "Shaw", "ada@example.gov.uk", "ada"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": PASSWORD)

    call_command("first_run")

    assert Council.objects.get().name == "Example Borough Council"
    assert User.objects.get(username="ada").check_password(PASSWORD)


@pytest.mark.django_db
def test_a_password_made_of_the_first_run_councils_name_is_refused(settings):
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError

    settings.COUNCIL_NAME = "Derby City Council"
    Council.objects.create(name="Wolverhampton Borough Council", ppon="PXYZ-1234-ABCD")
    with pytest.raises(ValidationError, match="mostly the name of this service or the council"):
        password_validation.validate_password("Wolverhampton2026!", User(username="admin"))


@pytest.mark.django_db
def test_the_first_run_page_offers_the_starting_markets_and_makes_the_ones_given(client):
    from commissioning.accounts.models import Market

    page = client.get(reverse("accounts:first_run")).content.decode()
    assert 'value="Home care, day opportunities and respite"' in page and 'name="market_5"' in page
    response = client.post(reverse("accounts:first_run"), {
        **FORM, "market_0": "Care homes", "market_1": "Supported living", "market_2": "Home care",
        "market_3": "", "market_4": "Children’s residential care", "market_5": ""})
    assert response.status_code == 302
    assert list(Market.objects.values_list("code", "name")) == [
        ("care_homes", "Care homes"), ("supported_living", "Supported living"), ("home_care", "Home care"),
        ("childrens_residential_care", "Children’s residential care")]
    admin = User.objects.get(username="ada.shaw")
    added = Market.objects.get(code="childrens_residential_care")
    assert AuditEvent.objects.filter(actor=admin, object_id=str(added.pk), action="created").exists()


@pytest.mark.django_db
def test_two_starting_markets_swap_names_and_a_new_market_takes_a_renamed_ones_name(client):
    from commissioning.accounts.models import Market

    starting = dict(Market.objects.values_list("code", "name"))
    response = client.post(reverse("accounts:first_run"), {
        **FORM, "market_0": starting["supported_living"], "market_1": starting["care_homes"],
        "market_2": "Domiciliary care", "market_3": starting["specialist"],
        "market_4": starting["home_care"], "market_5": ""})
    assert response.status_code == 302
    names = dict(Market.objects.values_list("code", "name"))
    assert (names["care_homes"], names["supported_living"]) == (starting["supported_living"], starting["care_homes"])
    assert names["home_care"] == "Domiciliary care" and len(names) == 5
    admin = User.objects.get(username="ada.shaw")
    events = AuditEvent.objects.filter(actor=admin, object_id=str(Market.objects.get(code="care_homes").pk))
    assert [e.changes["Name"] for e in events if "Name" in e.changes] == [
        [starting["care_homes"], starting["supported_living"]]]  # never the placeholder it held in between


@pytest.mark.django_db
@pytest.mark.parametrize(("answers", "field", "message"), [
    ({"market_4": "home care, day opportunities and respite"}, "market_4", "is already market area 3"),
    ({f"market_{n}": "" for n in range(6)}, "market_0", "Enter at least one market area"),
])
def test_the_first_run_refuses_market_areas_given_twice_or_none(client, answers, field, message):
    from commissioning.accounts.models import Market

    response = client.post(reverse("accounts:first_run"), {
        **FORM, **{f"market_{n}": name for n, (_, name) in enumerate(Market.objects.values_list("code", "name"))},
        **answers})
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert f'id="id_{field}-error"' in page or f'href="#id_{field}"' in page
    assert not Council.objects.exists() and Market.objects.count() == 4


@pytest.mark.django_db
def test_manage_py_first_run_takes_the_market_areas_from_flags():
    from commissioning.accounts.models import Market

    call_command("first_run", "--no-input", "--council-name", "Example Borough Council", "--ppon",
                 "PABC-1234-WXYZ", "--locality", "DE1 Derby city centre", "--admin-username", "ada",
                 "--admin-email", "ada@example.gov.uk", "--admin-first-name", "Ada", "--admin-last-name", "Shaw",
                 "--market", "Supported living", "--market", "Children’s residential care")
    assert list(Market.objects.values_list("code", flat=True)) == ["supported_living", "childrens_residential_care"]
