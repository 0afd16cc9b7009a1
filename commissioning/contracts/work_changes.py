"""What waits for people in a contract's changes, for the home page's "Waiting for you"
(core.home.register_work) and "What you can do": variations waiting for approval, for those with
approval authority, and the decommissioning steps a person owns that are due."""
from django.urls import reverse

from commissioning.core.home import WorkItem

from . import rules
from .selectors_changes import steps_due, waiting_for_decision


def items_for(user) -> list[WorkItem]:
    items = []
    if getattr(user, "role", None) in rules.APPROVE_VARIATIONS:
        items.append(WorkItem("Variations and extensions of contracts waiting for your approval",
                              waiting_for_decision(user=user).count(), reverse("contracts:variation_list")))
    if getattr(user, "role", None) in rules.SEE_PLANS:
        plans = list(steps_due(user=user).values_list("plan__contract_id", flat=True))
        url = (reverse("contracts:decommission_plan", args=[plans[0]]) if len(set(plans)) == 1
               else reverse("contracts:contract_list") + "?status=decommissioning")
        items.append(WorkItem("Steps of decommissioning plans you own that are due within 2 weeks", len(plans), url))
    return items


def links_for(user) -> list[tuple[str, str]]:
    if getattr(user, "role", None) in rules.APPROVE_VARIATIONS:
        return [("Decide variations and extensions of contracts", reverse("contracts:variation_list"))]
    return []
