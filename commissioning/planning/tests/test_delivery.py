"""The strategy's delivery plan: seed 003's aims and recommendations as a tracked plan, with
owners, milestones, a RAG rating with its reason, evidence of progress and annual reviews."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.core.home import work_for
from commissioning.core.models import AuditEvent
from commissioning.planning import selectors, services
from commissioning.planning.models import Aim, Evidence, Recommendation

from .factories import make_project

pytestmark = pytest.mark.django_db

SEED_AIMS = ["Contracting", "Compliance", "Direct Payments", "Intelligence", "Accommodation", "Collaboration",
             "Coproduction", "Engagement"]


def _operational():
    return Recommendation.objects.get(kind="Operational")


def test_seed_003s_eight_aims_and_its_recommendations_ship_in_its_words():
    aims = list(Aim.objects.all())
    assert [a.title for a in aims] == SEED_AIMS and [a.number for a in aims] == list(range(1, 9))
    assert aims[4].text.startswith("Work towards our customers living in appropriate accommodation settings")
    rows = {(r.aim.title, r.kind, r.text[:40]) for r in Recommendation.objects.select_related("aim")}
    assert rows == {("Accommodation", "Strategic", "Finalise the Younger Adults (18-64yrs) L"),
                    ("Intelligence", "Strategic", "Produce a gap analysis across markets fo"),
                    ("Compliance", "Strategic", "Develop an approach to manage high-cost "),
                    ("Engagement", "Operational", "There are multiple forthcoming tender op"),
                    ("Compliance", "Business", "Fee Structures: the aspiration is for al")}
    assert [m.title for m in _operational().milestones.order_by("pk")] == [
        "Extra Care", "Advocacy", "Home care", "Day Opportunities", "Short Breaks", "Carers Support Service",
        "Supported Living", "Revised Terms and Conditions for Care Homes"]
    accommodation = Recommendation.objects.get(aim__title="Accommodation")
    assert [m.target_date for m in accommodation.milestones.order_by("pk")] == [date(2024, 11, 30),
                                                                                 date(2025, 3, 31)]


def test_the_plan_lists_recommendations_by_aim_and_says_who_owns_none(client, commissioner):
    client.force_login(commissioner)
    page = client.get(reverse("planning:delivery_plan")).content.decode()
    for title in SEED_AIMS:
        assert title in page
    assert "Not yet given" in page and "Not yet rated" in page and "0 of 8" in page
    assert "No recommendations under this aim yet." in page


def test_a_rating_needs_its_reason_and_the_change_is_audited(client, commissioner):
    recommendation = _operational()
    client.force_login(commissioner)
    url = reverse("planning:recommendation_edit", args=[recommendation.pk])
    form = {"aim": recommendation.aim_id, "text": recommendation.text, "owner": commissioner.pk, "rag": "amber",
            "rag_reason": "", "next_review_on": ""}
    page = client.post(url, form).content.decode()
    assert "Give the reason for the RAG rating" in page
    review_on = date.today() + timedelta(days=300)
    response = client.post(url, {**form, "rag_reason": "Home care tender not yet announced to providers",
                                 "next_review_on": review_on.isoformat()}, follow=True)
    assert "Recommendation saved" in response.content.decode()
    recommendation.refresh_from_db()
    assert (recommendation.owner, recommendation.rag, recommendation.next_review_on) == (commissioner, "amber",
                                                                                         review_on)
    event = AuditEvent.objects.get(object_id=recommendation.pk, action="updated")
    assert event.changes["RAG rating"] == ["", "Amber"] and event.changes["Owner"][0] == ""


def test_an_annual_review_sets_the_rating_and_next_date_and_a_due_one_waits_on_the_owners_home(commissioner):
    recommendation = services.recommendation_save(
        by=commissioner, recommendation=_operational(), aim=_operational().aim, kind="Operational",
        text=_operational().text, owner=commissioner, next_review_on=date.today())
    assert [i.count for i in work_for(commissioner) if i.text == "Delivery plan recommendations to review"] == [1]
    with pytest.raises(ValidationError) as error:
        services.recommendation_review(by=commissioner, recommendation=recommendation, reviewed_on=date.today(),
                                       summary="On track", rag="green",
                                       next_review_on=date.today() + timedelta(days=500))
    assert error.value.message_dict == {"next_review_on": ["The next review must be within 15 months: the plan is "
                                                           "reviewed every year"]}
    services.recommendation_review(by=commissioner, recommendation=recommendation, reviewed_on=date.today(),
                                   summary="Extra care and home care tenders announced at the provider forum",
                                   rag="green", next_review_on=date.today() + timedelta(days=365))
    recommendation.refresh_from_db()
    assert recommendation.rag == "green" and recommendation.rag_reason.startswith("Extra care and home care")
    assert recommendation.reviews.count() == 1
    assert not [i for i in work_for(commissioner) if i.text == "Delivery plan recommendations to review"]
    assert AuditEvent.objects.filter(object_id=recommendation.pk, action="status_changed").exists()


def test_the_review_page_refuses_an_empty_form_and_records_a_review(client, commissioner):
    recommendation = services.recommendation_save(
        by=commissioner, recommendation=_operational(), aim=_operational().aim, kind="Operational",
        text=_operational().text, owner=commissioner)
    client.force_login(commissioner)
    url = reverse("planning:recommendation_review", args=[recommendation.pk])
    page = client.post(url, {"summary": ""}).content.decode()
    assert "Enter what the review found" in page and "Choose the RAG rating" in page
    response = client.post(url, {"reviewed_on": date.today().isoformat(), "summary": "Tenders announced",
                                 "rag": "green", "next_review_on": (date.today() + timedelta(days=364)).isoformat()},
                           follow=True)
    page = response.content.decode()
    assert "Review recorded" in page and "Tenders announced" in page and "Annual reviews" in page


def test_a_milestone_reached_in_the_future_is_refused_and_a_missed_one_shows_late(client, commissioner):
    recommendation = Recommendation.objects.get(aim__title="Accommodation")
    milestone = recommendation.milestones.order_by("pk").first()
    with pytest.raises(ValidationError, match="today or in the past"):
        services.milestone_save(by=commissioner, recommendation=recommendation, milestone=milestone,
                                title=milestone.title, target_date=milestone.target_date,
                                actual_date=date.today() + timedelta(days=1))
    client.force_login(commissioner)
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert "30 November 2024" in page and "Late" in page
    services.milestone_save(by=commissioner, recommendation=recommendation, milestone=milestone,
                            title=milestone.title, target_date=milestone.target_date, actual_date=date(2024, 11, 20))
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert "20 November 2024" in page and "Reached" in page


def test_evidence_links_to_the_record_that_shows_progress_once(client, commissioner):
    recommendation = _operational()
    project = make_project(commissioner, name="Extra care re-tender")
    client.force_login(commissioner)
    url = reverse("planning:evidence_add", args=[recommendation.pk])
    page = client.post(url, {"project": ""}).content.decode()
    assert "Choose one record: a procurement timetable, a consultation or an approved list" in page
    client.post(url, {"project": project.pk})
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert f'href="{project.get_absolute_url()}">Extra care re-tender</a>' in page
    with pytest.raises(ValidationError, match="already evidence"):
        services.evidence_add(by=commissioner, recommendation=recommendation, project=project)
    assert Evidence.objects.filter(recommendation=recommendation).count() == 1


def test_only_planners_change_the_plan(make_user):
    with pytest.raises(Exception, match="may not"):
        services.recommendation_save(by=make_user(Role.QUALITY_OFFICER), recommendation=_operational(),
                                     aim=_operational().aim, text="Changed")
    assert selectors.recommendations(user=make_user(Role.PROVIDER_USER)).count() == 0
