"""Quality through the pages: an audit from planned to final, the provider's draft, plan and KPI
pages, and what each organisation may see."""
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.contracts.models import KpiDefinition
from commissioning.quality import services
from commissioning.quality.choices import AuditStatus, PlanStatus
from commissioning.quality.models import Audit, Standard


def test_an_officer_audits_through_the_pages(client, home, officer):
    client.force_login(officer)
    client.post(reverse("quality:index"), {"start": timezone.localdate().isoformat()})
    audit = Audit.objects.get()
    client.post(reverse("quality:audit_event", args=[audit.pk, "start"]))
    standards = Standard.objects.filter(domain__framework=audit.framework)
    data = {"visited_on": timezone.localdate().isoformat(), "summary": "Two days on site"}
    page = client.post(reverse("quality:audit_rate", args=[audit.pk]), data).content.decode()
    assert "Choose a rating for standard 1" in page and "Record the evidence for standard 16" in page
    for s in standards:
        data[f"r{s.pk}"], data[f"e{s.pk}"] = "poor", f"Seen: standard {s.number}"
    client.post(reverse("quality:audit_rate", args=[audit.pk]), data)
    client.post(reverse("quality:audit_event", args=[audit.pk, "issue_draft"]))
    response = client.post(reverse("quality:audit_event", args=[audit.pk, "publish"]), follow=True)
    assert "can challenge the draft until" in response.content.decode()
    Audit.objects.filter(pk=audit.pk).update(comments_due=timezone.localdate() - timedelta(days=1))
    client.post(reverse("quality:audit_event", args=[audit.pk, "publish"]))
    audit.refresh_from_db()
    assert audit.status == AuditStatus.FINAL and audit.rag == "red"
    page = client.get(reverse("quality:provider_quality", args=[home["service"].provider_id])).content.decode()
    audit.refresh_from_db()
    published = f"{audit.published_on.day} {audit.published_on:%B %Y}"
    assert 'role="img" aria-label="Overall audit rating over time"' in page and "<polyline" not in page
    assert (f"One final audit report of {home['service'].provider.name}, published {published}: rated Poor."
            in page)
    assert (f'<th scope="row" class="govuk-table__header">{published}</th><td class="govuk-table__cell">'
            f'{home["service"].name}</td><td class="govuk-table__cell">Poor</td>') in page


def test_the_provider_sees_only_its_own_reports_and_never_a_planned_visit(client, home, officer, rated_audit,
                                                                         other_provider_user):
    planned = services.visit_add(service=home["service"], by=officer, planned_for=timezone.localdate(),
                                 reason="Unannounced visit next week")
    draft = services.audit_issue_draft(audit=rated_audit(), by=officer)
    client.force_login(home["provider_user"])
    page = client.get(reverse("portal:audit_list")).content.decode()
    assert reverse("portal:audit", args=[draft.pk]) in page
    assert reverse("portal:audit", args=[planned.pk]) not in page
    assert client.get(reverse("portal:audit", args=[planned.pk])).status_code == 404
    client.force_login(other_provider_user)
    assert client.get(reverse("portal:audit", args=[draft.pk])).status_code == 404
    assert reverse("portal:audit", args=[draft.pk]) not in client.get(reverse("portal:audit_list")).content.decode()


def test_the_provider_challenges_a_draft_in_the_portal(client, home, officer, rated_audit):
    draft = services.audit_issue_draft(audit=rated_audit(), by=officer)
    client.force_login(home["provider_user"])
    url = reverse("portal:audit", args=[draft.pk])
    assert "Describe the fact" in client.post(url, {"action": "challenge", "text": ""}).content.decode()
    client.post(url, {"action": "challenge", "text": "The fire drill was on 2 May"})
    client.post(url, {"action": "agree"})
    draft.refresh_from_db()
    assert draft.challenges.count() == 1 and draft.provider_agreed_on == timezone.localdate()


def test_the_provider_sends_its_action_plan_and_the_officer_accepts_it(client, home, officer, rated_audit):
    audit = services.audit_issue_draft(audit=rated_audit("poor"), by=officer)
    services.draft_agree(audit=audit, by=home["provider_user"])
    audit = services.audit_publish(audit=audit, by=officer)
    plan = audit.action_plan
    client.force_login(home["provider_user"])
    url = reverse("portal:plan", args=[plan.pk])
    form = {"items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "0"}
    page = client.post(url, form).content.decode()
    assert "Add at least one action" in page
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    client.post(url, form | {"items-0-issue": "Medicines", "items-0-action": "Weekly audit",
                             "items-0-owner": "Manager", "items-0-due": due})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and plan.items.count() == 1
    client.force_login(officer)
    client.post(reverse("quality:plan_detail", args=[plan.pk]), {"decision": "accept", "note": ""})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACCEPTED


def test_the_lead_commissioner_sees_only_their_markets_reviews(client, home, officer, rated_audit, make_user):
    from commissioning.accounts.roles import MarketArea
    audit = services.audit_issue_draft(audit=rated_audit("poor"), by=officer)
    services.draft_agree(audit=audit, by=home["provider_user"])
    review = services.audit_publish(audit=audit, by=officer).contract_review
    client.force_login(home["lead"])
    assert home["service"].name in client.get(reverse("quality:review_list")).content.decode()
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Resident 0" in page and "Council (Care Act 2014)" in page
    client.force_login(make_user(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.HOME_CARE))
    assert client.get(review.get_absolute_url()).status_code == 404


def test_the_social_worker_records_the_safety_of_their_own_people(client, home, officer, rated_audit):
    audit = services.audit_issue_draft(audit=rated_audit("poor"), by=officer)
    services.draft_agree(audit=audit, by=home["provider_user"])
    check = services.audit_publish(audit=audit, by=officer).safety_check
    worker = home["workers"][0]
    client.force_login(worker)
    assert home["service"].name in client.get(reverse("quality:safety_list")).content.decode()
    mine = check.people.get(social_worker=worker)
    theirs = check.people.exclude(social_worker=worker).get()
    assert client.post(check.get_absolute_url(), {"row": theirs.pk, "outcome": "x"}).status_code == 404
    page = client.post(check.get_absolute_url(), {"row": mine.pk, "outcome": ""}).content.decode()
    assert "Record the outcome" in page
    client.post(check.get_absolute_url(), {"row": mine.pk, "outcome": "Visited, safe and well"})
    mine.refresh_from_db()
    assert mine.checked_on == timezone.localdate()


def test_kpi_returns_in_the_portal(client, home):
    KpiDefinition.objects.create(contract=home["list"].register_entry, name="Visits on time", unit="%", target=95)
    client.force_login(home["provider_user"])
    page = client.get(reverse("portal:kpi_returns")).content.decode()
    assert "Visits on time" in page and "late" in page
    today = timezone.localdate()
    start = services.add_months(today.replace(day=1), -1)
    client.post(reverse("portal:kpi_returns"), {"period_start": start.isoformat(), "value": "97"})
    assert home["provider_user"].provider.kpi_returns.get().value == 97


def test_the_officer_configures_the_method_bands_and_rag(client, home, officer, rated_audit):
    from commissioning.quality.models import Framework
    client.force_login(officer)
    data = {"method": "lowest", "excellent_from": "3.75", "good_from": "3.00", "requires_improvement_from": "2.00",
            "rag_excellent": "green", "rag_good": "amber", "rag_requires_improvement": "red", "rag_poor": "red"}
    bad = client.post(reverse("quality:framework"), data | {"good_from": "3.90"}).content.decode()
    assert "The bands must fall" in bad
    client.post(reverse("quality:framework"), data)
    framework = Framework.objects.get(is_default=True)
    assert framework.method == "lowest" and framework.rag_mapping["good"] == "amber"
    audit = rated_audit("good")
    assert audit.overall_rating == "good" and audit.rag == "amber"
