"""The front door: options other than a bought package (technology, Shared Lives, short breaks,
community support) are considered first; one that fully meets the need closes the request."""
from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record
from commissioning.core.workflow import TransitionNotAllowed, transition

from ..choices import FrontDoorOption, FrontDoorOutcome
from ..models import CareRequest, FrontDoorCheck
from ..transitions import REQUEST
from ._base import lock_request


def require_front_door(request: CareRequest) -> None:
    """A package is sourced only after the front-door options were recorded."""
    if not request.front_door_checks.exists():
        raise ValidationError("Record the front-door options considered before sourcing a package")


@transaction.atomic
def front_door_record(*, request: CareRequest, by, option: str, outcome: str, note: str = "",
                      suggested=None) -> FrontDoorCheck:
    """Record a front-door option considered (again, if it was before); one that meets the need closes
    the request, any other keeps it waiting. `suggested` is the directory listing a broker suggested
    (option "directory"), which is recorded with the check; suggesting another replaces it."""
    if (option == FrontDoorOption.DIRECTORY) != (suggested is not None):
        raise ValidationError("Choose the service suggested from the directory")
    if suggested is not None and not suggested.published:
        raise ValidationError("That service is no longer in the directory")
    request = lock_request(request)
    event = "front_door_met" if outcome == FrontDoorOutcome.MET else "front_door_checked"
    if not REQUEST.allows(request.status, event):
        raise TransitionNotAllowed(REQUEST.label, request.status, "record a front-door option")
    check = FrontDoorCheck.objects.filter(request=request, option=option).first()
    if check is None:
        check = FrontDoorCheck.objects.create(request=request, option=option, outcome=outcome, note=note,
                                              suggested=suggested, recorded_by=by)
        audit_record(actor=by, action=Action.CREATED, obj=check, note=str(check))
    else:
        before = str(check)
        check.outcome, check.note, check.recorded_by, check.suggested = outcome, note, by, suggested
        check.save(update_fields=["outcome", "note", "recorded_by", "suggested"])
        audit_record(actor=by, action=Action.UPDATED, obj=check, changes={"Outcome": [before, str(check)]})
    transition(request, REQUEST, event, by=by, note=str(check))
    return check
