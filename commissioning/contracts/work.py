"""What waits for a lead commissioner in the register, for the home page's "Waiting for you"
(core.home.register_work): the contracts they lead whose spend reaches 80% or 100% of the value."""
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.core.home import WorkItem

from .selectors import contract_scope, deliveries


def items_for(user) -> list[WorkItem]:
    """Contracts the lead commissioner leads at 80% and at 100% of their value (live or planned)."""
    if getattr(user, "role", None) != Role.LEAD_COMMISSIONER:
        return []
    mine = list(contract_scope(user=user).filter(lead_commissioner=user, status__in=["planned", "live"]))
    alerts = [d.alert for d in deliveries(mine).values()]
    url = reverse("contracts:contract_list") + f"?lead_commissioner={user.pk}"
    return [WorkItem("Contracts you lead whose spend has reached their value", alerts.count("over"), url),
            WorkItem("Contracts you lead whose spend has reached 80% of their value", alerts.count("near"), url)]
