"""Factories for lists in each state, and for applications along the workflow."""
from datetime import date

import factory

from commissioning.accounts.roles import MarketArea, Role
from commissioning.accounts.tests.factories import UserFactory
from commissioning.procurement.choices import Condition, ListKind, ListStatus, QuestionKind
from commissioning.procurement.models import ApprovedList, Lot, Question
from commissioning.providers.models import Locality, ServiceType


class ApprovedListFactory(factory.django.DjangoModelFactory):
    """A draft home care DPS with no lots or questions yet."""

    class Meta:
        model = ApprovedList

    name = factory.Sequence(lambda n: f"Home Care Approved Provider List {n}")
    reference = factory.Sequence(lambda n: f"TD{2000 + n}")
    kind = ListKind.DPS
    market_area = MarketArea.HOME_CARE
    lead_commissioner = factory.SubFactory(UserFactory, role=Role.LEAD_COMMISSIONER, market_area=MarketArea.HOME_CARE)
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


class OpenListFactory(ApprovedListFactory):
    """An open list with lots 1–3 and the standard questions."""

    status = ListStatus.OPEN

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def content(self, create, extracted, **kwargs):
        if create:
            for n in (1, 2, 3):
                LotFactory(approved_list=self, number=n, title=f"Lot {n}")
            standard_questions(self)
