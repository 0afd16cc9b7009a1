"""Writes of the consultation register."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record

from .. import rules
from ..choices import Method
from ..models import Consultation, ConsultationSettings, ConsultedGroup, Project
from ._common import require


@transaction.atomic
def consultation_record(*, by, topic: str, directorates, groups: list[str], method: str, starts_on: date,
                        ends_on: date, heard: str = "", did: str = "", project: Project | None = None) -> Consultation:
    """Register a consultation or engagement: the directorates asking, and the groups and provider sets asked."""
    require(by, rules.VIEW, "record consultations")
    problems = []
    if not topic.strip():
        problems.append("Enter the topic")
    directorates = list(directorates)
    if not directorates:
        problems.append("Choose the directorates")
    names = sorted({g.strip() for g in groups if g.strip()})
    if not names:
        problems.append("Enter at least one group or provider set asked")
    if method not in Method.values:
        problems.append("Choose how people are asked")
    if ends_on < starts_on:
        problems.append("The end date must be the same as or after the start date")
    if problems:
        raise ValidationError(problems)
    consultation = Consultation.objects.create(topic=topic.strip(), method=method,
                                               starts_on=starts_on, ends_on=ends_on, heard=heard.strip(),
                                               did=did.strip(), project=project, created_by=by)
    consultation.directorates.set(directorates)
    consultation.groups.set([ConsultedGroup.objects.get_or_create(name=n)[0] for n in names])
    audit_record(actor=by, action=Action.CREATED, obj=consultation, note=f"Asks {', '.join(names)}")
    return consultation


@transaction.atomic
def consultation_outcome(*, by, consultation: Consultation, heard: str, did: str) -> Consultation:
    """Record what we heard and what we did; what we did is published on "you said, we did"."""
    require(by, rules.VIEW, "record consultations")
    if did.strip() and not heard.strip():
        raise ValidationError("Enter what we heard before what we did")
    consultation.heard, consultation.did = heard.strip(), did.strip()
    consultation.save(update_fields=["heard", "did", "updated_at"])
    audit_record(actor=by, action=Action.UPDATED, obj=consultation, note="What we heard and did recorded")
    return consultation


@transaction.atomic
def consultation_limit_set(*, by, limit: int) -> ConsultationSettings:
    """Set how many times a group may be asked in 12 months before the register warns."""
    require(by, rules.PLAN, "set the consultation limit")
    if not 1 <= limit <= 50:
        raise ValidationError("The limit must be between 1 and 50")
    row = ConsultationSettings.objects.select_for_update().first() or ConsultationSettings()
    row.limit = limit
    row.save()
    audit_record(actor=by, action=Action.UPDATED, obj=row, note=f"Limit {limit} in 12 months")
    return row
