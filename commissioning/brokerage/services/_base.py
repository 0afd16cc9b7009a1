"""What every brokerage service shares: the clock and row locks."""
from datetime import datetime

from django.utils import timezone

from commissioning.core.workflow import Workflow

from ..models import CareRequest


def now() -> datetime:
    """The current time; one place so services agree on it."""
    return timezone.now()


def lock_request(request: CareRequest) -> CareRequest:
    """The request row, locked for this transaction so two brokers cannot move it at once."""
    return CareRequest.objects.select_for_update().get(pk=request.pk)


def guard(obj, workflow: Workflow, event: str) -> None:
    """Refuse, before any other check, an event the record's status does not allow (TransitionNotAllowed)."""
    workflow.next_status(getattr(obj, workflow.field), event)
