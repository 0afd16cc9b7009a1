"""Go-live: an empty platform (migrations only) set up and used through its pages, in a real browser,
with axe-core on every page.

The first-run page makes the council and its first administrator, who enrols an authenticator app;
the administrator adds two providers to the register and invites the staff and two provider users,
who each choose a password from the e-mailed link (staff enrol their authenticator app too);
procurement sets up a list with a capped lot, a lot with its own CQC condition and a reserve tier,
with price lines, and opens it; both providers apply with prices; evaluators score, the officer
moderates and decides (the capped lot admits by rank); a social worker requests care and the
broker awards it directly, accepted in the portal; a further competition's offers are scored by an
evaluator and the competition closes by the scheduler's task; the provider uploads actuals (a
repeated and a future visit refused, rows named); finance reconciles, invoices and pays, and the
remittance is seen in the portal.

Nothing is made in the database by the test: it only reads it, and the e-mail outbox, to check
results and to follow e-mailed links, and computes authenticator codes from the key the page shows.
"""
import re
import time
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from commissioning.accounts.roles import DEFAULT_MARKETS, MarketArea, Role

from .conftest import PageAudit, fill_date, fresh_code
from .test_approved_lists_journey import banner, follow, main_text, menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADMIN = {"username": "ada.shaw", "password": "kettle ladder orchard"}
PASSWORD = "lantern meadow copper"
STAFF = [  # username, first, last, role, market area
    ("lena.homer", "Lena", "Homer", Role.LEAD_COMMISSIONER, MarketArea.HOME_CARE),
    ("olu.procter", "Olu", "Procter", Role.PROCUREMENT_OFFICER, None),
    ("eve.ashworth", "Eve", "Ashworth", Role.EVALUATOR, None),
    ("evan.bright", "Evan", "Brightwell", Role.EVALUATOR, None),
    ("bea.broker", "Bea", "Broker", Role.BROKER, None),
    ("sam.worker", "Sam", "Worker", Role.SOCIAL_WORKER, None),
    ("fin.officer", "Fin", "Officer", Role.FINANCE_OFFICER, None),
]
PROVIDERS = [  # trading name, legal name, service, CQC location, postcode, provider user
    ("Amberley Home Care", "Amberley Home Care Ltd", "Amberley Home Care Derby", "1-101000001", "DE1 1BX",
     ("ann.amber", "Ann", "Amber")),
    ("Birchwood Home Care", "Birchwood Home Care Ltd", "Birchwood Home Care Mickleover", "1-101000002", "DE3 9AB",
     ("bob.birch", "Bob", "Birch")),
]
REFERENCE = "GL-HC-2027"
LIST_NAME = "Home Care Framework 2027"
LOTS = [  # number, title, locality, cap, minimum CQC rating, reserve
    (1, "Derby city centre home care", "Derby city centre", 1, "", False),
    (2, "Mickleover home care", "Mickleover", None, "Good or better", False),
    (3, "Reserve home care", "Derby city centre", None, "", True),
]
QUESTION = "How will you recruit and keep care workers?"
RATES = {"Amberley Home Care": "23.00", "Birchwood Home Care": "22.00"}
SCORES = {"Amberley Home Care": ("5", "4", "5"), "Birchwood Home Care": ("3", "3", "3")}  # ev1, ev2, agreed


def field(page, label: str):
    """The field called `label`, or `label (optional)` as the forms call an optional one."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(optional\))?$"))


def put(page, label: str, value: str, *, exact: bool = True) -> None:
    (field(page, label) if exact else page.get_by_label(label, exact=False)).fill(value)


# Signing in, as a person who set everything up through the pages ------------------------------

def user_named(username: str):
    from commissioning.accounts.models import User

    return User.objects.get(username=username)


def enter_code(audit: PageAudit, username: str, secret: str, button: str = "Continue", label: str = "") -> None:
    audit.page.get_by_label("Code from your authenticator app").fill(fresh_code(user_named(username), secret))
    audit.submit(button, label=label or f"{username}: code entered")


def password_step(audit: PageAudit, username: str, password: str) -> None:
    audit.visit(reverse("account_login"), label="sign in")
    put(audit.page, "Username", username)
    put(audit.page, "Password", password)
    audit.submit("Sign in", label=f"{username}: after the password")


def enrol(audit: PageAudit, username: str) -> str:
    """On the set-up page staff are sent to: read the key shown for people who cannot scan, enter a code."""
    assert audit.path() == reverse("mfa_activate_totp"), f"{username} was not asked to set up an app ({audit.path()})"
    audit.page.get_by_text("I cannot scan the QR code").click()
    secret = audit.page.locator("#totp-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    audit.page.get_by_label("Code", exact=False).first.fill(fresh_code(user_named(username), secret))
    audit.submit("Continue", label=f"{username}: recovery codes after setting up the app")
    assert audit.path() == reverse("mfa_view_recovery_codes"), f"{username}: app not set up ({audit.path()})"
    follow(audit, "Continue", label=f"{username}: home after setting up the app")
    return secret


def sign_in_again(audit: PageAudit, username: str, password: str, secret: str | None) -> None:
    password_step(audit, username, password)
    if secret:
        assert audit.path() == reverse("mfa_authenticate"), f"{username} was not asked for a code"
        enter_code(audit, username, secret, label=f"{username}: signed in")
    assert "/accounts/" not in audit.path(), f"{username} could not sign in ({audit.path()})"


def invitation_path(email: str) -> str:
    sent = [m for m in mail.outbox if email in m.to and "invited" in m.subject]
    assert sent, f"no invitation e-mailed to {email}"
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", sent[-1].body)
    assert link, sent[-1].body
    return "/" + link.group(0).split("/", 3)[3]


def accept_invitation(open_as, username: str, email: str, *, staff: bool) -> tuple[PageAudit, str | None]:
    """Choose a password from the e-mailed link, sign in, and (staff) set up the authenticator app."""
    audit = open_as(None, who=f"{username} (go-live)")
    audit.visit(invitation_path(email), label=f"{username}: choose a password")
    put(audit.page, "Create a password", PASSWORD)
    put(audit.page, "Confirm password", PASSWORD)
    audit.submit("Create password", label=f"{username}: password set")
    assert "Your password is set" in banner(audit)
    password_step(audit, username, PASSWORD)
    secret = enrol(audit, username) if staff else None
    assert "/accounts/" not in audit.path(), f"{username} could not sign in ({audit.path()})"
    audit.visit(invitation_path(email), status=410, label=f"{username}: the invitation link, used once")
    return audit, secret


# 1. First run ---------------------------------------------------------------------------------

def first_run(open_as) -> tuple[PageAudit, str]:
    audit = open_as(None, who="Administrator (go-live)")
    audit.visit(reverse("account_login"), label="the sign-in page of an empty platform")
    assert audit.path() == reverse("accounts:first_run"), "an empty platform sends the sign-in page to the first run"
    audit.submit("Set up the platform", label="first run, submitted empty")
    audit.check_error_summary()
    assert "Enter the council’s name" in audit.page.locator(".govuk-error-summary").inner_text()
    page = audit.page
    put(page, "Council name", settings.COUNCIL_NAME)
    put(page, "Public Procurement Organisation Number (PPON)", "PQVM-1383-ZBXP")
    put(page, "Localities", "DE1 Derby city centre\nDE22 Derby city centre\nDE3 Mickleover")
    put(page, "Market area 5 (optional)", "Children’s residential care")
    put(page, "Your first name", "Ada")
    put(page, "Your last name", "Shaw")
    put(page, "Your email address", "ada.shaw@example.gov.uk")
    put(page, "Your username", ADMIN["username"])
    put(page, "Create a password", ADMIN["password"])
    put(page, "Confirm password", ADMIN["password"])
    audit.submit("Set up the platform", label="the platform set up")
    assert audit.path() == reverse("account_login"), banner(audit)
    password_step(audit, ADMIN["username"], ADMIN["password"])
    secret = enrol(audit, ADMIN["username"])
    audit.visit(reverse("accounts:first_run"), status=404, label="the first-run page, once set up")
    audit.visit(reverse("accounts:market_list"), label="the market areas the first run made")
    assert "Children’s residential care" in audit.page.locator("table").inner_text()
    return audit, secret


# 2. The register and the people ----------------------------------------------------------------

def add_provider(admin: PageAudit, name, legal, service, location, postcode) -> None:
    page = admin.page
    menu(admin, "Providers")
    follow(admin, "Add a provider")
    put(page, "Trading name", name)
    put(page, "Legal name", legal)
    admin.submit("Save provider", label=f"{name}: saved")
    assert admin.page.locator("h1").inner_text().startswith(name), banner(admin)
    follow(admin, "Add a service")
    put(page, "Name", service)
    put(page, "CQC location ID", location)
    put(page, "Address line 1", "1 High Street")
    put(page, "Town or city", "Derby")
    put(page, "Postcode", postcode)
    page.get_by_label("Home care (standard)", exact=True).check()
    put(page, "Hours per week", "400")
    field(page, "CQC rating").select_option(label="Good")
    admin.submit("Save service", label=f"{service}: saved")
    assert admin.page.locator("h1").inner_text().startswith(service), banner(admin)


def invite(admin: PageAudit, username, first, last, role, *, market_area=None, provider=None) -> str:
    page = admin.page
    email = f"{username}@example.org"
    menu(admin, "Users")
    follow(admin, "Invite a user")
    put(page, "Username", username)
    put(page, "First name", first)
    put(page, "Last name", last)
    put(page, "Email address", email)
    field(page, "Role").select_option(label=role.label)
    if market_area:
        field(page, "Market area").select_option(label=dict(DEFAULT_MARKETS)[market_area])
    if provider:
        field(page, "Provider organisation").select_option(label=provider)
    admin.submit("Save", label=f"{username}: invited")
    assert "added and invited by email" in banner(admin), banner(admin)
    return email


# 3. The list ------------------------------------------------------------------------------------

def set_up_the_list(officer: PageAudit) -> None:
    page = officer.page
    menu(officer, "Provider lists")
    follow(officer, "Set up a list")
    put(page, "Name", LIST_NAME)
    put(page, "Reference", REFERENCE)
    field(page, "Kind").select_option(label="Open framework (Procurement Act 2023)")
    home_care = dict(DEFAULT_MARKETS)[MarketArea.HOME_CARE]
    field(page, "Market area").select_option(label=home_care)
    field(page, "Lead commissioner").select_option(label=f"Lena Homer ({home_care})")
    fill_date(page, "Start date", date.today())
    put(page, "Term (months)", "48")
    put(page, "Estimated value over the term (£)", "12000000")
    put(page, "Pass mark (% of the weighted score)", "50")
    put(page, "Highest score an evaluator can give", "5")
    field(page, "Members of a primary lot may also join its reserve lots").check()
    officer.submit("Save list", label="list saved")
    assert "saved" in banner(officer), banner(officer)

    for number, title, locality, cap, minimum, reserve in LOTS:
        follow(officer, "Add a lot")
        put(page, "Number", str(number))
        put(page, "Title", title)
        page.get_by_label("Home care (standard)", exact=True).check()
        page.get_by_label(locality, exact=True).check()
        if cap:
            put(page, "Most members", str(cap))
        if minimum:
            field(page, "Lowest CQC rating admitted").select_option(label=minimum)
        if reserve:
            field(page, "Reserve tier").check()
            for other, other_title, *_ in LOTS[:2]:
                page.get_by_label(f"Lot {other}: {other_title}", exact=False).check()
        officer.submit("Save lot", label=f"lot {number} saved")
        assert "Saved" in banner(officer), banner(officer)
        follow(officer, f"Lot {number}: {title}", label=f"lot {number}: its page")
        follow(officer, "Add a price line", label=f"lot {number}: add a price line")
        put(page, "Name of the price", "Hourly rate")
        page.get_by_label("Per hour", exact=True).check()
        put(page, "Lowest price allowed (£)", "18.00", exact=False)
        put(page, "Highest price allowed (£)", "30.00", exact=False)
        officer.submit("Save price line", label=f"lot {number}: price line saved")
        assert "Price line saved" in banner(officer), banner(officer)
        follow(officer, "Back", label=f"lot {number}: back to the list")

    follow(officer, "Add a question")
    put(page, "Number", "1")
    put(page, "Text", QUESTION)
    page.get_by_label("Scored", exact=True).check()
    put(page, "Weight", "100")
    officer.submit("Save question", label="question saved")
    assert "Saved" in banner(officer), banner(officer)
    officer.submit("Open the list", label="list opened")
    assert "Open the list: done" in banner(officer), banner(officer)


def apply(provider: PageAudit, name: str, lots: list[str]) -> None:
    page = provider.page
    menu(provider, "Apply to lists")
    provider.submit(f"Apply to {REFERENCE}", label=f"{name}: the application form")
    for lot in lots:
        page.get_by_label(lot, exact=True).check()
    put(page, f"1. {QUESTION}", f"{name} pays the real living wage and trains every carer.", exact=False)
    for lot in lots:
        page.get_by_label(f"{lot}: Hourly rate", exact=False).fill(RATES[name])
    provider.submit("Submit application", label=f"{name}: submitted")
    assert "Application submitted" in banner(provider), banner(provider)


def open_application(audit: PageAudit, provider_name: str) -> None:
    menu(audit, "Provider lists")
    follow(audit, "Applications awaiting a decision")
    follow(audit, provider_name, within=audit.page.get_by_role("table"))


def score(evaluator: PageAudit, provider_name: str, value: str) -> None:
    open_application(evaluator, provider_name)
    follow(evaluator, "Score this application")
    put(evaluator.page, "Question 1 score", value)
    put(evaluator.page, "Question 1 reason", "Scored against the published criteria")
    evaluator.submit("Save your scores", label=f"{provider_name} scored")
    assert "Your scores are saved" in banner(evaluator), banner(evaluator)


def moderate(officer: PageAudit, provider_name: str, value: str) -> None:
    open_application(officer, provider_name)
    follow(officer, "Agree final scores")
    put(officer.page, "Question 1 score", value)
    put(officer.page, "Question 1 reason", "Agreed at moderation")
    officer.submit("Agree these scores", label=f"{provider_name}: scores agreed")
    assert "Scores agreed" in banner(officer), banner(officer)


def decide_uncapped(officer: PageAudit, provider_name: str, lots: list[str]) -> None:
    open_application(officer, provider_name)
    follow(officer, "Record the decision")
    for lot in lots:
        officer.page.get_by_role("group", name=lot, exact=True).get_by_label("Admitted", exact=True).check()
        put(officer.page, f"Reasons for {lot}", "Meets the conditions and the pass mark")
    officer.submit("Record the decision", label=f"{provider_name}: decision recorded")
    assert "Decision recorded" in banner(officer), banner(officer)


# 4 and 5. Brokerage ----------------------------------------------------------------------------

def request_care(social_worker: PageAudit, person: str, postcode: str, lot: str, start: date, *,
                 backdated: str = "") -> None:
    page = social_worker.page
    menu(social_worker, "Care requests")
    follow(social_worker, "Request care")
    put(page, "Person's full name", person)
    fill_date(page, "Date of birth", date(1938, 5, 17))
    put(page, "Address", "14 Kedleston Road")
    page.locator("#id_person-postcode").fill(postcode)
    put(page, "Assessed needs", "Help to wash and dress each morning.")
    put(page, "Outcomes the care should achieve", "Stay living at home")
    field(page, "Lot").select_option(label=f"{REFERENCE} {lot}")
    field(page, "Service type").select_option(label="Home care (standard)")
    put(page, "Hours per week", "3.5")
    put(page, "Postcode where care is delivered", postcode)
    fill_date(page, "Wanted start date", start)
    if backdated:
        page.get_by_label("Reason the start is backdated", exact=False).fill(backdated)
    page.get_by_label("Urgent", exact=True).check()
    put(page, "Indicative weekly budget (£)", "120.00")
    social_worker.submit("Send to brokerage", label=f"{person}: the request sent to brokerage")
    assert "/requests/new/" not in social_worker.path(), banner(social_worker)


def open_request(broker: PageAudit, reference: str) -> None:
    menu(broker, "Brokerage")
    follow(broker, reference)
    follow(broker, "Record a front-door option")
    broker.page.get_by_label("Technology-enabled care (e.g. Carelink)", exact=True).check()
    broker.page.get_by_label("Not suitable for the person's needs", exact=True).check()
    broker.submit("Record option", label=f"{reference}: front door recorded")


def accept(provider: PageAudit, reference: str) -> None:
    menu(provider, "Agreements")
    follow(provider, reference)
    provider.submit("Accept the agreement", label=f"{reference}: accepted")
    assert "Accepted" in main_text(provider), banner(provider)


def offer(provider: PageAudit, reference: str, price: str) -> None:
    page = provider.page
    menu(provider, "Offers")
    follow(provider, reference)
    put(page, "Your price (£)", price)
    fill_date(page, "Date you can start", date.today() + timedelta(days=10))
    page.get_by_label("1. ", exact=False).first.fill("A regular team of two carers who live nearby.")
    provider.submit("Submit offer", label=f"{reference}: offer submitted")


def scheduled_close(at) -> bool:
    """What the scheduler does each minute, with its clock at `at`: enqueue the schedule's task."""
    from commissioning.core.schedules import SCHEDULES, schedule_enqueue

    schedule = next(s for s in SCHEDULES if s.task_path == "commissioning.brokerage.tasks.close_due_competitions")
    with pytest.MonkeyPatch.context() as clock:
        clock.setattr("django.utils.timezone.now", lambda: at)
        return schedule_enqueue(schedule, now=at)


# 6. Actuals and payment ------------------------------------------------------------------------

def week_csv(path, agreement, reference: str, *, repeated: bool = False, future: bool = False) -> str:
    monday = date.today() - timedelta(days=date.today().weekday() + 7)
    rows = ["file_reference,provider,agreement,carer,scheduled_start,scheduled_end,check_in,check_out,method,"
            "exception_code"]
    days = [monday + timedelta(days=n) for n in range(7)]
    if repeated:
        days.append(days[1])
    if future:
        days.append(date.today() + timedelta(days=2))
    for d in days:
        rows.append(f"{reference},Amberley Home Care,{agreement.reference},C7,{d}T08:00,{d}T08:30,{d}T08:01,"
                    f"{d}T08:31,call,")
    path.write_text("\n".join(rows) + "\n")
    return str(path)


# The journey ------------------------------------------------------------------------------------

def test_go_live_from_an_empty_platform(open_as, tmp_path):
    from commissioning.accounts.models import Council, User
    from commissioning.procurement.models import Membership
    from commissioning.providers.models import Provider

    started = time.monotonic()
    assert not User.objects.exists() and not Council.objects.exists() and not Provider.objects.exists(), (
        "the journey starts from migrations only")
    audits: list[PageAudit] = []

    # 1. The first run, and the administrator's authenticator app.
    admin, _ = first_run(open_as)
    audits.append(admin)
    council = Council.objects.get()
    assert council.ppon == "PQVM-1383-ZBXP" and User.objects.get().role == Role.ADMINISTRATOR

    # 2. The providers on the register, then the people, each from their e-mailed link.
    for name, legal, service, location, postcode, _ in PROVIDERS:
        add_provider(admin, name, legal, service, location, postcode)
    emails = {}
    for username, first, last, role, area in STAFF:
        emails[username] = invite(admin, username, first, last, role, market_area=area)
    for name, *_, (username, first, last) in PROVIDERS:
        emails[username] = invite(admin, username, first, last, Role.PROVIDER_USER, provider=name)
    people = {}
    for username, *_ in STAFF[1:]:
        people[username] = accept_invitation(open_as, username, emails[username], staff=True)[0]
    for name, *_, (username, _, _) in PROVIDERS:
        people[name] = accept_invitation(open_as, username, emails[username], staff=False)[0]
    audits += list(people.values())
    officer, ev1, ev2 = people["olu.procter"], people["eve.ashworth"], people["evan.bright"]
    amberley, birchwood = people["Amberley Home Care"], people["Birchwood Home Care"]

    # 3. The list: a capped lot, a lot with its own CQC condition, a reserve tier; applications and decisions.
    set_up_the_list(officer)
    lot_1, lot_2, lot_3 = (f"Lot {n}: {title}" for n, title, *_ in LOTS)
    apply(amberley, "Amberley Home Care", [lot_1, lot_2])
    apply(birchwood, "Birchwood Home Care", [lot_1, lot_2, lot_3])
    for name, (s1, s2, agreed) in SCORES.items():
        score(ev1, name, s1)
        score(ev2, name, s2)
        moderate(officer, name, agreed)
    decide_uncapped(officer, "Amberley Home Care", [lot_2])
    decide_uncapped(officer, "Birchwood Home Care", [lot_2, lot_3])
    menu(officer, "Provider lists")
    follow(officer, LIST_NAME)
    ready = officer.page.locator(".govuk-inset-text", has_text="Ready to admit by rank")
    if not ready.count():
        pytest.fail(f"The list page has no 'Ready to admit by rank' link for {lot_1} (capped at 1)")
    follow(officer, f"{lot_1}", within=ready, label="admit by rank") if ready.get_by_role(
        "link", name=lot_1, exact=True).count() else follow(
        officer, ready.get_by_role("link").first.inner_text(), within=ready, label="admit by rank")
    officer.submit("Admit by rank", label="admitted by rank")
    assert "1 admitted by rank; 1 told" in banner(officer), banner(officer)
    members = {(m.lot.number, m.provider.name) for m in Membership.objects.select_related("lot", "provider")}
    menu(birchwood, "Apply to lists")
    memberships = birchwood.page.get_by_role("table", name="Your memberships").inner_text()
    assert lot_2 in memberships and lot_3 in memberships and lot_1 not in memberships, memberships
    assert members == {(1, "Amberley Home Care"), (2, "Amberley Home Care"), (2, "Birchwood Home Care"),
                       (3, "Birchwood Home Care")}, members

    # 4. A social worker's request, awarded directly on the capped lot and accepted in the portal.
    from commissioning.brokerage.models import Agreement, CareRequest, Competition

    social_worker, broker, finance = people["sam.worker"], people["bea.broker"], people["fin.officer"]
    request_care(social_worker, "Winifred Ashbourne", "DE1 1BX", lot_1, date.today() - timedelta(days=30),
                 backdated="Care started in an emergency over the weekend")
    care = CareRequest.objects.get()
    open_request(broker, care.reference)
    follow(broker, "Direct award")
    broker.page.get_by_label("1. Amberley Home Care", exact=False).check()
    broker.page.get_by_label("The person's choice", exact=True).check()
    put(broker.page, "Explain the award", "Mrs Ashbourne chose Amberley, who cared for her husband")
    broker.submit("Award", label="the direct award")
    direct = Agreement.objects.get()
    assert direct.provider.name == "Amberley Home Care", banner(broker)
    accept(amberley, direct.reference)
    direct.refresh_from_db()
    assert direct.status == "accepted"

    # 5. A further competition on the lot with its own CQC condition: one offer, closed by the scheduler.
    request_care(social_worker, "Harold Mickleton", "DE3 9AB", lot_2, date.today() + timedelta(days=10))
    second = CareRequest.objects.exclude(pk=care.pk).get()
    open_request(broker, second.reference)
    follow(broker, "Send to further competition")
    broker.submit("Send to further competition", label="the competition, open for offers")
    competition = Competition.objects.get()
    assert {i.provider.name for i in competition.invites.select_related("provider")} == {
        "Amberley Home Care", "Birchwood Home Care"}
    offer(amberley, competition.reference, "23.00")
    competition.refresh_from_db()
    assert competition.status == "open", "one of two invited providers answered: offers stay open"
    assert scheduled_close(competition.closes_at + timedelta(minutes=1)), "the scheduler's slot was claimed"
    competition.refresh_from_db()
    assert competition.status == "closed", f"the scheduled close left the competition {competition.status}"

    ev1.visit(reverse("brokerage:scoring_list"), label="offers to score")
    follow(ev1, competition.reference)
    assert "23.00" not in main_text(ev1), "evaluators score blind to price"
    question = competition.questions.get()
    scored = competition.offers.get()
    ev1.page.locator(f"#score_{scored.pk}_{question.pk}").fill("4")
    ev1.page.locator(f"#reason_{scored.pk}_{question.pk}").fill("A settled local team")
    ev1.submit("Save my scores for offer 1", label="competition offer scored")
    ev2.visit(reverse("brokerage:scoring_list"), label="offers to score")
    follow(ev2, competition.reference)
    ev2.page.locator(f"#score_{scored.pk}_{question.pk}").fill("5")
    ev2.page.locator(f"#reason_{scored.pk}_{question.pk}").fill("Carers already known in Mickleover")
    ev2.submit("Save my scores for offer 1", label="competition offer scored by the second evaluator")
    broker.visit(competition.get_absolute_url(), label="the competition closed, its offer scored")
    broker.submit("Rank the offers", label="offers ranked")
    broker.submit("Award", label="the competition awarded")
    awarded = Agreement.objects.exclude(pk=direct.pk).get()
    accept(amberley, awarded.reference)
    menu(birchwood, "Offers")
    assert competition.reference in main_text(birchwood)

    # 6. Actuals in the portal, refused with their rows named; reconciliation, invoice, payment, remittance.
    from commissioning.finance.models import Invoice, ProviderWeek

    menu(amberley, "Actuals")
    amberley.page.get_by_label("Call monitoring export (CSV)").set_input_files(
        week_csv(tmp_path / "bad.csv", direct, "ECM-AMB-01", repeated=True, future=True))
    amberley.submit("Upload the visits", label="a repeated and a future visit, refused")
    amberley.check_error_summary()
    text = main_text(amberley)
    assert "Row 9 is the same visit as row 3" in text, text
    assert "Row 10: the visit is in the future" in text, text
    assert not ProviderWeek.objects.exists()
    amberley.page.get_by_label("Call monitoring export (CSV)").set_input_files(
        week_csv(tmp_path / "week.csv", direct, "ECM-AMB-02"))
    amberley.submit("Upload the visits", label="the week imported and reconciled")
    week = ProviderWeek.objects.get()
    assert week.visits == 7, banner(amberley)

    menu(finance, "Payments")
    with finance.page.expect_navigation():
        finance.page.get_by_role("link", name=re.compile(f"Amberley Home Care.*week of {week.week:%-d %b %Y}")).click()
    finance.check("the reconciled week")
    finance.submit("Make the invoice", label="invoice made")
    invoice = Invoice.objects.get()
    finance.visit(invoice.get_absolute_url(), label="the invoice")
    finance.submit("Approve for payment", label="invoice approved")
    menu(finance, "Payments")
    follow(finance, "Make a payment run")
    finance.page.get_by_label("Weekly (paid on actuals)").check()
    finance.submit("Make the run", label="payment run made")
    invoice.refresh_from_db()
    assert invoice.status == "paid", banner(finance)
    menu(amberley, "Invoices")
    follow(amberley, str(invoice.payment_run))
    assert f"Invoice {invoice}" in main_text(amberley)

    for audit in audits:
        print(f"{audit.who}: {len(audit.checked)} pages checked")
    print("pages checked:", " ".join(sorted({re.sub(r"/\d+/", "/N/", p) for a in audits for p in a.checked})))
    print(f"go-live journey: {time.monotonic() - started:.0f} s")
    problems = [f"{audit.who}: {p}" for audit in audits for p in audit.problems]
    assert not problems, f"{len(problems)} accessibility problem(s):\n" + "\n".join(f"  - {p}" for p in problems)
