"""The roles people hold on the platform and the market areas lead commissioners own."""
from django.db import models


class Role(models.TextChoices):
    HEAD_OF_COMMISSIONING = "head_of_commissioning", "Head of commissioning"
    LEAD_COMMISSIONER = "lead_commissioner", "Lead commissioner"
    PROCUREMENT_OFFICER = "procurement_officer", "Procurement officer"
    EVALUATOR = "evaluator", "Evaluator"
    BROKER = "broker", "Brokerage officer"
    SOCIAL_WORKER = "social_worker", "Social worker"
    QUALITY_OFFICER = "quality_officer", "Quality monitoring officer"
    FINANCE_OFFICER = "finance_officer", "Finance officer"
    PROVIDER_USER = "provider_user", "Provider user"
    ADMINISTRATOR = "administrator", "Administrator"


class MarketArea:
    """The codes of the four market areas a new platform starts with (Derby 2024-27 strategy), for
    the demo and the tests; the council's market areas themselves are rows of `accounts.Market`."""

    CARE_HOMES = "care_homes"
    SUPPORTED_LIVING = "supported_living"
    HOME_CARE = "home_care"
    SPECIALIST = "specialist"


# The starting market areas, code and name, in order: the migration that makes the table loads them,
# and the first run offers them pre-filled for the council to rename, remove or add to.
DEFAULT_MARKETS = (
    (MarketArea.CARE_HOMES, "Care homes and extra care"),
    (MarketArea.SUPPORTED_LIVING, "Supported living"),
    (MarketArea.HOME_CARE, "Home care, day opportunities and respite"),
    (MarketArea.SPECIALIST, "Mental health, learning disability, autism and carers"),
)


ALL_ROLES = frozenset(Role.values)
COUNCIL_ROLES = ALL_ROLES - {Role.PROVIDER_USER}
PROVIDER_ROLES = frozenset({Role.PROVIDER_USER})
