"""Every page each role uses passes axe-core (WCAG 2.2 AA and best practice) in a real browser.

Each role signs in through the sign-in form and walks its pages: the page it lands on, every link
of the service navigation (discovered from the page, so pages added later are covered), a
provider and a service, the filtered lists, the edit forms it may use (valid and submitted empty),
the administrator's user pages, the provider portal, and the 403 and 404 pages.
"""
import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.providers import rules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MISSING = "/providers/services/999999999/"


def service_navigation(audit) -> list[str]:
    return audit.page.eval_on_selector_all(
        "a.govuk-service-navigation__link", "links => links.map(a => a.getAttribute('href'))"
    )


def walk_service_navigation(audit) -> None:
    for href in dict.fromkeys(service_navigation(audit)):
        if href not in audit.checked:
            audit.visit(href)


def walk_register(audit, register) -> None:
    audit.visit(register.provider_a.get_absolute_url())
    audit.visit(register.service_a.get_absolute_url())
    audit.visit(register.council_only_a.get_absolute_url())
    audit.visit(reverse("providers:service_list") + "?cqc_rating=good&q=Amberley")


def walk_register_forms(audit, register) -> None:
    audit.visit(reverse("providers:provider_edit", args=[register.provider_a.pk]))
    audit.submit("Save provider", label="provider saved, with the success banner")
    audit.visit(reverse("providers:service_edit", args=[register.service_a.pk]))
    audit.visit(reverse("providers:provider_create"))
    audit.submit("Save provider", label="add a provider, submitted empty")
    audit.check_error_summary()
    audit.visit(reverse("providers:service_create", args=[register.provider_a.pk]))
    audit.submit("Save service", label="add a service, submitted empty")
    audit.check_error_summary()


def walk_user_pages(audit, register) -> None:
    someone = register.provider_user_a
    audit.visit(reverse("accounts:user_list"))
    audit.visit(reverse("accounts:user_detail", args=[someone.pk]))
    audit.submit("Issue API token", label="API token issued")
    audit.visit(reverse("accounts:user_edit", args=[someone.pk]))
    audit.submit("Save", label="user saved, with the success banner")
    audit.visit(reverse("accounts:user_create"))
    audit.submit("Save", label="add a user, submitted empty")
    audit.check_error_summary()


def walk_cqc_import(audit, tmp_path) -> None:
    """Upload a file with a bad row: the report, importing the good rows, and the result."""
    header = ("name,cqc_id,type,address,postcode,telephone,website,provider,inspection_date,cqc_webpage,"
              "area_name,area_code,lon,lat\n")
    good = 'Elm House,1-900000001,Nursing homes,"3 Friar Gate,Derby",DE1 1BX,,NA,Elm Care,2025-03-01,,,,-1.48,52.92\n'
    bad = 'Ash House,1-900000002,Nursing homes,"4 Friar Gate,Derby",NOWHERE,,NA,Ash Care,2025-03-01,,,,-1.48,52.92\n'
    path = tmp_path / "cqc.csv"
    path.write_text(header + good + bad)
    audit.visit(reverse("providers:import_start"))
    audit.submit("Check the file", label="CQC import submitted empty")
    audit.check_error_summary()
    audit.page.get_by_label("CQC file").set_input_files(str(path))
    audit.submit("Check the file", label="CQC import report with a bad row")
    audit.submit("Import the 1 good rows and skip the 1 bad rows", label="CQC import finished")
    assert "1 services added" in audit.page.content()
    audit.visit(reverse("core:job_list"), label="your jobs, with the import")
    with audit.page.expect_navigation() as navigation:
        audit.page.get_by_role("link", name="Import of the CQC file cqc.csv").click()
    audit.check("the finished import job", status=200, response=navigation.value)
    assert "1 of 1 done" in audit.page.content() and "See the result" in audit.page.content()


def brokerage_round(register, broker):
    """A request waiting for the broker (front door recorded), another out to competition with an
    offer from provider A, and an agreement offered to provider A: the pages every role may open."""
    from datetime import date, timedelta
    from decimal import Decimal

    from django.utils import timezone

    from commissioning.brokerage import services
    from commissioning.brokerage.models import CareRequest, Person
    from commissioning.procurement.models import Application, Membership
    from commissioning.procurement.tests.factories import OpenListFactory
    from commissioning.providers.models import ServiceType

    home_care = ServiceType.objects.get(code="home-care-standard")
    approved_list = OpenListFactory()
    lot = approved_list.lots.get(number=1)
    lot.service_types.set([home_care])
    register.service_a.service_types.add(home_care)
    register.service_a.hours_per_week = 400
    register.service_a.save()
    application = Application.objects.create(approved_list=approved_list, provider=register.provider_a,
                                             status="decided", weighted_score=Decimal(80),
                                             decision_due=date(2026, 1, 1))
    Membership.objects.create(lot=lot, provider=register.provider_a, application=application, rate_pence=2200,
                              admitted_on=timezone.localdate() - timedelta(days=10))
    # A second member, so the competition stays open after provider A's offer (it closes early once
    # every invited provider has answered) and A can still revise its offer.
    register.service_b.service_types.add(home_care)
    register.service_b.hours_per_week = 400
    register.service_b.save()
    other = Application.objects.create(approved_list=approved_list, provider=register.provider_b, status="decided",
                                       weighted_score=Decimal(70), decision_due=date(2026, 1, 1))
    Membership.objects.create(lot=lot, provider=register.provider_b, application=other, rate_pence=2300,
                              admitted_on=timezone.localdate() - timedelta(days=10))
    made = []
    for n in range(3):
        care = services.request_create(
            by=broker, person=Person(name=f"Person {n}", date_of_birth=date(1940, 1, 1), address="1 Friar Gate",
                                     postcode="DE1 1BX"),
            request=CareRequest(needs="Help each morning", outcomes="Stay at home", lot=lot, service_type=home_care,
                                hours_per_week=Decimal(7), postcode="DE1 1BX",
                                start_date=timezone.localdate() + timedelta(days=5), budget_pence=30_000))
        services.front_door_record(request=care, by=broker, option="technology", outcome="not_suitable")
        made.append(care)
    competition = services.competition_open(request=made[1], by=broker)
    services.offer_submit(competition=competition, by=register.provider_user_a, rate_pence=2150,
                          start_date=timezone.localdate() + timedelta(days=5), outcome_answers="Two carers")
    agreement = services.direct_award(request=made[2], by=broker, provider=register.provider_a, reason="choice",
                                      note="The person's choice")
    return made[0], competition, agreement


def walk_brokerage(audit, role, care, competition, agreement) -> None:
    from commissioning.brokerage import rules as brokerage_rules

    if role in brokerage_rules.VIEW_REQUESTS:
        audit.visit(care.get_absolute_url())
        audit.visit(competition.get_absolute_url())
    if role in brokerage_rules.VIEW_AGREEMENTS:
        audit.visit(agreement.get_absolute_url())
    if role in brokerage_rules.REQUEST_CARE:
        audit.visit(reverse("brokerage:request_create"))
        audit.submit("Send to brokerage", label="request care, submitted empty")
        audit.check_error_summary()
    if role in brokerage_rules.BROKER:
        for name, button in (("brokerage:front_door", "Record option"), ("brokerage:direct_award", "Award"),
                             ("brokerage:mark_unmet", "Record unmet need"), ("brokerage:waiver", "Ask for approval")):
            audit.visit(reverse(name, args=[care.pk]))
            audit.submit(button, label=f"{name}, submitted empty")
            audit.check_error_summary()
        audit.visit(reverse("brokerage:allocation_create"))
        audit.submit("Propose an allocation", label="batch allocation, submitted empty")
        audit.check_error_summary()
        audit.page.get_by_label("Lot", exact=True).select_option(index=1)
        audit.submit("Propose an allocation", label="batch allocation proposed")
        audit.visit(reverse("brokerage:dashboard"))
    if role == Role.PROVIDER_USER:
        audit.visit(reverse("portal:competition", args=[competition.pk]))
        audit.page.get_by_label("Your price (£)").fill("")  # the form holds the offer already made
        audit.submit("Submit offer", label="offer, submitted without a price")
        audit.check_error_summary()
        audit.visit(reverse("portal:agreement", args=[agreement.pk]))
        audit.submit("Decline the agreement", label="decline, without a reason")
        audit.check_error_summary()


def quality_round(register, officer, agreement):
    """A final Red audit of provider A's service (with its plan, review and safety check), a draft
    and a concern case."""
    from commissioning.quality import services as quality
    from commissioning.quality.models import Standard

    def rated(rating):
        audit = quality.visit_add(service=register.service_a, by=officer, planned_for=timezone_today(),
                                  reason="Annual audit")
        quality.audit_start(audit=audit, by=officer)
        quality.audit_rate(audit=audit, by=officer, summary="Visited", ratings={
            s.pk: (rating, "Seen") for s in Standard.objects.filter(domain__framework=audit.framework)})
        return quality.audit_issue_draft(audit=audit, by=officer)

    final = rated("poor")
    quality.draft_agree(audit=final, by=register.provider_user_a)
    final = quality.audit_publish(audit=final, by=officer)
    draft = rated("good")
    quality.challenge_raise(audit=draft, by=register.provider_user_a, text="The date is wrong")
    case = quality.concern_open(provider=register.provider_a, by=officer, summary="Late visits")
    return final, draft, case


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()


def walk_quality(audit, role, register, final, draft, case) -> None:
    from commissioning.quality import rules as quality_rules

    if role in quality_rules.VIEW:
        audit.visit(final.get_absolute_url())
        audit.visit(final.action_plan.get_absolute_url())
        audit.visit(reverse("quality:provider_quality", args=[register.provider_a.pk]))
    if role in quality_rules.REVIEW:
        audit.visit(final.contract_review.get_absolute_url())
    if role in quality_rules.SAFETY:
        audit.visit(final.safety_check.get_absolute_url())
    if role in quality_rules.CONCERNS:
        audit.visit(case.get_absolute_url())
        audit.submit("Escalate to the next stage", label="concern escalated without a reason")
        audit.check_error_summary()
        audit.visit(reverse("quality:failure", args=[register.provider_a.pk]))
        audit.visit(reverse("quality:concern_list"))
        audit.submit("Open the case", label="concern case, submitted empty")
        audit.check_error_summary()
    if role in quality_rules.AUDIT:
        audit.visit(draft.get_absolute_url())
        audit.visit(reverse("quality:audit_rate", args=[draft.pk]))
        audit.visit(reverse("quality:challenge_answer", args=[draft.challenges.get().pk]))
        audit.submit("Save answer", label="answer, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("quality:safeguarding_add", args=[register.service_a.pk]))
        audit.submit("Save", label="safeguarding, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("quality:visit_add", args=[register.service_a.pk]))
        audit.visit(reverse("quality:framework"))
    if role == Role.PROVIDER_USER:
        audit.visit(reverse("portal:audit", args=[draft.pk]))
        audit.visit(reverse("portal:audit", args=[final.pk]))
        audit.visit(reverse("portal:plan", args=[final.action_plan.pk]))


def walk_finance(audit, role, agreement) -> None:
    from commissioning.finance import rules as finance_rules
    from commissioning.finance.models import RateCard, UpliftScenario

    if role in finance_rules.FINANCE:
        card = RateCard.objects.create(service_type=agreement.request.service_type, financial_year=2026,
                                       effective_from=timezone_today())
        UpliftScenario.objects.create(name="NLW 6.7%", service_type=agreement.request.service_type,
                                      financial_year=2027, effective_from=timezone_today(), nlw_rise_percent=6.7,
                                      staffing_share_percent=70, inflation_percent=2)
        audit.visit(reverse("finance:rate_cards"))
        audit.submit("Start the card", label="rate card, submitted empty")
        audit.check_error_summary()
        audit.visit(card.get_absolute_url())
        audit.visit(reverse("finance:agreement_price", args=[agreement.pk]))
        audit.submit("Record the price", label="price, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("finance:scenarios"))
        audit.submit("Save the scenario", label="scenario, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("finance:spend"))
        audit.visit(reverse("finance:run_create"))
        audit.visit(reverse("finance:schedule_invoices"))
        audit.submit("Make the invoices", label="scheduled invoices, submitted empty")
        audit.check_error_summary()
    if role == Role.PROVIDER_USER:
        audit.visit(reverse("portal:actuals"))
        audit.submit("Upload the visits", label="actuals, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("portal:invoices"))


def walk_directory(audit, role, register, care) -> None:
    """The directory's pages for officers, brokers and providers (the public ones are in the directory
    journey): the management page, adding a community listing sent empty, a proposal, the front door's
    search, and a provider's listing."""
    from commissioning.directory import rules as directory_rules
    from commissioning.directory.models import Listing
    from commissioning.directory.services import proposal_submit

    listing = Listing.objects.get(service=register.service_a)
    if role in directory_rules.MODERATE:
        proposal = proposal_submit(changes={"name": "Allenton lunch club", "organisation_name": "Allenton Friends",
                                            "description": "Lunch on Wednesdays", "address_line_1": "Osmaston Road",
                                            "town": "Derby", "postcode": "DE1 2FS"},
                                   proposer_name="Pat Jones", proposer_email="pat@friends.example")
        audit.visit(reverse("directory:manage"))
        audit.visit(reverse("directory:listing_add"))
        audit.submit("Add to the directory", label="a community listing, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("directory:proposal", args=[proposal.pk]))
        audit.visit(reverse("directory:listing_edit", args=[listing.pk]))
    if role in directory_rules.FRONT_DOOR:
        audit.visit(reverse("brokerage:front_door_directory", args=[care.pk]))
    if role == Role.PROVIDER_USER:
        audit.visit(reverse("directory:portal_listing", args=[listing.pk]))


def management_round(contract, lead, provider_user):
    """Contract management on provider A's contract: a meeting held today with an action owned by
    the provider's user and a breach with a penalty, and a KPI."""
    from commissioning.accounts.models import Market
    from commissioning.contracts import services as contracts

    contracts.meetings_schedule(contract=contract, provider=contract.supplier, by=lead, start=timezone_today(),
                                months=1, market=Market.objects.get(code="care_homes"))
    meeting = contract.meetings.get()
    action = contracts.action_add(meeting=meeting, by=lead, owner=provider_user, what="Send the rota",
                                  due=timezone_today())
    breach = contracts.breach_record(contract=contract, provider=contract.supplier, meeting=meeting, by=lead,
                                     what_happened="Visits missed", term="Clause 4.2", found_on=timezone_today(),
                                     penalty_pence=25_000)
    kpi = contracts.kpi_create(by=lead, contract=contract, name="Visits on time", unit="%", target=95)
    return meeting, action, breach, kpi


def walk_contract_management(audit, role, contract, meeting, action, breach) -> None:
    """Meetings, actions and breaches for everyone who reads the register (a provider user its own);
    the forms sent empty for those who manage contracts; the provider's KPI returns."""
    from commissioning.contracts import rules as contracts_rules

    audit.visit(reverse("contracts:meeting_list") + "?show=all")
    audit.visit(meeting.get_absolute_url())
    audit.visit(breach.get_absolute_url())
    audit.visit(reverse("contracts:action_list"))
    if role in contracts_rules.MANAGE or role == Role.PROVIDER_USER:
        audit.visit(action.get_absolute_url())
    if role in contracts_rules.MANAGE:
        audit.visit(meeting.get_absolute_url())
        audit.submit("Save the record", label="meeting record, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("contracts:meeting_schedule", args=[contract.pk]))
        audit.submit("Schedule the meetings", label="meetings scheduled, the provider not chosen")
        audit.check_error_summary()
        audit.visit(reverse("contracts:action_add", args=[meeting.pk]))
        audit.submit("Add the action", label="action, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("contracts:breach_add", args=[contract.pk]))
        audit.visit(reverse("contracts:breach_add_at_meeting", args=[meeting.pk]))
        audit.submit("Record the breach", label="breach, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("contracts:kpi_add", args=[contract.pk]))
        audit.submit("Add the KPI", label="KPI, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("contracts:kpi_list"))
    if role == Role.PROVIDER_USER:
        audit.visit(reverse("portal:kpi_returns"))
        audit.submit("Send the return", label="KPI return, submitted empty")
        audit.check_error_summary()


def walk_contracts(audit, role, register, make_person) -> None:
    """The contracts register: an entry of the role's own organisation (a provider user) or of the
    council; the add form sent empty; the import page; spend by department; its management."""
    from commissioning.contracts import rules as contracts_rules
    from commissioning.contracts.models import ContractFunding, ContractPayment, PoolContribution, PooledBudget
    from commissioning.contracts.tests.factories import ContractFactory

    contract = ContractFactory(title="Carers' breaks", supplier=register.provider_a)
    management = management_round(contract, make_person(Role.LEAD_COMMISSIONER), register.provider_user_a)
    audit.visit(reverse("contracts:contract_list") + "?status=live&ends_within=24")
    audit.visit(contract.get_absolute_url())
    if role in contracts_rules.EDIT:
        audit.visit(reverse("contracts:contract_edit", args=[contract.pk]))
        audit.visit(reverse("contracts:contract_create"))
        audit.submit("Save the contract", label="add a contract, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("contracts:register_import"))
        audit.visit(reverse("contracts:funding_add", args=[contract.pk]))
        audit.submit("Add the funder", label="add a funder, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("contracts:pool_create"))
        line = ContractFunding.objects.create(contract=contract, kind="nhs_icb", funder_name="NHS Derby ICB",
                                              financial_year=2026, amount_pence=100_00)
        audit.visit(reverse("contracts:funding_edit", args=[contract.pk, line.pk]))
        audit.visit(reverse("contracts:funding_remove", args=[contract.pk, line.pk]))
    if role in contracts_rules.PAY:
        audit.visit(reverse("contracts:payments_import"))
        audit.submit("Check and import", label="import payments, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("contracts:payment_add", args=[contract.pk]))
        audit.submit("Record the payment", label="record a payment, submitted empty")
        audit.check_error_summary()
        payment = ContractPayment.objects.create(contract=contract, paid_on=contract.start_date, amount_pence=100_00,
                                                 reference="INV-1", created_by=contract.lead_commissioner)
        audit.visit(contract.get_absolute_url(), label="a contract with a payment")
        audit.visit(reverse("contracts:payment_remove", args=[contract.pk, payment.pk]))
    if role in contracts_rules.COUNCIL:
        audit.visit(reverse("contracts:spend_by_directorate"))
        audit.visit(reverse("contracts:provider_view", args=[register.provider_a.pk]))
        audit.visit(reverse("contracts:pool_list"))
        pool = PooledBudget.objects.create(name="Better Care Fund", agreement="Section 75 agreement",
                                           host=contract.directorate)
        paid_in = PoolContribution.objects.create(budget=pool, partner="NHS Derby ICB", financial_year=2026,
                                                  quarter=1, amount_pence=500_00, created_by=contract.lead_commissioner)
        audit.visit(reverse("contracts:pool_detail", args=[pool.pk]) + "?year=2026")
        if role in contracts_rules.EDIT:
            audit.visit(reverse("contracts:contribution_edit", args=[pool.pk, paid_in.pk]))
            audit.visit(reverse("contracts:contribution_remove", args=[pool.pk, paid_in.pk]))
    walk_contract_management(audit, role, contract, *management[:3])
    walk_contract_changes(audit, role, register, contract)


def walk_contract_changes(audit, role, register, contract) -> None:
    """Variations and decommissioning: a variation of the contract proposed by someone else (its page
    for anyone who sees the contract; the approvals list and the refusal form, sent empty, for those
    who decide), the proposal and decommissioning forms sent empty, and a list's decommissioning plan
    with a person affected (the plan for council staff, the step form for editors, the new
    arrangement form, sent empty, for those who mark it)."""
    from datetime import date

    from commissioning.accounts.tests.factories import UserFactory
    from commissioning.contracts import rules as contracts_rules
    from commissioning.contracts.models import DecommissionPlan, DecommissionStep, Variation
    from commissioning.contracts.services import plan_start, step_add, variation_propose
    from commissioning.contracts.tests.factories import call_off
    from commissioning.procurement.tests.factories import OpenListFactory

    proposer = UserFactory(role=Role.LEAD_COMMISSIONER, market_area_id="care_homes")
    variation = variation_propose(variation=Variation(
        contract=contract, kind="extension", reason="Time to re-tender", value_change_pence=50_000_00,
        new_end_date=date(2029, 3, 31), takes_effect_on=date(2026, 4, 1)), by=proposer)
    audit.visit(contract.get_absolute_url(), label="a contract with a variation waiting")
    audit.visit(variation.get_absolute_url())
    if role in contracts_rules.APPROVE_VARIATIONS:
        audit.visit(reverse("contracts:variation_list"))
        audit.visit(reverse("contracts:variation_refuse", args=[variation.pk]))
        audit.submit("Refuse the change", label="refuse a variation, submitted empty")
        audit.check_error_summary()
    if role in contracts_rules.EDIT:
        audit.visit(reverse("contracts:variation_propose", args=[contract.pk]))
        audit.submit("Propose the change", label="propose a variation, submitted empty")
        audit.check_error_summary()
        audit.visit(reverse("contracts:decommission_start", args=[contract.pk]))
        audit.submit("Start decommissioning", label="decommission a contract, submitted empty")
        audit.check_error_summary()
    approved = OpenListFactory(name="Day opportunities list", start_date=date(2026, 4, 1), term_months=24)
    agreement = call_off(approved, provider=register.provider_a, weekly_cost_pence=250_00, by=proposer)
    plan = plan_start(plan=DecommissionPlan(contract=approved.register_entry, reason="Moves in house",
                                            service_stops_on=date(2027, 3, 31), replacement="The council's team"),
                      by=proposer)
    step_add(step=DecommissionStep(plan=plan, description="Tell the providers", owner=proposer,
                                   due_on=date(2027, 1, 4)), by=proposer)
    if role in contracts_rules.SEE_PLANS:
        audit.visit(plan.get_absolute_url())
    if role in contracts_rules.EDIT:
        audit.visit(reverse("contracts:decommission_step_add", args=[plan.contract_id]))
        audit.submit("Add the step", label="add a step, submitted empty")
        audit.check_error_summary()
    if role in contracts_rules.MARK_ARRANGED:
        audit.visit(reverse("contracts:decommission_arrangement", args=[plan.contract_id, agreement.pk]))
        audit.submit("Save", label="a new arrangement, submitted empty")
        audit.check_error_summary()
    if role == Role.PROVIDER_USER:
        audit.visit(plan.get_absolute_url(), status=403, label="a decommissioning plan, refused to a provider")


@pytest.mark.parametrize("role", Role.values)
def test_every_page_the_role_uses_passes_axe(role, register, open_as, make_person, tmp_path):
    user = register.provider_user_a if role == Role.PROVIDER_USER else make_person(role)
    audit = open_as(user, who=Role(role).label)
    landing = reverse("portal:home") if role == Role.PROVIDER_USER else reverse("core:home")
    assert audit.path() == landing, f"{Role(role).label} landed on {audit.path()}, not {landing}"
    audit.check("the page they land on after signing in")

    walk_service_navigation(audit)
    walk_register(audit, register)
    if role in rules.EDIT_REGISTER:
        walk_register_forms(audit, register)
    if role == Role.ADMINISTRATOR:
        walk_user_pages(audit, register)
    if role == Role.QUALITY_OFFICER:
        walk_cqc_import(audit, tmp_path)
    if role == Role.PROVIDER_USER:
        audit.visit(reverse("accounts:user_list"), status=403)
    care, competition, agreement = brokerage_round(register, make_person(Role.BROKER))
    walk_brokerage(audit, role, care, competition, agreement)
    walk_quality(audit, role, register, *quality_round(register, make_person(Role.QUALITY_OFFICER), agreement))
    walk_finance(audit, role, agreement)
    walk_directory(audit, role, register, care)
    walk_contracts(audit, role, register, make_person)
    audit.visit(MISSING, status=404)

    print(f"{Role(role).label}: {len(audit.checked)} pages checked")
    audit.assert_clean()


def test_the_sign_in_page_and_its_error_pass_axe(open_as, register):
    audit = open_as(None, who="Signed out")
    audit.visit(reverse("accounts:login"))
    audit.page.get_by_label("Username").fill(register.provider_user_a.username)
    audit.page.get_by_label("Password").fill("not-the-right-password")
    audit.submit("Sign in", label="sign in with the wrong password")
    audit.check_error_summary()
    audit.assert_clean()


def test_the_stylesheet_and_govuk_frontend_script_are_served(open_as, live_server):
    audit = open_as(None, who="Static files")
    for path, content_type in (("/static/css/application.css", "text/css"),
                               ("/static/govuk/govuk-frontend.min.js", "javascript")):
        response = audit.page.request.get(live_server.url + path)
        assert response.status == 200, f"{path} returned {response.status}"
        assert content_type in response.headers["content-type"]


def test_a_provider_user_cannot_see_another_providers_records(register, open_as):
    audit = open_as(register.provider_user_a, who="Provider scoping")
    other = register.provider_b

    for url, status, heading in (
        (register.service_b.get_absolute_url(), 404, "Page not found"),
        (other.get_absolute_url(), 404, "Page not found"),
        (reverse("providers:service_edit", args=[register.service_b.pk]), 403, "You do not have access to this page"),
    ):
        response = audit.page.goto(url)
        assert response.status == status, f"{url} answered {response.status} to another provider's user"
        assert audit.page.locator("h1").inner_text() == heading
        assert other.name not in audit.page.content()
        assert register.service_b.name not in audit.page.content()

    for url in (reverse("portal:home"), reverse("providers:provider_list"), reverse("providers:service_list"),
                reverse("providers:service_list") + "?q=Birchwood"):
        audit.page.goto(url)
        text = audit.page.content()
        assert other.name not in text, f"{other.name} appears on {url}"
        assert register.service_b.name not in text, f"{register.service_b.name} appears on {url}"
