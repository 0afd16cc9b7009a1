"""Daily reminders: providers hear of KPI returns and action plans coming due, officers of audits due,
each e-mail after commit with an absolute link; nobody is reminded of what is already sent."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from commissioning.contracts.models import KpiDefinition, KpiReturn
from commissioning.quality import reminders
from commissioning.quality.models import ActionPlan, Audit, Framework
from commissioning.quality.tasks import raise_due_audits, remind_action_plans, remind_kpi_returns

pytestmark = pytest.mark.django_db
SITE = "https://care.example.gov.uk"


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    def run(task):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            count = task.enqueue().return_value
        return count, list(mail.outbox)

    return run


def _audit(home, **fields):
    return Audit.objects.create(service=home["service"], framework=Framework.objects.get(is_default=True),
                                kind="announced", **fields)


def test_a_provider_is_reminded_a_week_and_a_day_before_a_kpi_return_is_due(home, sent):
    kpi = KpiDefinition.objects.create(contract=home["list"].register_entry, name="Visits on time", unit="%",
                                       target=Decimal(95), days_to_submit=10)
    today = timezone.localdate()
    start, end = reminders.period_of(kpi, date(today.year, today.month, 1) - timedelta(days=1))
    due = end + timedelta(days=10)
    assert [i["period_start"] for i in reminders.kpi_returns_coming_due(today=due - timedelta(days=7))] == [start]
    assert [i["days"] for i in reminders.kpi_returns_coming_due(today=due - timedelta(days=1))] == [1]
    assert reminders.kpi_returns_coming_due(today=due - timedelta(days=3)) == []

    provider = home["provider_user"].provider
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda: due - timedelta(days=7))
        count, messages = sent(remind_kpi_returns)
    assert count == 1 and home["provider_user"].email in messages[0].to + messages[-1].to
    assert messages[0].subject == f"KPI return due {due:%-d %B %Y}: Visits on time for {start:%B %Y}"
    assert f"{SITE}/portal/kpi-returns/" in messages[0].body and "in 7 days" in messages[0].body
    assert provider.name in messages[0].body

    KpiReturn.objects.create(kpi=kpi, provider=provider, period_start=start, value=97,
                             submitted_at=timezone.now(), submitted_by=home["provider_user"])
    assert reminders.kpi_returns_coming_due(today=due - timedelta(days=1)) == []


def test_a_provider_is_reminded_of_an_action_plan_due_tomorrow_and_not_once_it_is_sent(home, sent):
    plan = ActionPlan.objects.create(audit=_audit(home, planned_for="2026-01-01", status="final"),
                                     due=timezone.localdate() + timedelta(days=1))
    count, messages = sent(remind_action_plans)
    assert count == 1 and messages[0].subject == f"Action plan due {plan.due:%-d %B %Y} for Cedar Lodge"
    assert f"{SITE}/portal/action-plans/{plan.pk}/" in messages[0].body and "tomorrow" in messages[0].body
    ActionPlan.objects.filter(pk=plan.pk).update(status="submitted")
    assert sent(remind_action_plans) == (0, [])


def test_the_officer_is_told_of_an_audit_due_today_and_every_officer_when_none_is_assigned(home, officer, sent,
                                                                                          make_user):
    other = make_user("quality_officer", email="second.officer@council.example.gov.uk")
    mine = _audit(home, planned_for=timezone.localdate(), officer=officer)
    _audit(home, planned_for=timezone.localdate() + timedelta(days=7))
    _audit(home, planned_for=timezone.localdate(), status="in_progress", officer=officer)
    count, messages = sent(raise_due_audits)
    assert count == 2
    due_today = next(m for m in messages if "due today" in m.subject)
    assert due_today.to == [officer.email] and f"{SITE}/quality/audits/{mine.pk}/" in due_today.body
    unassigned = [m for m in messages if m is not due_today]
    assert {m.to[0] for m in unassigned} == {officer.email, other.email}
