"""The living Market Position Statement: words, publishing editions, the public page and the PDF."""
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from commissioning.accounts.roles import Role
from commissioning.intelligence.models import StatementEdition
from commissioning.intelligence.services import figures_refresh, statement_draft_save, statement_publish
from commissioning.providers.tests.factories import ServiceFactory

WORDS = {"context": "Derby's population of people aged 85 and over is growing.",
         "intentions": {"care_homes": "We will buy more nursing beds in the north of the city."},
         "working_with_us": "Join the Approved Provider List for care homes."}


@pytest.mark.django_db
def test_publishing_needs_the_words_and_the_figures(make_user):
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    with pytest.raises(ValidationError) as refused:
        statement_publish(by=head)
    assert set(refused.value.message_dict) == {"context", "working_with_us", "__all__"}
    with pytest.raises(ValidationError, match="market areas"):
        statement_draft_save(context="x", intentions={"space": "y"}, working_with_us="z", by=head)


@pytest.mark.django_db
def test_the_next_edition_shows_what_changed_since_the_last(client, make_user, provider):
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    ServiceFactory(provider=provider, beds=40)
    figures_refresh()
    statement_draft_save(by=head, **WORDS)
    first = statement_publish(by=head)
    ServiceFactory(provider=provider, beds=20)
    figures_refresh()
    second = statement_publish(by=head)

    assert (first.number, second.number) == (1, 2)
    assert next(f for f in first.figures if f["key"] == "supply.beds")["value"] == "40.00"
    page = client.get(reverse("intelligence:statement")).content.decode()
    assert "Edition 2" in page and "We will buy more nursing beds" in page
    assert "Edition 2 against edition 1" in page
    row = page[page.index("Beds in the register", page.index('id="changes"')):][:600]
    assert "40" in row and "60" in row and "Up" in row
    assert "This is the first edition." in client.get(first.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_pdf_opens_and_has_the_sections(client, make_user, provider):
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    ServiceFactory(provider=provider, beds=40)
    figures_refresh()
    statement_draft_save(by=head, **WORDS)
    edition = statement_publish(by=head)

    response = client.get(reverse("intelligence:statement_pdf", kwargs={"number": edition.number}))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for section in ("Market Position Statement", "Context", "The market in figures", "Demand", "Supply",
                    "What changed since the last edition", "Commissioning intentions", "How to work with us",
                    "Care homes and extra care"):
        assert section in text, section


@pytest.mark.django_db
def test_the_statement_is_public_and_its_words_are_edited_by_the_head(client, make_user):
    assert "has not published" in client.get(reverse("intelligence:statement")).content.decode()
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    client.force_login(head)
    url = reverse("intelligence:statement_edit")
    response = client.post(url, {"context": "C", "working_with_us": "W", "intentions_home_care": "More hours",
                                 "action": "publish"})
    assert "Refresh the market figures before publishing" in response.content.decode()
    assert not StatementEdition.objects.exists()
    assert "More hours" in client.get(url).content.decode()
