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


class MarketArea(models.TextChoices):
    """The four market areas, each owned by one lead commissioner (Derby 2024-27 strategy)."""

    CARE_HOMES = "care_homes", "Care homes and extra care"
    SUPPORTED_LIVING = "supported_living", "Supported living"
    HOME_CARE = "home_care", "Home care, day opportunities and respite"
    SPECIALIST = "specialist", "Mental health, learning disability, autism and carers"


ALL_ROLES = frozenset(Role.values)
COUNCIL_ROLES = ALL_ROLES - {Role.PROVIDER_USER}
PROVIDER_ROLES = frozenset({Role.PROVIDER_USER})
