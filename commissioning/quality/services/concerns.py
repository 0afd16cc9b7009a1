"""Provider concern cases, escalating stage by stage towards provider failure. At the suspension
stage or beyond the provider gets no new placements (set through the providers' own service)."""
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record
from commissioning.core.workflow import transition
from commissioning.providers.models import Provider
from commissioning.providers.services import provider_set_placements_suspended

from .. import selectors, transitions
from ..choices import ConcernStage
from ..models import ConcernCase
from ._common import today
from .planning import visit_add

SUSPENDING = (ConcernStage.SUSPENDED, ConcernStage.EXIT)


def _set_suspension(provider: Provider, by) -> None:
    suspended = ConcernCase.objects.filter(provider=provider, stage__in=SUSPENDING).exists()
    provider_set_placements_suspended(provider=provider, suspended=suspended, by=by, note="Provider concern case")


@transaction.atomic
def concern_open(*, provider: Provider, by, summary: str) -> ConcernCase:
    """Open a concern case at the initial meeting and add a monitoring visit to each of the
    provider's commissioned services."""
    if not summary.strip():
        raise ValidationError("Describe the concerns")
    case = ConcernCase.objects.create(provider=provider, opened_by=by, summary=summary)
    case.status_events.create(by=by, event="opened", from_status="", to_status=case.stage, note=summary)
    audit_record(actor=by, action=Action.CREATED, obj=case, note=summary)
    for service in selectors.commissioned_services().filter(provider=provider):
        visit_add(service=service, by=by, planned_for=today() + timedelta(days=7),
                  reason=f"Monitoring visit: concerns raised ({case})")
    return case


@transaction.atomic
def concern_move(*, case: ConcernCase, by, event: str, note: str) -> ConcernCase:
    """Escalate, lift the suspension of, or close a case, saying why; the provider's placements follow."""
    if not note.strip():
        raise ValidationError("Record why the case moves")
    case = ConcernCase.objects.select_for_update().select_related("provider").get(pk=case.pk)
    transition(case, transitions.CONCERN, event, by=by, note=note)
    _set_suspension(case.provider, by)
    return case
