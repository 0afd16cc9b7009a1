"""Each quality status and rating shows its own tag colour; who sees which quality record; and the
writes the pages make (KPIs, the framework, safeguardings, feedback) are audited."""
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.accounts.tests.factories import UserFactory
from commissioning.core.models import AuditEvent
from commissioning.quality import selectors
from commissioning.quality.choices import AuditRag, AuditStatus, ConcernStage, PlanStatus, StandardRating
from commissioning.quality.models import (
    ActionItem,
    ActionPlan,
    Audit,
    Challenge,
    ConcernCase,
    ContractReview,
    Feedback,
    Safeguarding,
    SafetyCheck,
)
from commissioning.quality.tests import factories as f


def _tag(value) -> str:
    return Template("{% load govuk %}{% status_tag value %}").render(Context({"value": value}))


# Colours -----------------------------------------------------------------------------------

def test_a_draft_audit_shows_the_colour_of_its_own_status_not_another_apps_draft(db):
    audit = Audit.objects.get(pk=f.AuditDraftFactory().pk)
    html = _tag(audit.status)
    assert "govuk-tag--yellow" in html and "Draft with the provider" in html
    assert "govuk-tag--grey" not in html


def test_the_draft_audit_page_shows_a_yellow_tag(client, db):
    audit = f.AuditDraftFactory()
    officer = f.QualityOfficerFactory()
    client.force_login(officer)
    page = client.get(reverse("quality:audit_detail", args=[audit.pk])).content.decode()
    assert '<strong class="govuk-tag govuk-tag--yellow">Draft with the provider</strong>' in page


@pytest.mark.parametrize(("value", "colour"), [
    (StandardRating.EXCELLENT, "green"), (StandardRating.GOOD, "green"),
    (StandardRating.REQUIRES_IMPROVEMENT, "yellow"), (StandardRating.POOR, "red"),
    (AuditRag.GREEN, "green"), (AuditRag.AMBER, "orange"), (AuditRag.RED, "red"),
    (ConcernStage.SUSPENDED, "red"), (PlanStatus.REQUIRED, "orange"), (AuditStatus.FINAL, "green")])
def test_ratings_rag_and_stages_carry_their_colour(value, colour):
    assert value.colour == colour
    assert f"govuk-tag--{colour}" in _tag(value)


def test_a_rated_audit_hands_back_members_that_know_their_colour(db):
    audit = Audit.objects.get(pk=f.AuditFinalFactory().pk)
    assert audit.overall_rating.colour == "yellow" and audit.rag.colour == "orange"
    assert audit.assessments.first().rating.colour == "green"


def test_the_provider_quality_page_shows_the_council_rag_in_its_colour(client, db):
    audit = f.AuditFinalFactory()
    service = audit.service
    service.council_rag = "red"
    service.save()
    client.force_login(f.QualityOfficerFactory())
    page = client.get(reverse("quality:provider_quality", args=[service.provider_id])).content.decode()
    assert "govuk-tag--red" in page


# Who sees what -----------------------------------------------------------------------------

@pytest.fixture
def two_organisations(db):
    """One of every provider-reached quality record for each of two providers."""
    made = {}
    for name in ("mine", "theirs"):
        audit = f.AuditFinalFactory()
        plan = f.ActionPlanAcceptedFactory(audit=audit)
        made[name] = {
            "audit": audit, "plan": plan, "item": plan.items.get(),
            "challenge": Challenge.objects.create(audit=audit, text="Wrong date", raised_by=UserFactory()),
            "user": UserFactory(role=Role.PROVIDER_USER, provider=audit.service.provider)}
    return made


@pytest.mark.parametrize(("model", "key"), [
    (Audit, "audit"), (ActionPlan, "plan"), (ActionItem, "item"), (Challenge, "challenge")])
def test_a_provider_user_sees_its_own_organisations_rows_and_not_anothers(two_organisations, model, key):
    user = two_organisations["mine"]["user"]
    seen = set(model.objects.for_user(user).values_list("pk", flat=True))
    assert two_organisations["mine"][key].pk in seen
    assert two_organisations["theirs"][key].pk not in seen


def test_a_provider_never_sees_a_planned_visit_of_its_own_service(db):
    planned = f.AuditFactory()
    user = UserFactory(role=Role.PROVIDER_USER, provider=planned.service.provider)
    assert not Audit.objects.for_user(user).exists()


@pytest.mark.parametrize("model", [ConcernCase, ContractReview, SafetyCheck, Safeguarding, Feedback])
def test_the_councils_internal_records_are_never_shown_to_a_provider(db, model):
    audit = f.AuditFinalFactory()
    f.ConcernCaseFactory(provider=audit.service.provider)
    f.ContractReviewFactory(audit=audit)
    f.SafetyCheckFactory(audit=audit)
    f.SafeguardingFactory(service=audit.service)
    f.FeedbackFactory(service=audit.service)
    own = UserFactory(role=Role.PROVIDER_USER, provider=audit.service.provider)
    assert model.objects.count() == 1
    assert not model.objects.for_user(own).exists()
    assert model.objects.for_user(f.QualityOfficerFactory()).count() == 1


def test_someone_signed_out_sees_nothing(db):
    from django.contrib.auth.models import AnonymousUser
    f.AuditFinalFactory()
    assert not Audit.objects.for_user(AnonymousUser()).exists()


def test_a_lead_commissioner_sees_the_reviews_of_their_market(db):
    review = f.ContractReviewFactory(market_area_id="care_homes")
    home_care_lead = UserFactory(role=Role.LEAD_COMMISSIONER, market_area_id="home_care")
    care_homes_lead = UserFactory(role=Role.LEAD_COMMISSIONER, market_area_id="care_homes")
    assert not selectors.review_scope(user=home_care_lead).exists()
    assert list(selectors.review_scope(user=care_homes_lead)) == [review]


# Audited writes from the pages -------------------------------------------------------------

def test_the_framework_saved_on_the_page_records_what_changed(client, db):
    officer = f.QualityOfficerFactory()
    client.force_login(officer)
    data = {"method": "lowest", "excellent_from": "3.50", "good_from": "2.50", "requires_improvement_from": "1.50",
            "rag_excellent": "green", "rag_good": "green", "rag_requires_improvement": "amber", "rag_poor": "red"}
    client.post(reverse("quality:framework"), data)
    event = AuditEvent.objects.get(action="updated", actor=officer)
    assert list(event.changes) == ["Method"]


def test_the_framework_service_refuses_a_rating_without_a_rag(db):
    from django.core.exceptions import ValidationError

    from commissioning.quality import services
    framework = selectors.default_framework()
    with pytest.raises(ValidationError, match="Choose a RAG for each"):
        services.framework_configure(framework=framework, by=f.QualityOfficerFactory(), method="mean",
                                     excellent_from=Decimal("3.5"), good_from=Decimal("2.5"),
                                     requires_improvement_from=Decimal("1.5"), rag_mapping={"good": "purple"})


def test_a_safeguarding_recorded_on_the_page_is_audited_and_a_future_date_refused(client, db):
    from datetime import timedelta

    from django.utils import timezone
    officer = f.QualityOfficerFactory()
    service = f.AuditFinalFactory().service
    client.force_login(officer)
    url = reverse("quality:safeguarding_add", args=[service.pk])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    page = client.post(url, {"raised_on": future, "summary": "A fall"}).content.decode()
    assert "cannot be in the future" in page and not Safeguarding.objects.exists()
    client.post(url, {"raised_on": timezone.localdate().isoformat(), "summary": "A fall at night"})
    record = Safeguarding.objects.get()
    assert record.recorded_by == officer
    assert AuditEvent.objects.filter(action="created", object_id=record.pk).exists()
