"""The pages with records on them: every link each role is shown opens, no page shows an internal
value, and the direct payment intelligence shows spend by market, what was bought and the providers
paid through direct payments against their commissioned rates."""
from datetime import date

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.brokerage.models import Agreement
from commissioning.core.permissions import may_open
from commissioning.directpayments.services import card_statement_import
from tests.test_links_and_words import _choice_words, internal_values, visible_text, walk
from tests.test_permission_matrix import _users, objects  # noqa: F401  (the fixture of one of everything)

from .factories import card_csv, dp_objects


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.FINANCE_OFFICER, Role.HEAD_OF_COMMISSIONING,
                                  Role.SOCIAL_WORKER])
def test_direct_payment_pages_open_and_show_peoples_words(role, client, make_user, objects):  # noqa: F811
    dp_objects(objects)
    user = _users(make_user, objects)[role]
    client.force_login(user)
    codes, run_together = _choice_words()
    broken, words = [], []
    for start in (reverse("directpayments:index"), reverse("directpayments:intelligence"),
                  reverse("directpayments:measures"), reverse("directpayments:return_list")):
        if not may_open(user, start):
            continue
        for path, parent, status, body in walk(client, start):
            if not path.startswith("/direct-payments/"):
                continue
            if status not in (200, 302):
                broken.append(f"{path} (from {parent}) answered {status}")
            for found in internal_values(visible_text(body), codes, run_together):
                words.append(f"{path} shows {found}")
    assert not words, "\n".join(words)
    assert not broken, "\n".join(broken)


@pytest.mark.django_db
def test_intelligence_compares_direct_payment_rates_with_commissioned_ones(client, make_user, objects):  # noqa: F811
    dp = dp_objects(objects)
    provider = objects["agreement"].provider  # commissioned at £20 an hour in the fixture
    Agreement.objects.filter(pk=objects["agreement"].pk).update(rate_pence=1800)
    card_statement_import(by=objects["admin"], file_name="march.csv", today=date(2026, 3, 20), content=card_csv([
        ["CARD-MATRIX", "10/03/2026", provider.name, "Agency", "Agency care", "110.00", "1790.00", "5"],
        ["CARD-MATRIX", "11/03/2026", "Lunch club", "Other", "Day activities", "12.00", "1778.00", ""]]))
    client.force_login(make_user(Role.LEAD_COMMISSIONER))
    page = client.get(reverse("directpayments:intelligence") + "?year=2025").content.decode()
    text = " ".join(visible_text(page).split())
    # £110 for 5 hours from the register's provider: £22 an hour, against £18 commissioned
    assert f"{provider.name} 1 £110 £22 £18 £4" in text
    assert "Day activities 1 £12" in text and "Agency care 2 £210" in text
    market = objects["care"].service_type.market_area.name
    assert f"Paid by market Market People Paid {market} 1 £" in text  # the market of the request's service type
    assert "Direct payment spend and activity" in client.get(reverse("intelligence:market")).content.decode()
    assert dp["agreement"].payments.exists()
