"""Factories for lists, applications and memberships in each state of their workflows (state
factories), as the services would leave them."""
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from commissioning.accounts.roles import MarketArea, Role
from commissioning.accounts.tests.factories import UserFactory
from commissioning.procurement.choices import (
    ApplicationStatus,
    Condition,
    ListKind,
    ListStatus,
    MembershipStatus,
    QuestionKind,
)
from commissioning.procurement.domain import evaluation
from commissioning.procurement.models import (
    Answer,
    Application,
    ApprovedList,
    Clarification,
    Lot,
    Membership,
    PriceLine,
    Question,
    TenderedPrice,
)
from commissioning.providers.models import Locality, ServiceType
from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory

FUTURE = date(2030, 1, 1)


class ApprovedListFactory(factory.django.DjangoModelFactory):
    """A draft home care DPS with no lots or questions yet."""

    class Meta:
        model = ApprovedList

    name = factory.Sequence(lambda n: f"Home Care Approved Provider List {n}")
    reference = factory.Sequence(lambda n: f"TD{2000 + n}")
    kind = ListKind.DPS
    market_area_id = MarketArea.HOME_CARE
    lead_commissioner = factory.SubFactory(UserFactory, role=Role.LEAD_COMMISSIONER,
                                           market_area_id=MarketArea.HOME_CARE)
    created_by = factory.SubFactory(UserFactory, role=Role.PROCUREMENT_OFFICER)
    start_date = date(2026, 4, 1)
    term_months = 120
    estimated_value_pence = 76_000_000_000
    pass_mark = 60


class LotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lot
        skip_postgeneration_save = True

    approved_list = factory.SubFactory(ApprovedListFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda lot: f"Lot {lot.number}")

    @factory.post_generation
    def service_types(self, create, extracted, **kwargs):
        if create:
            self.service_types.set(extracted or [ServiceType.objects.get(code="care-home-standard")])

    @factory.post_generation
    def localities(self, create, extracted, **kwargs):
        if create:
            self.localities.set(extracted or Locality.objects.all())

    @factory.post_generation
    def main_price(self, create, extracted, **kwargs):
        """Every lot asks for a main hourly rate, without limits unless `main_price=(lowest, highest)`
        in pence (so brokerage's tests see no limits); none with `main_price=False`."""
        if create and extracted is not False:
            low, high = extracted if isinstance(extracted, tuple) else (None, None)
            PriceLine.objects.create(lot=self, number=1, name="Hourly rate, weekday daytime", unit="per_hour",
                                     min_pence=low, max_pence=high, is_main=True)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    approved_list = factory.SubFactory(ApprovedListFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Describe how you will meet people's outcomes"
    kind = QuestionKind.SCORED
    weight = 10


def standard_questions(approved_list):
    """The conditions and a scored question most lists carry (Derby 2019 paper)."""
    return [
        QuestionFactory(approved_list=approved_list, number=1, kind=QuestionKind.PASS_FAIL,
                        condition=Condition.CQC_GOOD, weight=0,
                        text="Are you registered with CQC with a current rating of at least Good?"),
        QuestionFactory(approved_list=approved_list, number=2, kind=QuestionKind.PASS_FAIL,
                        condition=Condition.INSURANCE, weight=0,
                        text="Give your public liability insurance and its expiry date"),
        QuestionFactory(approved_list=approved_list, number=3, kind=QuestionKind.PASS_FAIL,
                        condition=Condition.SAFEGUARDING, weight=0, text="Attach your safeguarding policy"),
        QuestionFactory(approved_list=approved_list, number=4, kind=QuestionKind.SCORED, weight=60,
                        text="How will you recruit and keep staff?"),
        QuestionFactory(approved_list=approved_list, number=5, kind=QuestionKind.SCORED, weight=40,
                        text="How will you support people's outcomes?"),
    ]


class DraftListFactory(ApprovedListFactory):
    """A draft list ready to open: lots 1–3 and the standard questions."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def content(self, create, extracted, **kwargs):
        if create:
            for n in (1, 2, 3):
                LotFactory(approved_list=self, number=n, title=f"Lot {n}")
            standard_questions(self)


class OpenListFactory(DraftListFactory):
    """An open list with lots 1–3 and the standard questions."""

    status = ListStatus.OPEN


class PausedListFactory(DraftListFactory):
    status = ListStatus.PAUSED


class ClosedListFactory(DraftListFactory):
    status = ListStatus.CLOSED


LIST_STATE_FACTORIES = {
    ListStatus.DRAFT: DraftListFactory, ListStatus.OPEN: OpenListFactory, ListStatus.PAUSED: PausedListFactory,
    ListStatus.CLOSED: ClosedListFactory,
}


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft to an open list: lots 1 and 2 chosen, every question answered, insurance
    in force; its provider runs a service rated Good."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    approved_list = factory.SubFactory(OpenListFactory)
    provider = factory.SubFactory(ProviderFactory)
    status = ApplicationStatus.DRAFT

    @factory.post_generation
    def content(self, create, extracted, **kwargs):
        if not create:
            return
        ServiceFactory(provider=self.provider, cqc_rating="good")
        self.lots.set(self.approved_list.lots.order_by("number")[:2])
        for line in PriceLine.objects.filter(lot__in=self.lots.all()):
            TenderedPrice.objects.create(application=self, price_line=line, pence=2250)
        for question in self.approved_list.questions.all():
            Answer.objects.create(
                application=self, question=question, response=f"Answer {question.number}",
                evidence_expires_on=FUTURE if question.condition == Condition.INSURANCE else None)


class SubmittedApplicationFactory(ApplicationFactory):
    status = ApplicationStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    decision_due = factory.LazyFunction(lambda: evaluation.decision_due(timezone.localdate()))


class ClarificationFactory(factory.django.DjangoModelFactory):
    """An open clarification the council asked."""

    class Meta:
        model = Clarification

    application = factory.SubFactory(SubmittedApplicationFactory, status=ApplicationStatus.CLARIFICATION)
    asked_by = factory.SubFactory(UserFactory, role=Role.PROCUREMENT_OFFICER)
    question = "Which localities do you cover?"


class ClarificationApplicationFactory(SubmittedApplicationFactory):
    """Submitted, with an open clarification waiting for the provider."""

    status = ApplicationStatus.CLARIFICATION
    clarification = factory.RelatedFactory(ClarificationFactory, factory_related_name="application")


class ModeratedApplicationFactory(SubmittedApplicationFactory):
    """Moderated, every condition met and above the pass mark."""

    status = ApplicationStatus.MODERATED
    weighted_score = Decimal("80.00")
    passed_conditions = True


class DecidedApplicationFactory(ModeratedApplicationFactory):
    status = ApplicationStatus.DECIDED
    decided_at = factory.LazyFunction(timezone.now)


class WithdrawnApplicationFactory(ApplicationFactory):
    status = ApplicationStatus.WITHDRAWN


APPLICATION_STATE_FACTORIES = {
    ApplicationStatus.DRAFT: ApplicationFactory, ApplicationStatus.SUBMITTED: SubmittedApplicationFactory,
    ApplicationStatus.CLARIFICATION: ClarificationApplicationFactory,
    ApplicationStatus.MODERATED: ModeratedApplicationFactory, ApplicationStatus.DECIDED: DecidedApplicationFactory,
    ApplicationStatus.WITHDRAWN: WithdrawnApplicationFactory,
}


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active member of lot 1, admitted today by a decided application."""

    class Meta:
        model = Membership

    application = factory.SubFactory(DecidedApplicationFactory)
    lot = factory.LazyAttribute(lambda m: m.application.approved_list.lots.get(number=1))
    provider = factory.LazyAttribute(lambda m: m.application.provider)
    admitted_on = factory.LazyFunction(timezone.localdate)
    insurance_expires_on = FUTURE
    status = MembershipStatus.ACTIVE


class SuspendedMembershipFactory(MembershipFactory):
    status = MembershipStatus.SUSPENDED
    suspended_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status_reason = "Safeguarding concern under review"


class RemovedMembershipFactory(MembershipFactory):
    status = MembershipStatus.REMOVED
    status_reason = "Left the market"


MEMBERSHIP_STATE_FACTORIES = {
    MembershipStatus.ACTIVE: MembershipFactory, MembershipStatus.SUSPENDED: SuspendedMembershipFactory,
    MembershipStatus.REMOVED: RemovedMembershipFactory,
}


class PriceLineFactory(factory.django.DjangoModelFactory):
    """The main hourly rate of a lot, between £18.00 and £30.00."""

    class Meta:
        model = PriceLine

    lot = factory.SubFactory(LotFactory)
    number = 1
    name = "Hourly rate, weekday daytime"
    unit = "per_hour"
    min_pence = 1800
    max_pence = 3000
    is_main = True


class TenderedPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TenderedPrice

    application = factory.SubFactory(ApplicationFactory)
    price_line = factory.SubFactory(PriceLineFactory)
    pence = 2250
