"""What the register's pages and the home page show, in people's words."""
from django.urls import reverse

from commissioning.core.money import format_pounds

from . import rules
from .domain.spend import Delivery

ALERT_WORDS = {"over": "Spend has reached the contract value", "near": "Spend has reached 80% of the contract value"}


def home_links(user) -> list[tuple[str, str]]:
    """The register on the home page: council staff search it; a provider user sees its own contracts."""
    links = []
    if user.role in rules.VIEW:
        links.append(("Search the contracts register" if user.role != "provider_user" else "Your contracts",
                      reverse("contracts:contract_list")))
    if rules.can_edit(user):
        links.append(("Add a contract to the register", reverse("contracts:contract_create")))
        links.append(("Import the contracts register from a spreadsheet", reverse("contracts:register_import")))
    if rules.can_pay(user):
        links.append(("Import payments on contracts from the finance system", reverse("contracts:payments_import")))
    links.append(("Contract meetings and breaches" if user.role != "provider_user"
                  else "Your contract meetings and breaches", reverse("contracts:meeting_list")))
    if rules.can_manage(user):
        links.append(("KPIs and late returns", reverse("contracts:kpi_list")))
    return links


def delivery_rows(delivery: Delivery) -> list[tuple[str, str]]:
    """The summary list of a contract's spend against its value."""
    used = delivery.used_percent
    return [
        ("Value over the term", format_pounds(delivery.value_pence)),
        ("Commissioned to the end of the term", format_pounds(delivery.commissioned_pence)),
        ("Paid so far", format_pounds(delivery.paid_pence)),
        ("Forecast spend by the end of the term", format_pounds(delivery.forecast_pence)),
        ("Share of the value used or forecast", f"{used}%" if used is not None else "No value set"),
    ]


def alert_words(delivery: Delivery) -> str:
    return ALERT_WORDS.get(delivery.alert, "")
