"""Writes of the weekly bed return a care home sends in the portal (like the national Capacity Tracker)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, audit_record

from ..domain.market import check_beds
from ..models import VacancyReturn


def due_at(week_start: date) -> datetime:
    """When a week's return is due: the end of the week's due day (Tuesday by default)."""
    days = getattr(settings, "INTELLIGENCE_VACANCY_DUE_DAYS", 1)
    return timezone.make_aware(datetime.combine(week_start + timedelta(days=days), time(23, 59, 59)))


@transaction.atomic
def vacancy_return_submit(*, service, week_start: date, beds_maximum: int, beds_occupied: int, by,
                          now: datetime | None = None) -> VacancyReturn:
    """Record a care home's beds for a week: its own service only, a Monday not in the future, occupied
    no more than the maximum; a second return for the week corrects the first and keeps it late if it was."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if by.provider_id is None or service.provider_id != by.provider_id:
        raise ValidationError({"service": ["Choose one of your organisation's care homes"]})
    if not service.beds:
        errors["service"] = ["This service has no beds in the register"]
    if week_start.weekday() != 0:
        errors["week_start"] = ["The week must start on a Monday"]
    if week_start > timezone.localdate(now):
        errors["week_start"] = ["The week must not be in the future"]
    problems = check_beds(beds_maximum, beds_occupied)
    if problems:
        errors["beds_occupied"] = problems
    if errors:
        raise ValidationError(errors)
    existing = VacancyReturn.objects.select_for_update().filter(service=service, week_start=week_start).first()
    late = now > due_at(week_start) if existing is None else existing.late
    row, created = VacancyReturn.objects.update_or_create(service=service, week_start=week_start, defaults={
        "beds_maximum": beds_maximum, "beds_occupied": beds_occupied, "beds_vacant": beds_maximum - beds_occupied,
        "late": late, "submitted_by": by, "submitted_at": now})
    audit_record(actor=by, action=Action.CREATED if created else Action.UPDATED, obj=row,
                 note=f"{row.beds_vacant} vacant of {row.beds_maximum}{' (late)' if late else ''}")
    return row
