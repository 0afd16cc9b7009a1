"""The one workflow core every app uses: a table of (status, event) → new status per workflow,
checked by `transition`, which writes the status-event row and the audit line in the same
transaction. Services call it; the API answers 409 and pages show an error when a pair is not
in the table; presenters use `Workflow.events_from` to offer only the buttons that can work."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models

from .audit import Action, Source, audit_record


class TransitionNotAllowed(Exception):
    """The workflow has no such move from the record's current status."""

    def __init__(self, label: str, status: str, event: str):
        shown = getattr(status, "label", status)
        shown = str(shown).lower() if shown else "new"
        article = "An" if label[:1].lower() in "aeiou" else "A"
        super().__init__(f"{article} {label} that is {shown} cannot be asked to {event.replace('_', ' ')}")
        self.status, self.event = status, event


def next_status(table: Mapping, label: str, status: str, event: str) -> str:
    """The status `event` leads to from `status`, or TransitionNotAllowed."""
    try:
        return table[(status, event)]
    except KeyError:
        raise TransitionNotAllowed(label, status, event) from None


def events_from(table: Mapping, status: str) -> list[str]:
    """The events that can happen from `status`, in table order."""
    return [event for (from_status, event) in table if from_status == status]


@dataclass(frozen=True)
class Workflow:
    """One workflow: its name as people read it, its table, the status field it moves and the
    related name of its status-event rows."""

    label: str
    table: Mapping = field(repr=False)
    field: str = "status"
    history: str = "status_events"

    def next_status(self, status: str, event: str) -> str:
        return next_status(self.table, self.label, status, event)

    def events_from(self, status: str) -> list[str]:
        return events_from(self.table, status)

    def allows(self, status: str, event: str) -> bool:
        return (status, event) in self.table


def event_between(workflow: Workflow, old: str, new: str) -> str:
    """The event that moves a record from `old` to `new`, for edits that choose the new status from a
    list; TransitionNotAllowed when the table has no such move."""
    for (status, event), to_status in workflow.table.items():
        if status == old and to_status == new:
            return event
    label = getattr(new, "label", new)
    raise TransitionNotAllowed(workflow.label, old, f"become {str(label).lower()}")


def transition(obj: models.Model, workflow: Workflow, event: str, *, by, note: str = "",
               source: str = Source.WEB, **fields) -> models.Model:
    """Move `obj` by `event` if its workflow's table allows it: set the new status (and any other
    `fields`), save, append the status-event row and the audit line. Call it inside the service's
    transaction, on a row locked with select_for_update where two people could race."""
    old = getattr(obj, workflow.field)
    new = workflow.next_status(old, event)
    status_field = obj._meta.get_field(workflow.field)
    old_label = _label(status_field, old)
    setattr(obj, workflow.field, new)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()
    getattr(obj, workflow.history).create(by=by, event=event, from_status=old or "", to_status=new, note=note)
    audit_record(actor=by, action=Action.STATUS_CHANGED, obj=obj, source=source, note=note or event.replace("_", " "),
                 changes={str(status_field.verbose_name).capitalize(): [old_label, _label(status_field, new)]})
    return obj


def _label(status_field: models.Field, value) -> str:
    if not value:
        return ""
    return str(dict(status_field.flatchoices).get(value, value))
