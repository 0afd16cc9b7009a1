"""What waits in brokerage for each person, for the "Waiting for you" list of their home page:
a broker's queue, competitions closing within a day, offers to rank and to award; a social
worker's own requests needing action; an evaluator's offers to score (a procurement officer's to
moderate too); a provider user's opportunities to answer and agreements to accept. Every link is
one the person's role may open."""
from django.urls import reverse

from commissioning.core.home import WorkItem

from . import selectors


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def work_items(user) -> list[WorkItem]:
    """The brokerage work waiting for `user` (a few COUNT queries)."""
    if not getattr(user, "is_authenticated", False):
        return []
    counts = selectors.work_counts(user=user)
    items = []
    if "to_place" in counts:
        queue = reverse("brokerage:queue")
        n = counts["to_place"]
        items.append(WorkItem(_plural(n, "Request to place", "Requests to place"), n, queue))
        n = counts["closing_soon"]
        items.append(WorkItem(_plural(n, "Competition closing within a day", "Competitions closing within a day"),
                              n, queue))
        n = counts["to_rank"]
        items.append(WorkItem(_plural(n, "Closed competition to rank once scored",
                                      "Closed competitions to rank once scored"), n, queue))
        n = counts["to_award"]
        items.append(WorkItem(_plural(n, "Competition with offers to award", "Competitions with offers to award"),
                              n, queue))
    if "mine_unmet" in counts:
        n = counts["mine_unmet"]
        items.append(WorkItem(_plural(n, "Your request needing action (unmet, or a waiver awaited)",
                                      "Your requests needing action (unmet, or a waiver awaited)"), n,
                              reverse("brokerage:request_list") + "?mine=1"))
    if "to_score" in counts:
        scoring = reverse("brokerage:scoring_list")
        n = counts["to_score"]
        items.append(WorkItem(_plural(n, "Offer to score", "Offers to score"), n, scoring))
        if "to_moderate" in counts:
            n = counts["to_moderate"]
            items.append(WorkItem(_plural(n, "Offer to moderate", "Offers to moderate"), n, scoring))
    if "opportunities" in counts:
        n = counts["opportunities"]
        items.append(WorkItem(_plural(n, "Opportunity to answer", "Opportunities to answer"), n,
                              reverse("portal:competition_list")))
        n = counts["agreements"]
        items.append(WorkItem(_plural(n, "Agreement to accept", "Agreements to accept"), n,
                              reverse("portal:agreement_list")))
    return items
