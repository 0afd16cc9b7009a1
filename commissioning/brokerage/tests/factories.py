"""Factories for brokerage records in each state of their workflows, built directly (not through the
services) so a test can put a record in any state and then call the public service for an event."""
from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.accounts.tests.factories import UserFactory
from commissioning.procurement.tests.factories import LotFactory
from commissioning.providers.models import Locality, ServiceType
from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory

from ..choices import (
    AgreementStatus,
    AllocationStatus,
    AwardRoute,
    CompetitionStatus,
    FrontDoorOption,
    FrontDoorOutcome,
    OfferStatus,
    RequestStatus,
    Urgency,
)
from ..models import (
    Agreement,
    AllocationRun,
    CareRequest,
    Competition,
    CompetitionInvite,
    CompetitionQuestion,
    FrontDoorCheck,
    Offer,
    OfferRevision,
    Person,
)

HOME_CARE = "home-care-standard"


def _home_care():
    return ServiceType.objects.get(code=HOME_CARE)


class HomeCareLotFactory(LotFactory):
    """A lot of a draft home care list that buys standard home care in every locality."""

    @factory.post_generation
    def service_types(self, create, extracted, **kwargs):
        if create:
            self.service_types.set(extracted or [_home_care()])


class PersonFactory(factory.django.DjangoModelFactory):
    """Someone with eligible needs; providers only ever see the reference."""

    class Meta:
        model = Person

    reference = factory.Sequence(lambda n: f"P-{900000 + n:06d}")
    name = factory.Sequence(lambda n: f"Edith Marchbank{n}")
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate().replace(year=1940))
    address = "3 Kedleston Road"
    postcode = "DE22 1GB"


class CareRequestFactory(factory.django.DjangoModelFactory):
    """A request waiting for a broker (new) with a front-door option recorded, ten hours of home care."""

    class Meta:
        model = CareRequest
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    requested_by = factory.SubFactory(UserFactory, role=Role.SOCIAL_WORKER)
    needs = "Help to wash and dress each morning; prompting with medication."
    outcomes = "Stay living at home safely; keep attending the lunch club."
    lot = factory.SubFactory(HomeCareLotFactory)
    service_type = factory.LazyFunction(_home_care)
    hours_per_week = Decimal("10")
    postcode = "DE22 1GB"
    locality = factory.LazyFunction(lambda: Locality.objects.get(name="Central"))
    latitude = Decimal("52.92250")
    longitude = Decimal("-1.48250")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    urgency = Urgency.STANDARD
    budget_pence = 50_000
    status = RequestStatus.NEW
    waiting_since = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def front_door(self, create, extracted, **kwargs):
        if create and extracted is not False:
            FrontDoorCheck.objects.create(request=self, option=FrontDoorOption.TECHNOLOGY,
                                          outcome=FrontDoorOutcome.NOT_SUITABLE, recorded_by=self.requested_by)


class RequestUnmetFactory(CareRequestFactory):
    status = RequestStatus.UNMET
    unmet_reason = "no_capacity"


class RequestInCompetitionFactory(CareRequestFactory):
    status = RequestStatus.IN_COMPETITION


class RequestWaiverPendingFactory(CareRequestFactory):
    """A spot purchase asked for by a broker, waiting for someone else to approve it."""

    status = RequestStatus.WAIVER_PENDING
    spot_provider = factory.SubFactory(ProviderFactory)
    spot_rate_pence = 2600
    waiver_reason = "No member of the list covers this village at all."
    waiver_requested_by = factory.SubFactory(UserFactory, role=Role.BROKER)


class RequestAwardedFactory(CareRequestFactory):
    status = RequestStatus.AWARDED


class CompetitionOpenFactory(factory.django.DjangoModelFactory):
    """A further competition open for offers for a request out to competition."""

    class Meta:
        model = Competition

    request = factory.SubFactory(RequestInCompetitionFactory)
    lot = factory.SelfAttribute("request.lot")
    opened_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=5))
    opened_by = factory.SubFactory(UserFactory, role=Role.BROKER)
    quality_weight = 60
    status = CompetitionStatus.OPEN


class CompetitionDueFactory(CompetitionOpenFactory):
    """An open competition whose deadline has passed."""

    closes_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))


class CompetitionClosedFactory(CompetitionDueFactory):
    """Closed: its offers are with the evaluators."""

    status = CompetitionStatus.CLOSED
    closed_at = factory.LazyFunction(timezone.now)


class CompetitionRankedFactory(CompetitionClosedFactory):
    """Closed, its offers scored and ranked: waiting for the broker's award."""

    status = CompetitionStatus.RANKED


class QuestionFactory(factory.django.DjangoModelFactory):
    """An outcome question of a competition."""

    class Meta:
        model = CompetitionQuestion

    competition = factory.SubFactory(CompetitionOpenFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "How will you help the person stay living at home safely?"
    weight = 1


class InviteFactory(factory.django.DjangoModelFactory):
    """A provider the competition went to, with the service that would deliver the care."""

    class Meta:
        model = CompetitionInvite

    competition = factory.SubFactory(CompetitionOpenFactory)
    provider = factory.SubFactory(ProviderFactory)
    service = factory.SubFactory(ServiceFactory, provider=factory.SelfAttribute("..provider"), beds=None,
                                 hours_per_week=200)
    quality_score = Decimal("70")


class OfferSubmittedFactory(factory.django.DjangoModelFactory):
    """A submitted offer (version 1) from an invited provider, ranked first."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    invite = factory.SubFactory(InviteFactory)
    competition = factory.SelfAttribute("invite.competition")
    provider = factory.SelfAttribute("invite.provider")
    rate_pence = 2200
    weekly_cost_pence = 22_000
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    outcome_answers = "A small team who know the area, visiting at the same times each day."
    submitted_at = factory.LazyFunction(timezone.now)
    submitted_by = factory.SubFactory(UserFactory, role=Role.PROVIDER_USER,
                                      provider=factory.SelfAttribute("..invite.provider"))
    status = OfferStatus.SUBMITTED
    rank = 1

    @factory.post_generation
    def first_version(self, create, extracted, **kwargs):
        if create:
            OfferRevision.objects.create(offer=self, number=1, rate_pence=self.rate_pence,
                                         weekly_cost_pence=self.weekly_cost_pence, start_date=self.start_date,
                                         outcome_answers=self.outcome_answers, submitted_at=self.submitted_at,
                                         submitted_by=self.submitted_by)


class AgreementOfferedFactory(factory.django.DjangoModelFactory):
    """A direct award offered to the provider, waiting for its answer."""

    class Meta:
        model = Agreement

    request = factory.SubFactory(RequestAwardedFactory)
    person = factory.SelfAttribute("request.person")
    provider = factory.SubFactory(ProviderFactory)
    lot = factory.SelfAttribute("request.lot")
    route = AwardRoute.DIRECT
    award_reason = "choice"
    award_note = "The person's choice"
    awarded_by = factory.SubFactory(UserFactory, role=Role.BROKER)
    rate_pence = 2200
    hours_per_week = Decimal("10")
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    weekly_cost_pence = 22_000
    status = AgreementStatus.OFFERED


class AgreementAcceptedFactory(AgreementOfferedFactory):
    request = factory.SubFactory(CareRequestFactory, status=RequestStatus.PLACED)
    status = AgreementStatus.ACCEPTED


class AllocationProposedFactory(factory.django.DjangoModelFactory):
    """A batch allocation proposed and under review (no lines: nothing assigned)."""

    class Meta:
        model = AllocationRun

    lot = factory.SubFactory(HomeCareLotFactory)
    created_by = factory.SubFactory(UserFactory, role=Role.BROKER)
    status = AllocationStatus.PROPOSED
    score = Decimal("0")
    bound = Decimal("0")
    greedy_score = Decimal("0")
    seconds = Decimal("0.010")
