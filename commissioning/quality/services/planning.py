"""The audit programme: the year's audits planned by risk, and visits added when needed."""
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record
from commissioning.providers.models import Service

from .. import selectors
from ..choices import AuditKind
from ..models import Audit


@transaction.atomic
def plan_year(*, by, start: date) -> int:
    """Plan an annual audit for every commissioned service that has none open, riskiest first and
    soonest; the riskier half unannounced."""
    rows = [r for r in selectors.programme(today=start) if r.next_audit is None]
    framework = selectors.default_framework()
    for i, row in enumerate(rows):
        when = start + timedelta(days=(i * 330) // max(len(rows), 1))
        kind = AuditKind.UNANNOUNCED if i < len(rows) / 2 else AuditKind.ANNOUNCED
        audit = Audit.objects.create(service=row.service, framework=framework, kind=kind, planned_for=when,
                                     reason=f"Risk score {row.score}: {'; '.join(row.reasons) or 'low risk'}")
        audit_record(actor=by, action=Action.CREATED, obj=audit)
    return len(rows)


@transaction.atomic
def visit_add(*, service: Service, by, planned_for: date, reason: str, kind: str = AuditKind.MONITORING) -> Audit:
    """Add a monitoring visit (or another audit) to a service; the reason is required."""
    if not reason.strip():
        raise ValidationError("Say why the visit is needed")
    audit = Audit.objects.create(service=service, framework=selectors.default_framework(), kind=kind,
                                 planned_for=planned_for, reason=reason)
    audit_record(actor=by, action=Action.CREATED, obj=audit, note=reason)
    return audit
