"""A request for care through further competition to a placed package, in a real browser, with
axe-core on every page.

A social worker requests care (the form refuses it empty first); the broker records the front
door and sends the requirement to further competition with its outcome question; two providers
make offers in the portal, seeing the postcode district only, and offers close as soon as both
have answered; an evaluator scores the answers blind to price; the broker ranks the offers and
awards the top one; the provider accepts the agreement; both sides then see the agreement, and
the other provider sees its rank.
"""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commissioning.accounts.roles import MarketArea, Role
from commissioning.brokerage.models import Agreement, CareRequest, Competition
from commissioning.procurement.choices import ApplicationStatus, ListStatus
from commissioning.procurement.models import Application, Membership
from commissioning.procurement.tests.factories import ApprovedListFactory, LotFactory
from commissioning.providers.choices import CqcRating
from commissioning.providers.models import ServiceType
from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory

from .conftest import fill_date
from .test_approved_lists_journey import fill, follow, menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PERSON_NAME = "Winifred Ashbourne"


@pytest.fixture
def people(make_person):
    home_care = ServiceType.objects.get(code="home-care-standard")
    lead = make_person(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.HOME_CARE, first_name="Lena",
                       last_name="Homer")
    approved_list = ApprovedListFactory(name="Home Care Approved Provider List", reference="APL-HC",
                                        lead_commissioner=lead, status=ListStatus.OPEN, quality_weight=60)
    lot = LotFactory(approved_list=approved_list, number=1, title="Standard home care", service_types=[home_care])
    users = {}
    for key, name, rate, score in (("a", "Amberley Home Care", 2300, 90), ("b", "Birchwood Home Care", 2100, 70)):
        provider = ProviderFactory(name=name)
        ServiceFactory(provider=provider, name=f"{name} branch", beds=None, hours_per_week=300,
                       cqc_rating=CqcRating.GOOD, service_types=[home_care])
        application = Application.objects.create(approved_list=approved_list, provider=provider,
                                                 status=ApplicationStatus.DECIDED, weighted_score=Decimal(score),
                                                 decision_due=date(2026, 1, 1))
        Membership.objects.create(lot=lot, provider=provider, application=application, rate_pence=rate,
                                  admitted_on=timezone.localdate() - timedelta(days=60))
        users[key] = make_person(Role.PROVIDER_USER, provider=provider, first_name=name.split()[0], last_name="User")
    users["social_worker"] = make_person(Role.SOCIAL_WORKER, first_name="Sam", last_name="Worker")
    users["broker"] = make_person(Role.BROKER, first_name="Bea", last_name="Broker")
    users["evaluator"] = make_person(Role.EVALUATOR, first_name="Eve", last_name="Evaluator")
    return users


def request_care(social_worker) -> None:
    page = social_worker.page
    menu(social_worker, "Care requests")
    follow(social_worker, "Request care")
    social_worker.submit("Send to brokerage", label="request care, submitted empty")
    social_worker.check_error_summary()
    fill(page, "Person's full name", PERSON_NAME)
    fill_date(page, "Date of birth", date(1938, 5, 17))
    fill(page, "Address", "14 Kedleston Road")
    page.locator("#id_person-postcode").fill("DE22 1GB")
    fill(page, "Assessed needs", "Help to wash and dress each morning and to prepare lunch.")
    fill(page, "Outcomes the care should achieve", "Stay living at home and keep attending the lunch club.")
    page.get_by_label("Lot", exact=True).select_option(label="APL-HC Lot 1: Standard home care")
    page.get_by_label("Service type", exact=True).select_option(label="Home care (standard)")
    fill(page, "Hours per week", "10", exact=False)
    fill(page, "Postcode where care is delivered", "DE22 1GB")
    fill_date(page, "Wanted start date", timezone.localdate() + timedelta(days=10))
    page.get_by_label("Urgent", exact=True).check()
    fill(page, "Indicative weekly budget (£)", "260.00")
    social_worker.submit("Send to brokerage", label="the request, in the brokerage queue")


def offer(provider, reference: str, price: str) -> None:
    page = provider.page
    menu(provider, "Offers")
    follow(provider, reference)
    text = page.locator("main").inner_text()
    assert "DE22" in text and PERSON_NAME not in text and "DE22 1GB" not in text and "1938" not in text
    provider.submit("Submit offer", label="offer submitted empty")
    provider.check_error_summary()
    fill(page, "Your price (£)", price)
    fill_date(page, "Date you can start", timezone.localdate() + timedelta(days=10))
    page.get_by_label("1. How will you help the person", exact=False).fill(
        "A regular team of two carers who live nearby.")
    provider.submit("Submit offer", label="offer submitted")


def test_a_request_through_further_competition_to_a_placed_package(people, open_as):
    social_worker = open_as(people["social_worker"], who="Social worker (journey)")
    social_worker.check("the page they land on after signing in")
    request_care(social_worker)
    care = CareRequest.objects.get()
    assert care.status == "new" and care.person.name == PERSON_NAME

    broker = open_as(people["broker"], who="Broker (journey)")
    broker.check("the page they land on after signing in")
    menu(broker, "Brokerage")
    follow(broker, care.reference)
    follow(broker, "Record a front-door option")
    broker.page.get_by_label("Technology-enabled care (e.g. Carelink)", exact=True).check()
    broker.page.get_by_label("Not suitable for the person's needs", exact=True).check()
    broker.submit("Record option", label="front door recorded")
    follow(broker, "Send to further competition")
    broker.submit("Send to further competition", label="the competition, open for offers")
    competition = Competition.objects.get()
    assert competition.invites.count() == 2

    provider_a = open_as(people["a"], who="Provider A (brokerage journey)")
    provider_a.check("the page they land on after signing in")
    offer(provider_a, competition.reference, "23.00")
    provider_b = open_as(people["b"], who="Provider B (brokerage journey)")
    provider_b.check("the page they land on after signing in")
    offer(provider_b, competition.reference, "22.50")
    assert competition.offers.count() == 2
    competition.refresh_from_db()
    assert competition.status == "closed", "both invited providers answered, so offers closed early"

    evaluator = open_as(people["evaluator"], who="Evaluator (brokerage journey)")
    evaluator.visit("/brokerage/competitions/scoring/", label="offers to score")
    follow(evaluator, competition.reference)
    assert "23.00" not in evaluator.page.locator("main").inner_text(), "evaluators score blind to price"
    question = competition.questions.get()
    for number, (name, score) in enumerate((("Amberley Home Care", "5"), ("Birchwood Home Care", "3")), start=1):
        scored = competition.offers.get(provider__name=name)
        label = f"Offer {competition.offers.filter(pk__lt=scored.pk).count() + 1}"
        evaluator.page.locator(f"#score_{scored.pk}_{question.pk}").fill(score)
        evaluator.page.locator(f"#reason_{scored.pk}_{question.pk}").fill("Scored against the outcome")
        evaluator.submit(f"Save my scores for {label.lower()}", label=f"scores saved ({number})")

    broker.visit(competition.get_absolute_url(), label="the competition closed, offers scored")
    broker.submit("Rank the offers", label="offers ranked")
    top = competition.offers.get(rank=1)
    assert top.provider.name == "Amberley Home Care"  # quality 60%: scored 100 vs 60 outweighs 50p an hour
    broker.submit("Award", label="the top offer awarded")
    agreement = Agreement.objects.get()
    winner, loser = (provider_a, provider_b) if agreement.provider == people["a"].provider else (provider_b,
                                                                                                  provider_a)

    menu(winner, "Agreements")
    follow(winner, agreement.reference)
    assert PERSON_NAME not in winner.page.locator("main").inner_text()
    winner.submit("Accept the agreement", label="agreement accepted")
    agreement.refresh_from_db()
    care.refresh_from_db()
    assert agreement.status == "accepted" and care.status == "placed"
    assert "Accepted" in winner.page.locator("main").inner_text()

    broker.visit("/brokerage/agreements/", label="agreements, with the accepted one")
    follow(broker, agreement.reference)
    text = broker.page.locator("main").inner_text()
    assert "Accepted" in text and agreement.provider.name in text and PERSON_NAME in text

    menu(loser, "Offers")
    follow(loser, competition.reference)
    assert "ranked 2 of 2 and was not awarded" in loser.page.locator("main").inner_text()

    for audit in (social_worker, broker, provider_a, provider_b, evaluator):
        audit.assert_clean()
