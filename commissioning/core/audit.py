"""The explicit auditor: services call it for every change a person or import makes."""
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent

Action = AuditEvent.Action
Source = AuditEvent.Source


def display_value(obj: models.Model, field: models.Field):
    """A field's value as a person reads it, for the history page (JSON-safe)."""
    if isinstance(field, models.ManyToManyField):
        if obj.pk is None:
            return []
        return sorted(str(x) for x in getattr(obj, field.name).all())
    value = getattr(obj, field.name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        # A JSON field as stored: the same mapping whatever order the database hands its keys back in.
        return {str(key): value[key] for key in sorted(value, key=str)}
    return value if isinstance(value, (int, str)) else str(value)


def snapshot(obj: models.Model, field_names: Iterable[str]) -> dict:
    """Display values of the named fields, keyed by field name."""
    meta = obj._meta
    return {name: display_value(obj, meta.get_field(name)) for name in field_names}


def diff(obj: models.Model, before: dict, after: dict) -> dict:
    """The fields whose display value changed, keyed by their label, as [before, after]."""
    meta = obj._meta
    changes = {}
    for name, old in before.items():
        new = after.get(name)
        if old != new:
            label = str(meta.get_field(name).verbose_name)
            changes[label[:1].upper() + label[1:]] = [old, new]
    return changes


def audit_record(*, actor, action: str, obj: models.Model, changes: dict | None = None,
                 source: str = Source.WEB, note: str = "") -> AuditEvent:
    """Append who did what to `obj`; `actor` is a user, or None for the system itself."""
    label = actor.get_full_name() or actor.username if actor is not None else "System"
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=label,
        action=action,
        source=source,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        changes=changes or {},
        note=note[:500],
    )


def history_for(objects: Iterable[models.Model]):
    """Every audit event about any of `objects`, newest first."""
    by_type: dict[int, list[int]] = {}
    for obj in objects:
        ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        by_type.setdefault(ct.pk, []).append(obj.pk)
    query = models.Q(pk__in=[])
    for ct_id, ids in by_type.items():
        query |= models.Q(content_type_id=ct_id, object_id__in=ids)
    return AuditEvent.objects.filter(query).select_related("content_type")
