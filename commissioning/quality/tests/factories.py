"""Quality records in each state of their workflows, for tests that start mid-way."""
from datetime import timedelta

import factory
from django.utils import timezone

from commissioning.accounts.roles import MarketArea, Role
from commissioning.accounts.tests.factories import UserFactory
from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory
from commissioning.quality.choices import AuditKind, AuditRag, AuditStatus, ConcernStage, PlanStatus, ReviewStatus
from commissioning.quality.models import (
    ActionItem,
    ActionPlan,
    Audit,
    ConcernCase,
    ContractReview,
    Feedback,
    Framework,
    Safeguarding,
    SafetyCheck,
    Standard,
    StandardAssessment,
)


def _today():
    return timezone.localdate()


class QualityOfficerFactory(UserFactory):
    role = Role.QUALITY_OFFICER


class AuditFactory(factory.django.DjangoModelFactory):
    """A planned announced audit of a care home, on the default framework."""

    class Meta:
        model = Audit
        skip_postgeneration_save = True

    service = factory.SubFactory(ServiceFactory)
    framework = factory.LazyFunction(lambda: Framework.objects.get(is_default=True))
    kind = AuditKind.ANNOUNCED
    status = AuditStatus.PLANNED
    planned_for = factory.LazyFunction(_today)
    reason = "Annual audit"


class AuditInProgressFactory(AuditFactory):
    """An audit on its visit, every standard rated Good with evidence."""

    status = AuditStatus.IN_PROGRESS
    officer = factory.SubFactory(QualityOfficerFactory)
    visited_on = factory.LazyFunction(_today)
    overall_rating = "good"
    rag = AuditRag.GREEN

    @factory.post_generation
    def rated(self, create, extracted, **kwargs):
        if create and extracted is not False:
            StandardAssessment.objects.bulk_create([
                StandardAssessment(audit=self, standard=s, rating="good", evidence=f"Seen: standard {s.number}")
                for s in Standard.objects.filter(domain__framework=self.framework)])


class AuditDraftFactory(AuditInProgressFactory):
    """A draft report the provider has agreed, so it can be published today."""

    status = AuditStatus.DRAFT
    draft_issued_on = factory.LazyFunction(_today)
    comments_due = factory.LazyFunction(lambda: _today() + timedelta(days=14))
    provider_agreed_on = factory.LazyFunction(_today)


class AuditFinalFactory(AuditDraftFactory):
    """A published Amber report."""

    status = AuditStatus.FINAL
    published_on = factory.LazyFunction(_today)
    overall_rating = "requires_improvement"
    rag = AuditRag.AMBER


class AuditCancelledFactory(AuditFactory):
    status = AuditStatus.CANCELLED


AUDIT_STATES = {AuditStatus.PLANNED: AuditFactory, AuditStatus.IN_PROGRESS: AuditInProgressFactory,
                AuditStatus.DRAFT: AuditDraftFactory, AuditStatus.FINAL: AuditFinalFactory,
                AuditStatus.CANCELLED: AuditCancelledFactory}


class ActionPlanFactory(factory.django.DjangoModelFactory):
    """An action plan awaited from the provider after an Amber report."""

    class Meta:
        model = ActionPlan
        skip_postgeneration_save = True

    audit = factory.SubFactory(AuditFinalFactory)
    status = PlanStatus.REQUIRED
    due = factory.LazyFunction(lambda: _today() + timedelta(days=14))


class ActionPlanSubmittedFactory(ActionPlanFactory):
    status = PlanStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class ActionPlanAcceptedFactory(ActionPlanSubmittedFactory):
    """A live plan whose one action is done."""

    status = PlanStatus.ACCEPTED

    @factory.post_generation
    def items(self, create, extracted, **kwargs):
        if create:
            ActionItem.objects.create(plan=self, issue="Medicines records", action="Weekly audit", owner="Manager",
                                      due=_today() + timedelta(days=30), done_on=_today(), progress="Done")


class ActionPlanCompletedFactory(ActionPlanAcceptedFactory):
    status = PlanStatus.COMPLETED


PLAN_STATES = {PlanStatus.REQUIRED: ActionPlanFactory, PlanStatus.SUBMITTED: ActionPlanSubmittedFactory,
               PlanStatus.ACCEPTED: ActionPlanAcceptedFactory, PlanStatus.COMPLETED: ActionPlanCompletedFactory}


class ContractReviewFactory(factory.django.DjangoModelFactory):
    """An open contract review after an Amber report."""

    class Meta:
        model = ContractReview

    audit = factory.SubFactory(AuditFinalFactory)
    market_area_id = MarketArea.CARE_HOMES
    status = ReviewStatus.OPEN


class ContractReviewClosedFactory(ContractReviewFactory):
    status = ReviewStatus.CLOSED
    outcome = "Default notice issued"


class SafetyCheckFactory(factory.django.DjangoModelFactory):
    """An open safety check with nobody left to check."""

    class Meta:
        model = SafetyCheck

    audit = factory.SubFactory(AuditFinalFactory)
    status = ReviewStatus.OPEN


class SafetyCheckClosedFactory(SafetyCheckFactory):
    status = ReviewStatus.CLOSED


class ConcernCaseFactory(factory.django.DjangoModelFactory):
    """A concern case at the initial meeting (pass `stage` for another stage)."""

    class Meta:
        model = ConcernCase

    provider = factory.SubFactory(ProviderFactory)
    opened_by = factory.SubFactory(QualityOfficerFactory)
    summary = "Late visits reported by three families"
    stage = ConcernStage.INITIAL_MEETING


class SafeguardingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Safeguarding

    service = factory.SubFactory(ServiceFactory)
    raised_on = factory.LazyFunction(_today)
    summary = "A fall at night"
    recorded_by = factory.SubFactory(QualityOfficerFactory)


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    service = factory.SubFactory(ServiceFactory)
    received_on = factory.LazyFunction(_today)
    kind = "compliment"
    summary = "Kind carers"
    recorded_by = factory.SubFactory(QualityOfficerFactory)
