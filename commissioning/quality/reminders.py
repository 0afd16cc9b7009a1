"""Reminders that keep quality monitoring on time without anyone remembering to send them.

Run daily from the schedule. A provider is reminded of a KPI return or an action plan on each of the
days REMINDER_DAYS_BEFORE its deadline (7 and 1 by default) while it is not yet sent; an officer is
told of each audit planned for today, or for one of those days ahead, that has not started. Each
daily slot runs once (core/schedules.py), so each reminder is sent once. Reads quality's records
and the contracts' KPIs (ADR 0026); sends e-mail after commit through core.mail.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.contracts.choices import KpiPeriod
from commissioning.contracts.models import KpiDefinition, KpiReturn
from commissioning.contracts.selectors_management import owing_returns
from commissioning.core.mail import absolute_url, send_email

from .choices import AuditStatus, PlanStatus
from .models import ActionPlan, Audit


def provider_addresses(provider) -> list[str]:
    """Where a provider is written to: its active users and its main contact address."""
    emails = set(User.objects.filter(provider=provider, is_active=True).exclude(email="")
                 .values_list("email", flat=True))
    if provider.contact_email:
        emails.add(provider.contact_email)
    return sorted(emails)


def _months(kpi: KpiDefinition) -> int:
    return 3 if kpi.period == KpiPeriod.QUARTERLY else 1


def period_of(kpi: KpiDefinition, day: date) -> tuple[date, date]:
    """The first and last day of the KPI's reporting period (month or quarter) that holds `day`."""
    step = _months(kpi)
    first_month = day.month - (day.month - 1) % step
    start = date(day.year, first_month, 1)
    last_month = first_month + step - 1
    return start, date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


def kpi_returns_coming_due(*, today: date) -> list[dict]:
    """Each (KPI, provider, period) whose return is due in one of the reminder days and not yet sent."""
    due = []
    for kpi in KpiDefinition.objects.select_related("contract__supplier"):
        owing = owing_returns(kpi)
        for days in settings.REMINDER_DAYS_BEFORE:
            deadline = today + timedelta(days=days)
            start, end = period_of(kpi, deadline - timedelta(days=kpi.days_to_submit))
            if end + timedelta(days=kpi.days_to_submit) != deadline:
                continue
            sent = set(KpiReturn.objects.filter(kpi=kpi, period_start=start).values_list("provider_id", flat=True))
            for provider_id, (provider, since) in owing.items():
                if provider_id in sent or since > end:
                    continue
                due.append({"kpi": kpi, "provider": provider, "period_start": start, "period_end": end,
                            "due": deadline, "days": days})
    return due


def remind_kpi_returns(*, today: date | None = None) -> int:
    """E-mail each provider of each KPI return coming due; returns how many reminders were sent."""
    today = today or timezone.localdate()
    sent = 0
    for item in kpi_returns_coming_due(today=today):
        sent += send_email(to=provider_addresses(item["provider"]), template="quality/email/kpi_return_due",
                           context={**item, "url": absolute_url(reverse("portal:kpi_returns"))})
    return sent


def remind_action_plans(*, today: date | None = None) -> int:
    """E-mail each provider whose required action plan is due in one of the reminder days."""
    today = today or timezone.localdate()
    days_ahead = {today + timedelta(days=d): d for d in settings.REMINDER_DAYS_BEFORE}
    sent = 0
    plans = ActionPlan.objects.filter(status=PlanStatus.REQUIRED, due__in=list(days_ahead)).select_related(
        "audit__service__provider")
    for plan in plans:
        provider = plan.audit.service.provider
        sent += send_email(to=provider_addresses(provider), template="quality/email/action_plan_due",
                           context={"plan": plan, "audit": plan.audit, "service": plan.audit.service,
                                    "days": days_ahead[plan.due],
                                    "url": absolute_url(reverse("portal:plan", args=[plan.pk]))})
    return sent


def raise_due_audits(*, today: date | None = None) -> int:
    """Tell the officer of each planned audit due today or on a reminder day (every quality officer when
    none is assigned); returns how many messages were sent."""
    today = today or timezone.localdate()
    days_ahead = {today + timedelta(days=d): d for d in [0, *settings.REMINDER_DAYS_BEFORE]}
    officers = sorted(User.objects.filter(role=Role.QUALITY_OFFICER, is_active=True).exclude(email="")
                      .values_list("email", flat=True))
    sent = 0
    audits = Audit.objects.filter(status=AuditStatus.PLANNED, planned_for__in=list(days_ahead)).select_related(
        "service__provider", "officer")
    for audit in audits:
        to = [audit.officer.email] if audit.officer and audit.officer.email else officers
        sent += send_email(to=to, template="quality/email/audit_due",
                           context={"audit": audit, "service": audit.service, "days": days_ahead[audit.planned_for],
                                    "url": absolute_url(reverse("quality:audit_detail", args=[audit.pk]))})
    return sent
