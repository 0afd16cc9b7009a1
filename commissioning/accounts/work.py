"""What the accounts app puts under "Waiting for you" for an administrator: invitations nobody has
accepted yet (to chase or send again) and accounts locked out by failed sign-ins in the last hour."""
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from commissioning.core.home import WorkItem
from commissioning.core.models import AuditEvent

from .models import Invitation, User
from .roles import Role

LOCK_WINDOW = timedelta(hours=1)  # ACCOUNT_RATE_LIMITS locks an account for up to an hour


def work_for(user) -> list[WorkItem]:
    if getattr(user, "role", None) != Role.ADMINISTRATOR:
        return []
    now = timezone.now()
    waiting = (Invitation.objects.filter(accepted_at__isnull=True, withdrawn_at__isnull=True, user__is_active=True)
               .values("user").distinct().count())
    locked = (AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT, at__gte=now - LOCK_WINDOW,
                                        content_type=ContentType.objects.get_for_model(User))
              .values("object_id").distinct().count())
    return [
        WorkItem("Invitation not yet accepted" if waiting == 1 else "Invitations not yet accepted", waiting,
                 reverse("accounts:user_list")),
        WorkItem("Account locked out after failed sign-ins" if locked == 1
                 else "Accounts locked out after failed sign-ins", locked,
                 f"{reverse('accounts:audit_list')}?action={AuditEvent.Action.LOCKED_OUT}"),
    ]
