"""Factories for finance records in each state of their workflows: rate cards, reconciled weeks,
invoices and their lines, uplift scenarios and payment runs. The agreement under a line is a plain
accepted care home agreement of a provider's own."""
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.accounts.tests.factories import UserFactory
from commissioning.brokerage.models import Agreement, CareRequest, Person
from commissioning.finance.choices import InvoiceStatus, LineStatus, RateStatus, ScenarioStatus, WeekReview
from commissioning.finance.models import (
    DayType,
    Invoice,
    InvoiceLine,
    PaymentRun,
    ProviderWeek,
    RateCard,
    RateLine,
    TimeBand,
    UpliftScenario,
)
from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers.models import ServiceType
from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory

WEEK = date(2026, 10, 26)


def _home_care():
    return ServiceType.objects.get(code="home-care-standard")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    reference = factory.Sequence(lambda n: f"P-F{n:05d}")
    name = "Rose Example"
    date_of_birth = date(1936, 1, 1)
    address = "1 Example Street"
    postcode = "DE1 1BX"


class AcceptedAgreementFactory(factory.django.DjangoModelFactory):
    """An accepted care home agreement at £800 a week with a provider's service."""

    class Meta:
        model = Agreement
        exclude = ("broker", "lot")

    broker = factory.SubFactory(UserFactory, role=Role.BROKER)
    lot = factory.LazyFunction(lambda: OpenListFactory().lots.first())
    service = factory.SubFactory(ServiceFactory)
    provider = factory.LazyAttribute(lambda a: a.service.provider)
    person = factory.SubFactory(PersonFactory)
    request = factory.LazyAttribute(lambda a: CareRequest.objects.create(
        person=a.person, requested_by=a.broker, needs="n", outcomes="o", lot=a.lot,
        service_type=a.service.service_types.first(), hours_per_week=1, postcode="DE1 1BX",
        locality=a.service.locality, start_date=date(2026, 6, 1), budget_pence=90_000, status="placed",
        waiting_since=timezone.now()))
    route = "direct"
    awarded_by = factory.SelfAttribute("broker")
    rate_pence = 80_000
    counts_beds = True
    start_date = date(2026, 6, 1)
    weekly_cost_pence = 80_000
    status = "accepted"


class RateCardFactory(factory.django.DjangoModelFactory):
    """A draft home care card with its weekday day rate for urban areas (£22.00 an hour)."""

    class Meta:
        model = RateCard
        skip_postgeneration_save = True

    service_type = factory.LazyFunction(_home_care)
    financial_year = 2026
    version = factory.Sequence(lambda n: n + 1)
    effective_from = date(2026, 4, 6)
    status = RateStatus.DRAFT

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        if create:
            RateLine.objects.create(card=self, time_band=TimeBand.DAY, day_type=DayType.WEEKDAY,
                                    locality_band="urban", rate_pence=extracted or 2200)


class ApprovedRateCardFactory(RateCardFactory):
    status = RateStatus.APPROVED
    approved_at = factory.LazyFunction(timezone.now)


class ProviderWeekFactory(factory.django.DjangoModelFactory):
    """A reconciled week needing no review."""

    class Meta:
        model = ProviderWeek

    provider = factory.SubFactory(ProviderFactory)
    week = factory.Sequence(lambda n: WEEK - timedelta(weeks=n))
    visits = 7
    amount_pence = 7700
    missed = late = short = manual = 0
    in_home_share = Decimal("1")
    meets_in_home_target = True
    exception = False
    review = WeekReview.NOT_NEEDED


class WeekWithBrokerageFactory(ProviderWeekFactory):
    missed = 3
    exception = True
    review = WeekReview.WITH_BROKERAGE


class WeekClearedFactory(WeekWithBrokerageFactory):
    review = WeekReview.CLEARED
    review_note = "Agreed"


class InvoiceFactory(factory.django.DjangoModelFactory):
    """A draft self-billed invoice of one agreed line of £200."""

    class Meta:
        model = Invoice
        skip_postgeneration_save = True

    provider = factory.SubFactory(ProviderFactory)
    kind = Invoice.Kind.ACTUALS
    period_start = factory.Sequence(lambda n: WEEK - timedelta(weeks=n))
    period_end = factory.LazyAttribute(lambda i: i.period_start + timedelta(days=6))
    status = InvoiceStatus.DRAFT
    total_pence = 20_000

    @factory.post_generation
    def line(self, create, extracted, **kwargs):
        if create:
            agreement = AcceptedAgreementFactory(service__provider=self.provider)
            InvoiceLine.objects.create(invoice=self, agreement=agreement, description=f"{agreement}: 7 visits",
                                       amount_pence=self.total_pence,
                                       status=kwargs.get("status", LineStatus.OK))


class DisputedInvoiceFactory(InvoiceFactory):
    status = InvoiceStatus.DISPUTED
    line__status = LineStatus.DISPUTED


class ApprovedInvoiceFactory(InvoiceFactory):
    status = InvoiceStatus.APPROVED
    approved_by = factory.SubFactory(UserFactory, role=Role.FINANCE_OFFICER)


class PaymentRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentRun

    kind = PaymentRun.Kind.WEEKLY
    period_end = factory.Sequence(lambda n: WEEK + timedelta(days=6 + 7 * n))
    key = factory.LazyAttribute(lambda r: f"{r.kind}:{r.period_end.isoformat()}")
    created_by = factory.SubFactory(UserFactory, role=Role.FINANCE_OFFICER)


class PaidInvoiceFactory(ApprovedInvoiceFactory):
    status = InvoiceStatus.PAID
    payment_run = factory.SubFactory(PaymentRunFactory)


class UpliftScenarioFactory(factory.django.DjangoModelFactory):
    """A draft home care uplift: NLW 6.7% on a 70% staffing share, 2% inflation on the rest."""

    class Meta:
        model = UpliftScenario

    name = factory.Sequence(lambda n: f"Scenario {n}")
    service_type = factory.LazyFunction(_home_care)
    financial_year = 2027
    effective_from = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    nlw_rise_percent = Decimal("6.7")
    staffing_share_percent = Decimal(70)
    inflation_percent = Decimal(2)
    status = ScenarioStatus.DRAFT


class ApprovedScenarioFactory(UpliftScenarioFactory):
    status = ScenarioStatus.APPROVED
    approved_at = factory.LazyFunction(timezone.now)
