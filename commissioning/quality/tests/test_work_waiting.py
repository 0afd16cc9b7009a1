"""Each role's home page lists the quality work waiting for them, linking to pages they may open."""
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import MarketArea, Role
from commissioning.contracts.tests.factories import ContractMeetingFactory, KpiDefinitionFactory
from commissioning.core import home as home_page
from commissioning.quality import services
from commissioning.quality import work as quality_work
from commissioning.quality.choices import ConcernStage
from commissioning.quality.tests.factories import ConcernCaseFactory


def _work(user) -> dict[str, tuple[int, str]]:
    return {item.text: (item.count, item.url) for item in home_page.work_for(user)}


def _opens(user, url) -> int:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code


@pytest.mark.django_db
def test_a_quality_officer_sees_audits_due_and_plans_to_review(home, officer, amber):
    services.visit_add(service=home["service"], by=officer, planned_for=timezone.localdate() - timedelta(days=1),
                       reason="Follow-up", kind="monitoring")
    services.plan_submit(plan=amber.action_plan, by=home["provider_user"], items=[
        {"issue": "Medicines records", "action": "Weekly audit", "owner": "Manager",
         "due": timezone.localdate() + timedelta(days=30)}])

    work = _work(officer)

    assert work["Audit due or under way"][0] == 1
    assert work["Action plan to review"][0] == 1
    assert _opens(officer, work["Action plan to review"][1]) == 200
    page = Client()
    page.force_login(officer)
    assert "Action plan to review" in page.get(reverse("core:home")).content.decode()


@pytest.mark.django_db
def test_a_lead_commissioner_sees_their_markets_reviews_and_meetings_due(home, amber, make_user):
    lead = home["lead"]
    ContractMeetingFactory(contract=home["list"].register_entry, provider=home["service"].provider,
                           market_area_id=MarketArea.CARE_HOMES, scheduled_for=timezone.localdate() + timedelta(days=3))
    ContractMeetingFactory(market_area_id=MarketArea.CARE_HOMES,
                           scheduled_for=timezone.localdate() + timedelta(days=60))
    other_market = make_user(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.HOME_CARE)

    work = _work(lead)

    assert work["Contract review to carry out"][0] == 1
    assert work["Contract meeting due in the next 14 days or overdue"][0] == 1
    assert all(_opens(lead, url) == 200 for _, url in work.values())
    assert _work(other_market) == {}


@pytest.mark.django_db
def test_the_head_of_commissioning_sees_concerns_to_decide_and_open_reviews(amber, make_user):
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    ConcernCaseFactory(stage=ConcernStage.SUSPENDED)
    ConcernCaseFactory(stage=ConcernStage.INITIAL_MEETING)

    work = _work(head)

    assert work["Provider concern at safeguarding, suspension or exit to decide on"][0] == 1
    assert work["Contract review open after an Amber or Red audit"][0] == 1
    assert all(_opens(head, url) == 200 for _, url in work.values())


@pytest.mark.django_db
def test_a_social_worker_sees_only_the_safety_checks_naming_their_people(home, amber, make_user):
    worker = home["workers"][0]
    work = _work(worker)
    assert work["Safety check of people you placed"][0] == 1
    assert _opens(worker, work["Safety check of people you placed"][1]) == 200
    assert _work(make_user(Role.SOCIAL_WORKER)) == {}


@pytest.mark.django_db
def test_a_provider_user_sees_its_action_plan_and_kpi_returns_to_send(home, amber, make_user):
    provider_user = home["provider_user"]
    KpiDefinitionFactory(contract=home["list"].register_entry, days_to_submit=10)

    work = _work(provider_user)

    assert work["Action plan to send"] == (1, reverse("portal:plan", args=[amber.action_plan.pk]))
    returns = sum(count for text, (count, _) in work.items() if text.startswith("KPI return"))
    assert returns >= 1
    assert all(_opens(provider_user, url) == 200 for _, url in work.values())
    # Another organisation has none of this provider's quality work (other apps may offer it theirs).
    assert [item for item in quality_work.work_for(make_user(Role.PROVIDER_USER)) if item.count] == []


@pytest.mark.django_db
def test_roles_quality_gives_no_work_see_none_of_it(amber, make_user):
    for role in (Role.BROKER, Role.FINANCE_OFFICER, Role.EVALUATOR):
        assert not [text for text in _work(make_user(role)) if "audit" in text.lower() or "plan" in text.lower()]
