"""Each probe of the platform made as an attacker and as a new member of staff would, replayed
through the pages and the API, with the refusal it must meet (accounts and security issue).

What held before and must keep holding (no other organisation's records, no person's identity;
concurrent awards and payment runs never doubled) is shown by the permission matrix, the tenancy
tests of every app and the PostgreSQL race tests; this module replays what once got through."""
import re
import secrets

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.accounts.tests.helpers import PASSWORD, sign_in_with_password, with_authenticator
from commissioning.brokerage.models import CareRequest
from commissioning.brokerage.tests.factories import OfferSubmittedFactory
from commissioning.brokerage.tests.test_offers_and_tenancy import _revise
from commissioning.brokerage.tests.test_pages import _request_form
from commissioning.core.models import AuditEvent
from commissioning.finance.models import ActualsFile, Visit
from commissioning.finance.tests.conftest import placed  # noqa: F401
from commissioning.finance.tests.test_files import MALFORMED, assert_neutralised, evil_run  # noqa: F401
from commissioning.providers.models import CqcImportRun, Service
from commissioning.providers.tests.test_cqc_import import API_HEADER, GOOD, HEADER
from commissioning.providers.tests.test_cqc_upload_hardening import _api_row

pytestmark = pytest.mark.django_db


# Joining and signing in ----------------------------------------------------------------------------

def test_a_member_of_staff_added_on_the_users_page_can_choose_a_password_and_sign_in(
        client_for, administrator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        added = client_for(administrator).post(reverse("accounts:user_create"), {
            "username": "new.broker", "first_name": "Nia", "last_name": "Evans", "email": "nia@council.example",
            "job_title": "Brokerage officer", "role": Role.BROKER, "market_area": "", "provider": ""})
    assert added.status_code == 302, added.content.decode()[-3000:]
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    visitor = Client()
    assert visitor.post(path, {"password1": "kettle ladder orchard", "password2": "kettle ladder orchard"}
                        ).status_code == 302
    response = visitor.post(reverse("account_login"), {"login": "new.broker", "password": "kettle ladder orchard"})
    assert response.status_code == 302
    assert visitor.get(reverse("brokerage:queue")).status_code == 302, "staff set up a second factor first"


@pytest.mark.real_second_factor
def test_fifty_wrong_passwords_then_the_right_one_is_refused_and_audited(client, make_user):
    broker = with_authenticator(make_user(Role.BROKER, username="probe.broker"))
    for n in range(50):
        sign_in_with_password(client, "probe.broker", f"guess-{n}")
    response = sign_in_with_password(client, "probe.broker", PASSWORD)
    assert response.status_code in (200, 429) and "mfa_authenticate" not in response.get("Location", "")
    assert client.get(reverse("brokerage:queue")).status_code == 302
    assert AuditEvent.objects.filter(object_id=broker.pk, action=AuditEvent.Action.LOCKED_OUT).exists()


def test_fifty_random_api_tokens_are_slowed_to_429():
    client = Client(REMOTE_ADDR="203.0.113.50")
    statuses = [client.get("/api/v1/providers/", HTTP_AUTHORIZATION=f"Token {secrets.token_hex(20)}").status_code
                for _ in range(50)]
    assert statuses[0] == 401 and statuses[-1] == 429


@pytest.mark.real_second_factor
def test_staff_without_a_second_factor_open_no_page_with_personal_data(client, make_user):
    make_user(Role.BROKER, username="no.factor")
    response = sign_in_with_password(client, "no.factor")
    assert response.status_code == 302
    for name in ("brokerage:queue", "brokerage:request_list", "privacy:index"):
        assert client.get(reverse(name)).status_code == 302


# Exports -------------------------------------------------------------------------------------------

def test_a_provider_named_as_a_formula_comes_out_as_text_in_every_csv(client, evil_run, make_user):  # noqa: F811
    finance = make_user(Role.FINANCE_OFFICER)
    client.force_login(finance)
    assert_neutralised(client.get(reverse("finance:run_csv", args=[evil_run.pk])))
    assert_neutralised(client.get(reverse("finance:spend") + "?year=2026&format=csv"))
    client.force_login(make_user(Role.PROVIDER_USER, provider=evil_run.invoices.get().provider))
    assert_neutralised(client.get(reverse("portal:remittance", args=[evil_run.pk]) + "?format=csv"))


# Identity in the text a provider reads ------------------------------------------------------------

@pytest.mark.parametrize("needs", ["Mr Oyelaran's wife helps", "M. Oyelaran needs two carers",
                                   "Born 9 March 1941", "DOB 09-03-1941", "DOB 9/3/1941", "Lives at de22-1gb"])
def test_the_needs_a_provider_reads_refuse_the_persons_identity_in_any_shape(client, market, social_worker, needs):
    client.force_login(social_worker)
    response = client.post(reverse("brokerage:request_create"), _request_form(market) | {"care-needs": needs})
    page = response.content.decode()
    assert response.status_code == 200 and "Remove the " in page and "from the needs" in page
    assert not CareRequest.objects.exists()


# Uploads -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["a NUL byte", "a row with fewer cells"])
def test_a_broken_actuals_file_is_refused_whole_without_a_server_error(client, placed, kind):  # noqa: F811
    make, reason = MALFORMED[kind]
    client.force_login(placed["user"])
    response = client.post(reverse("portal:actuals"), {"file": SimpleUploadedFile("week.csv", make(placed))})
    assert response.status_code == 200 and reason in response.content.decode()
    assert not ActualsFile.objects.exists() and not Visit.objects.exists()


def test_a_cqc_file_with_a_nul_byte_is_refused_whole(client_for, quality_officer):
    content = (HEADER + GOOD.replace("Oak House", "Oak\x00House")).encode()
    response = client_for(quality_officer).post(reverse("providers:import_start"),
                                                {"file": SimpleUploadedFile("cqc.csv", content, "text/csv")})
    assert response.status_code == 200 and "contains a NUL byte" in response.content.decode()
    assert not CqcImportRun.objects.exists()


def test_a_250_row_cqc_file_with_a_bed_count_beyond_the_database_imports_nothing(client_for, quality_officer):
    rows = "".join(_api_row(n, beds="99999999999" if n == 200 else "40") for n in range(1, 251))
    response = client_for(quality_officer).post(reverse("providers:import_start"), {
        "file": SimpleUploadedFile("cqc.csv", (API_HEADER + rows).encode(), "text/csv")})
    assert response.status_code == 200 and "Row 201" in response.content.decode()
    assert not CqcImportRun.objects.exists() and not Service.objects.exists()


# Offers --------------------------------------------------------------------------------------------

def test_a_revised_offer_keeps_its_earlier_price():
    offer = OfferSubmittedFactory(rate_pence=2400)
    _revise(offer, 2300)
    assert [r.rate_pence for r in offer.revisions.order_by("number")] == [2400, 2300]


# Production ----------------------------------------------------------------------------------------

def test_production_refuses_a_one_character_secret_key(monkeypatch):
    import runpy

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x")
    monkeypatch.setenv("SITE_URL", "https://care.example.gov.uk")
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/commissioning")
    with pytest.raises(ImproperlyConfigured):
        runpy.run_module("config.settings.production")


def test_every_page_carries_a_content_security_policy_without_inline_script(client):
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
