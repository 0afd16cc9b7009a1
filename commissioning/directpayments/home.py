"""What direct payments add to the home pages: links for the roles that use them, and the balance
reviews waiting for a finance officer."""
from django.urls import reverse

from commissioning.core.home import WorkItem

from . import rules


def links(user) -> list[tuple[str, str]]:
    found = []
    if user.role in rules.VIEW:
        found.append(("See direct payments, card statements and balance reviews", reverse("directpayments:index")))
    if user.role in rules.BUILD_RETURN:
        found.append(("Build and check the Client Level Data return", reverse("directpayments:return_list")))
    if user.role in rules.MEASURES:
        found.append(("See ASCOF 3D and the people in long-term support", reverse("directpayments:measures")))
    return found


def work(user) -> list[WorkItem]:
    if user.role not in rules.OFFICER:
        return []
    from . import selectors

    count = selectors.open_reviews(user=user).count()
    return [WorkItem(text="Direct payment balances to review", count=count,
                     url=reverse("directpayments:index") + "#reviews")]
