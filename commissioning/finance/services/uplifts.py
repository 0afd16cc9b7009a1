"""Uplift scenarios: modelled as drafts side by side against the budget; approving one makes new
rate versions and reprices each included agreement from its date, keeping every earlier price."""
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, audit_record
from commissioning.core.workflow import TransitionNotAllowed, transition

from ..models import UpliftScenario
from ..selectors import card_on, scenario_rows
from ..transitions import SCENARIO
from .prices import price_agreement
from .rates import rate_card_new_version

SCENARIO_FIELDS = ("name", "service_type", "financial_year", "effective_from", "nlw_rise_percent",
                   "staffing_share_percent", "inflation_percent", "exclude_negotiated_since",
                   "exclude_above_weekly_pence")


@transaction.atomic
def scenario_create(*, by, **fields) -> UpliftScenario:
    """Save a draft uplift scenario for a market and year."""
    unknown = set(fields) - set(SCENARIO_FIELDS)
    if unknown:
        raise TypeError(f"Unknown scenario fields: {sorted(unknown)}")
    scenario = UpliftScenario(**fields)
    scenario.full_clean()
    scenario.save()
    audit_record(actor=by, action=Action.CREATED, obj=scenario, note=f"Uplift {scenario.uplift_percent}%")
    return scenario


@transaction.atomic
def scenario_approve(*, scenario: UpliftScenario, by) -> UpliftScenario:
    """New rate versions from the scenario's date, and each included agreement repriced from it;
    every earlier price stays in the history."""
    scenario = UpliftScenario.objects.select_for_update().get(pk=scenario.pk)
    if not SCENARIO.allows(scenario.status, "approve"):
        raise TransitionNotAllowed(SCENARIO.label, scenario.status, "approve")
    factor = 1 + scenario.uplift_percent / 100
    card = card_on(scenario.service_type, scenario.effective_from - timedelta(days=1))
    new_card = None
    if card is not None:
        new_card = rate_card_new_version(card=card, by=by, effective_from=scenario.effective_from, factor=factor,
                                         approve=True, note=f"Uplift {scenario.uplift_percent}%: {scenario}")
    for row in scenario_rows(scenario):
        if row["excluded"]:
            continue
        price_agreement(agreement=row["agreement"], by=by, effective_from=scenario.effective_from,
                        base_pence=row["new_rate"], rate_card=new_card,
                        reason=f"Uplift {scenario.uplift_percent}% ({scenario})")
    return transition(scenario, SCENARIO, "approve", by=by, note=f"Uplift {scenario.uplift_percent}% approved",
                      approved_by=by, approved_at=timezone.now())
