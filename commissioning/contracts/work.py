"""What waits in the register, for the home page's "Waiting for you" (core.home.register_work):
for a lead commissioner the contracts they lead whose spend reaches 80% or 100% of the value and
their market's contract meetings coming up or not recorded; for anyone the contract meeting actions
they own that are due within a fortnight or overdue."""
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.core.home import WorkItem

from .selectors import contract_scope, deliveries
from .selectors_management import due_actions, meeting_scope

MEETINGS_AHEAD_DAYS = 14


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def items_for(user) -> list[WorkItem]:
    """The contract management actions the person owns that are due, then a lead commissioner's contracts."""
    if not getattr(user, "is_authenticated", False):
        return []
    actions = due_actions(user=user).count()
    items = [WorkItem(_plural(actions, "Contract meeting action of yours due in the next 14 days or overdue",
                              "Contract meeting actions of yours due in the next 14 days or overdue"), actions,
                      reverse("contracts:action_list"))] if actions else []
    if getattr(user, "role", None) != Role.LEAD_COMMISSIONER:
        return items
    return items + _lead_items(user)


def _lead_items(user) -> list[WorkItem]:
    """Contracts the lead commissioner leads at 80% and at 100% of their value (live or planned), and
    their market's meetings due within a fortnight or overdue and not recorded."""
    meetings = meeting_scope(user=user).filter(
        market_area=user.market_area, held_on__isnull=True,
        scheduled_for__lte=timezone.localdate() + timedelta(days=MEETINGS_AHEAD_DAYS)).count()
    mine = list(contract_scope(user=user).filter(lead_commissioner=user, status__in=["planned", "live"]))
    alerts = [d.alert for d in deliveries(mine).values()]
    url = reverse("contracts:contract_list") + f"?lead_commissioner={user.pk}"
    return [WorkItem("Contracts you lead whose spend has reached their value", alerts.count("over"), url),
            WorkItem("Contracts you lead whose spend has reached 80% of their value", alerts.count("near"), url),
            WorkItem(_plural(meetings, f"Contract meeting due in the next {MEETINGS_AHEAD_DAYS} days or overdue",
                             f"Contract meetings due in the next {MEETINGS_AHEAD_DAYS} days or overdue"), meetings,
                     reverse("contracts:meeting_list"))]
