"""What waits for each person in Approved Provider Lists, for the home pages' "Waiting for you"
(core.home.register_work): a few COUNT queries per person, each linking to a page the role may open."""
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.core.home import WorkItem

from . import selectors
from .choices import ApplicationStatus, ListStatus
from .models import Application, ApprovedList, Lot, LotDecision, Score


def _undecided_uncapped(qs):
    """Moderated applications with an uncapped lot still to decide."""
    uncapped = Lot.objects.filter(applications=OuterRef("pk"), member_cap__isnull=True).exclude(
        pk__in=LotDecision.objects.filter(application=OuterRef(OuterRef("pk"))).values("lot"))
    return qs.filter(status=ApplicationStatus.MODERATED).filter(Exists(uncapped))


def items_for(user) -> list[WorkItem]:
    role = getattr(user, "role", None)
    queue = reverse("procurement:application_queue")
    if role == Role.EVALUATOR:
        mine = Score.objects.filter(application=OuterRef("pk"), evaluator=user)
        to_score = (Application.objects.for_user(user).filter(status=ApplicationStatus.SUBMITTED)
                    .exclude(Exists(mine)).count())
        return [WorkItem("Applications to score", to_score, queue)]
    if role == Role.PROCUREMENT_OFFICER:
        applications = Application.objects.for_user(user)
        ready = selectors.rounds_ready_to_rank(user=user)
        first = reverse("procurement:lot_rank", args=[ready[0][0].approved_list_id, ready[0][0].pk, ready[0][1].pk]) \
            if ready else queue
        return [
            WorkItem("Applications to moderate", applications.filter(status=ApplicationStatus.SUBMITTED).count(),
                     queue),
            WorkItem("Applications to decide", _undecided_uncapped(applications).count(), queue),
            WorkItem("Rounds ready to admit by rank", len(ready), first),
        ]
    if role == Role.LEAD_COMMISSIONER:
        due = (Application.objects.for_user(user).filter(approved_list__lead_commissioner=user,
                                                         status__in=selectors.AWAITING_DECISION)
               .filter(decision_due__lte=timezone.localdate() + timedelta(days=7)).count())
        return [WorkItem("Decisions due this week on your lists", due, queue)]
    if role == Role.PROVIDER_USER and getattr(user, "provider_id", None):
        portal = reverse("portal:list_index")
        today = timezone.localdate()
        open_lists = [lst for lst in ApprovedList.objects.for_user(user).filter(status=ListStatus.OPEN)
                      if selectors.list_is_accepting(lst, today)]
        applied = set(Application.objects.for_user(user).exclude(status=ApplicationStatus.WITHDRAWN)
                      .values_list("approved_list_id", flat=True))
        drafts = Application.objects.for_user(user).filter(status=ApplicationStatus.DRAFT).count()
        return [WorkItem("Lists open to apply to", len([lst for lst in open_lists if lst.pk not in applied]), portal),
                WorkItem("Draft applications to finish", drafts, portal)]
    return []
