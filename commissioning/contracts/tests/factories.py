"""Contracts, call-offs and paid invoice lines for the register's tests."""
from datetime import date, timedelta
from itertools import count

import factory
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.accounts.tests.factories import UserFactory
from commissioning.brokerage.models import Agreement, CareRequest, Person
from commissioning.finance.models import Invoice, InvoiceLine
from commissioning.planning.models import Directorate
from commissioning.providers.models import Locality, ServiceType
from commissioning.providers.tests.factories import ProviderFactory

from ..models import Contract, ContractMeeting, KpiDefinition, KpiReturn

_people = count(1)


def directorate(name="Adult Social Care"):
    """One of the directorates the migrations make (Adult Social Care, Children's Services, Public Health)."""
    return Directorate.objects.get_or_create(name=name)[0]


class ContractFactory(factory.django.DjangoModelFactory):
    """A live three-year contract of £300,000 (£100,000 a year) with one supplier."""

    class Meta:
        model = Contract

    reference = factory.Sequence(lambda n: f"DCC-C-{n:05d}")
    title = factory.Sequence(lambda n: f"Carers support service {n}")
    directorate = factory.LazyFunction(directorate)
    supplier = factory.SubFactory(ProviderFactory)
    value_pence = 300_000_00
    annual_value_pence = 100_000_00
    start_date = date(2025, 4, 1)
    end_date = date(2028, 3, 31)
    procedure = "invitation_to_tender"
    lead_commissioner = factory.LazyFunction(lambda: UserFactory(role=Role.LEAD_COMMISSIONER,
                                                                 market_area_id="home_care"))
    status = "live"


def call_off(approved_list, *, provider, weekly_cost_pence, start=date(2026, 4, 6), status="accepted", by):
    """An individual service agreement on lot 1 of `approved_list` for a new person."""
    lot = approved_list.lots.order_by("number").first()
    reference = f"P-{next(_people):06d}"
    while Person.objects.filter(reference=reference).exists():  # another test's people may hold it
        reference = f"P-{next(_people):06d}"
    person = Person.objects.create(reference=reference, name="Test Person",
                                   date_of_birth=date(1940, 1, 1), address="1 Friar Gate", postcode="DE1 1BX")
    care = CareRequest.objects.create(
        person=person, requested_by=by, needs="Help each morning", outcomes="Stay at home", lot=lot,
        service_type=ServiceType.objects.first(), hours_per_week=10, postcode="DE1 1BX",
        locality=Locality.objects.first(), start_date=start, budget_pence=weekly_cost_pence, status="placed",
        waiting_since=timezone.now())
    return Agreement.objects.create(request=care, person=person, provider=provider, lot=lot, route="direct",
                                    awarded_by=by, rate_pence=2000, hours_per_week=10, start_date=start,
                                    weekly_cost_pence=weekly_cost_pence, status=status)


def paid_lines(provider, amounts_by_agreement, *, status="paid", period_start=date(2026, 10, 26)):
    """One invoice to `provider` with a line for each (agreement, pence) pair."""
    invoice = Invoice.objects.create(provider=provider, kind="actuals", period_start=period_start,
                                     period_end=period_start + timedelta(days=6), status=status,
                                     total_pence=sum(p for _, p in amounts_by_agreement))
    for agreement, pence in amounts_by_agreement:
        InvoiceLine.objects.create(invoice=invoice, agreement=agreement, description="Visits", amount_pence=pence)
    return invoice


class ContractMeetingFactory(factory.django.DjangoModelFactory):
    """A meeting scheduled for today with the supplier of a new contract."""

    class Meta:
        model = ContractMeeting

    contract = factory.SubFactory(ContractFactory)
    provider = factory.LazyAttribute(lambda m: m.contract.supplier if m.contract else ProviderFactory())
    market_area_id = "care_homes"
    scheduled_for = factory.LazyFunction(timezone.localdate)


class KpiDefinitionFactory(factory.django.DjangoModelFactory):
    """A monthly KPI of a contract: at least 95% of visits on time."""

    class Meta:
        model = KpiDefinition

    contract = factory.SubFactory(ContractFactory)
    name = "Visits on time"
    unit = "%"
    target = 95


class KpiReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiReturn

    kpi = factory.SubFactory(KpiDefinitionFactory)
    provider = factory.SubFactory(ProviderFactory)
    period_start = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    value = 96
    submitted_at = factory.LazyFunction(timezone.now)
    submitted_by = factory.SubFactory(UserFactory, role=Role.PROVIDER_USER,
                                      provider=factory.SelfAttribute("..provider"))
