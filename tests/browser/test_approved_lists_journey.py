"""One round of an Approved Provider List, end to end in a real browser, with axe-core on every page.

A procurement officer sets up a DPS with three lots and five questions and opens it; two providers
apply (choosing lots, answering, giving an insurance expiry date, uploading a safeguarding policy,
saving a draft and submitting); two evaluators score both applications alone; the officer agrees
the final scores and decides (admitting one provider, rejecting the other after the page refuses
an admission the rules do not allow); each provider then sees only its own result.

Everyone signs in through the sign-in form in their own browser context and moves by the links and
buttons on the pages, by their labels: only the page each person lands on is reached by URL.
"""
import re
from datetime import date, timedelta

import pytest

from commissioning.accounts.roles import MarketArea, Role
from commissioning.procurement.choices import Condition, ListKind
from commissioning.procurement.models import Application, ApprovedList
from commissioning.providers.choices import CqcRating
from commissioning.providers.models import ServiceType
from commissioning.providers.tests.factories import ProviderFactory, ServiceFactory

from .conftest import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REFERENCE = "TD2701"
LIST_NAME = "Home Care Approved Provider List 2027"
LOTS = [  # number, title, localities
    (1, "Central home care", ["Central"]),
    (2, "East and West home care", ["East", "West"]),
    (3, "South home care", ["South"]),
]
QUESTIONS = [  # number, text, kind, condition, weight, attachment required
    (1, "Are all your regulated services rated at least Good by CQC?", "Pass or fail", Condition.CQC_GOOD, 0, False),
    (2, "Give your public liability insurance and its expiry date", "Pass or fail", Condition.INSURANCE, 0, False),
    (3, "Attach your safeguarding adults policy", "Pass or fail", Condition.SAFEGUARDING, 0, True),
    (4, "How will you recruit and keep care workers?", "Scored", "", 60, False),
    (5, "How will you support people to reach their outcomes?", "Scored", "", 40, False),
]
POLICY_PDF = {
    "name": "safeguarding-policy.pdf", "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
}
# (evaluator 1, evaluator 2, agreed) scores of questions 3, 4 and 5 for each provider.
SCORES = {
    "A": ((1, 5, 4), (1, 4, 4), (1, 5, 4)),
    "B": ((1, 3, 3), (0, 2, 3), (0, 3, 3)),
}
REASONS_A = "Meets every condition, with a weighted score of 92%"
REASONS_B = "No adequate safeguarding adults policy was provided"
EV1_REASON = "Evaluator one's own reasoning"


# Moving through the pages by their links and buttons, checking each page that opens ---------------

def follow(audit, name: str, *, within=None, label: str = "") -> None:
    """Click the link called `name` (in `within`, else anywhere on the page) and check where it leads."""
    scope = within if within is not None else audit.page
    with audit.page.expect_navigation() as navigation:
        scope.get_by_role("link", name=name, exact=True).first.click()
    audit.check(label or f"{audit.path()} (link {name!r})", status=200, response=navigation.value)


def menu(audit, item: str) -> None:
    """Follow an item of the service navigation."""
    follow(audit, item, within=audit.page.get_by_role("navigation", name="Menu"), label=f"menu: {item}")


def banner(audit) -> str:
    """The success banner's text; the page's problems (or its heading) if there is none."""
    found = audit.page.locator(".govuk-notification-banner")
    if found.count():
        return found.inner_text()
    summary = audit.page.locator(".govuk-error-summary")
    return summary.inner_text() if summary.count() else f"no banner on {audit.path()}: " + audit.page.locator(
        "h1").inner_text()


def main_text(audit) -> str:
    return audit.page.locator("main").inner_text()


def fill(page, label: str, value: str, *, exact: bool = True) -> None:
    page.get_by_label(label, exact=exact).fill(value)


# The journey ---------------------------------------------------------------------------------------

def set_up_the_list(officer, lead) -> None:
    page = officer.page
    menu(officer, "Provider lists")
    follow(officer, "Set up a list")
    fill(page, "Name", LIST_NAME)
    fill(page, "Reference", REFERENCE)
    page.get_by_label("Kind", exact=True).select_option(label=ListKind.DPS.label)
    page.get_by_label("Market area", exact=True).select_option(label="Home care, day opportunities and respite")
    page.get_by_label("Lead commissioner", exact=True).select_option(
        label=f"{lead} (Home care, day opportunities and respite)")
    fill_date(page, "Start date", date.today())
    fill(page, "Term (months)", "120")
    fill(page, "Estimated value over the term (£)", "760000000")
    fill(page, "Most lots one provider may hold (optional)", "2")
    fill(page, "Pass mark (% of the weighted score)", "60")
    fill(page, "Highest score an evaluator can give", "5")
    officer.submit("Save list", label="list saved: the list detail page")
    assert "saved" in banner(officer)
    assert officer.page.locator("h1").inner_text().startswith(LIST_NAME)

    # A lot submitted empty shows the error summary, which leads to each field.
    follow(officer, "Add a lot")
    officer.submit("Save lot", label="add a lot, submitted empty")
    officer.check_error_summary()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Select at least one service type" in summary and "Select at least one locality" in summary

    for number, title, localities in LOTS:
        if number > 1:
            follow(officer, "Add a lot")
        fill(page, "Number", str(number))
        fill(page, "Title", title)
        page.get_by_label("Home care (standard)", exact=True).check()
        for locality in localities:
            page.get_by_label(locality, exact=True).check()
        officer.submit("Save lot", label=f"lot {number} saved")
        assert "Saved" in banner(officer)
        # Each lot asks for its prices: the main hourly rate, within the council's limits.
        follow(officer, f"Lot {number}: {title}", label=f"lot {number}: its page")
        follow(officer, "Add a price line", label=f"lot {number}: add a price line")
        fill(page, "Name of the price", "Hourly rate, weekday daytime")
        page.get_by_label("Per hour", exact=True).check()
        fill(page, "Lowest price allowed (£)", "18.00", exact=False)
        fill(page, "Highest price allowed (£)", "30.00", exact=False)
        officer.submit("Save price line", label=f"lot {number}: price line saved")
        assert "Price line saved" in banner(officer)
        assert "Main price" in page.get_by_role("table", name="Price lines of this lot").inner_text()
        follow(officer, "Back", label=f"lot {number}: back to the list")

    for number, text, kind, condition, weight, attachment in QUESTIONS:
        follow(officer, "Add a question")
        fill(page, "Number", str(number))
        fill(page, "Text", text)
        page.get_by_label(kind, exact=True).check()
        if condition:
            page.get_by_label("Condition", exact=True).select_option(value=condition)
        fill(page, "Weight", str(weight))
        if attachment:
            page.get_by_label("Requires attachment", exact=True).check()
        officer.submit("Save question", label=f"question {number} saved")
        assert "Saved" in banner(officer)

    lots_table = page.get_by_role("table", name="Lots")
    for number, title, localities in LOTS:
        row = lots_table.get_by_role("row").filter(has_text=f"Lot {number}: {title}")
        assert "Home care (standard)" in row.inner_text()
        assert all(locality in row.inner_text() for locality in localities)
    assert page.get_by_role("table", name="Questions").get_by_role("row").count() == len(QUESTIONS) + 1

    officer.submit("Open the list", label="list opened")
    assert "Open the list: done" in banner(officer)
    assert "Open" in page.locator("h1 .govuk-tag").inner_text()


def apply(provider, lots: list[str], label: str) -> None:
    """A provider fills in the application, saves a draft, then submits it."""
    page = provider.page
    menu(provider, "Apply to lists")
    provider.submit(f"Apply to {REFERENCE}", label=f"{label}: the application form")
    assert page.locator("h1").inner_text() == f"Apply to {LIST_NAME}"
    for lot in lots:
        page.get_by_label(lot, exact=True).check()
    for number, text, *_ in QUESTIONS:
        fill(page, f"{number}. {text}", f"{label}'s answer to question {number}", exact=False)
    expires = date.today() + timedelta(days=365)
    fill_date(page, "Question 2: insurance expiry date", expires, exact=False)
    page.get_by_label("Question 3: attachment", exact=False).set_input_files(POLICY_PDF)
    # An hourly rate over the lot's limit is refused with a message for that field.
    first_price = page.get_by_label(f"{lots[0]}: Hourly rate, weekday daytime", exact=False)
    first_price.fill("31.00")
    provider.submit("Save draft", label=f"{label}: a price over the limit refused")
    assert "Your hourly rate, weekday daytime must be between £18.00 and £30.00" in main_text(provider)
    page.get_by_label("Question 3: attachment", exact=False).set_input_files(POLICY_PDF)
    for lot in lots:
        page.get_by_label(f"{lot}: Hourly rate, weekday daytime", exact=False).fill("22.50")

    provider.submit("Save draft", label=f"{label}: draft saved")
    assert "Draft saved" in banner(provider)
    # The storage may add a suffix to a name already taken: safeguarding-policy_a1B2c3.pdf
    assert page.get_by_text(re.compile(r"^Uploaded: safeguarding-policy\S*\.pdf$")).is_visible()
    assert page.get_by_label("1. " + QUESTIONS[0][1]).input_value() == f"{label}'s answer to question 1"
    # The saved date is shown in the GOV.UK date input's day, month and year boxes.
    group = page.get_by_role("group", name="Question 2: insurance expiry date", exact=False)
    assert [group.get_by_label(box, exact=True).input_value() for box in ("Day", "Month", "Year")] == [
        str(expires.day), str(expires.month), str(expires.year)]
    assert page.get_by_label(f"{lots[0]}: Hourly rate, weekday daytime", exact=False).input_value() == "22.50"
    for lot in lots:
        assert page.get_by_label(lot, exact=True).is_checked()

    provider.submit("Submit application", label=f"{label}: submitted, answers locked")
    assert "Application submitted" in (shown := banner(provider)), shown
    text = main_text(provider)
    assert "Your answers are locked while the council evaluates them." in text
    for number, *_ in QUESTIONS:
        assert f"{label}'s answer to question {number}" in text
    assert f"Expires {expires:%-d %B %Y}" in text
    assert page.get_by_role("link", name="Download the attachment for question 3").is_visible()
    # Locked: the answers are shown, not offered for editing.
    assert page.locator("main textarea, main input[type=file], main input[type=date]").count() == 0
    assert page.get_by_role("button", name="Submit application").count() == 0
    for lot in lots:
        assert lot in text
    assert "£22.50 per hour" in text


def open_application(audit, provider_name: str) -> None:
    """From the menu to an application, through the queue of applications awaiting a decision."""
    menu(audit, "Provider lists")
    follow(audit, "Applications awaiting a decision")
    follow(audit, provider_name, within=audit.page.get_by_role("table"))


def enter_scores(page, scores, reason: str) -> None:
    for number, value in zip((3, 4, 5), scores, strict=True):
        fill(page, f"Question {number} score", str(value))
        fill(page, f"Question {number} reason", f"{reason} (question {number})")


def score(evaluator, provider_name: str, scores, reason: str) -> None:
    open_application(evaluator, provider_name)
    follow(evaluator, "Score this application")
    enter_scores(evaluator.page, scores, reason)
    evaluator.submit("Save your scores", label=f"{provider_name} scored")
    assert "Your scores are saved" in banner(evaluator)


def scores_table(audit) -> str:
    return audit.page.get_by_role("table", name="Evaluators' scores").inner_text()


def recording(audit) -> list[tuple[str, str]]:
    """Keep the HTML of every page `audit` checks from now on, to look for what must not be there."""
    pages, check = [], audit.check

    def check_and_keep(label, **kwargs):
        check(label, **kwargs)
        pages.append((audit.path(), audit.page.content()))

    audit.check = check_and_keep
    return pages


def moderate(officer, provider_name: str, scores, ev1, ev2) -> None:
    open_application(officer, provider_name)
    follow(officer, "Agree final scores")
    text = main_text(officer)
    assert f"{ev1} scored" in text and f"{ev2} scored" in text, "the moderator sees every evaluator's scores"
    enter_scores(officer.page, scores, "Agreed")
    officer.submit("Agree these scores", label=f"{provider_name}: scores agreed")
    assert "Scores agreed" in banner(officer)
    # The CQC rating and insurance conditions, checked by the system, pass for both providers.
    conditions = officer.page.locator("h2:text-is('Conditions checked by the system') + ul").inner_text()
    assert "Question 1" in conditions and "Question 2" in conditions and "Fail" not in conditions, conditions


def decide(officer, lot: str, outcome: str, reasons: str) -> None:
    page = officer.page
    page.get_by_role("group", name=lot, exact=True).get_by_label(outcome, exact=True).check()
    fill(page, f"Reasons for {lot}", reasons)


@pytest.fixture
def people(make_person):
    home_care = ServiceType.objects.get(code="home-care-standard")
    provider_a = ProviderFactory(name="Amberley Care Group")
    provider_b = ProviderFactory(name="Birchwood Homes")
    for provider, service in ((provider_a, "Amberley Home Care"), (provider_b, "Birchwood Home Care")):
        ServiceFactory(provider=provider, name=service, beds=None, cqc_rating=CqcRating.GOOD,
                       service_types=[home_care])
    return {
        "officer": make_person(Role.PROCUREMENT_OFFICER, first_name="Olu", last_name="Procter"),
        "lead": make_person(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.HOME_CARE,
                            first_name="Lena", last_name="Homer"),
        "other_lead": make_person(Role.LEAD_COMMISSIONER, first_name="Carl", last_name="Carehomes"),
        "ev1": make_person(Role.EVALUATOR, first_name="Eve", last_name="Ashworth"),
        "ev2": make_person(Role.EVALUATOR, first_name="Evan", last_name="Brightwell"),
        "a": make_person(Role.PROVIDER_USER, provider=provider_a, first_name="Ann", last_name="Amber"),
        "b": make_person(Role.PROVIDER_USER, provider=provider_b, first_name="Bob", last_name="Birch"),
    }


def test_one_round_of_an_approved_provider_list(people, open_as):
    lot_1, lot_2, lot_3 = (f"Lot {n}: {title}" for n, title, _ in LOTS)
    name_a, name_b = people["a"].provider.name, people["b"].provider.name

    # 1. The procurement officer sets up the list and opens it.
    officer = open_as(people["officer"], who="Procurement officer (journey)")
    officer.check("the page they land on after signing in")
    set_up_the_list(officer, people["lead"])
    approved_list = ApprovedList.objects.get(reference=REFERENCE)
    assert approved_list.status == "open" and approved_list.term_months == 120
    assert approved_list.estimated_value_pence == 76_000_000_000 and approved_list.lead_commissioner == people["lead"]

    # 2. Two providers apply.
    provider_a = open_as(people["a"], who="Provider A (journey)")
    pages_of = {name_a: recording(provider_a)}
    provider_a.check("the page they land on after signing in")
    apply(provider_a, [lot_1, lot_2], "Amberley")
    provider_b = open_as(people["b"], who="Provider B (journey)")
    pages_of[name_b] = recording(provider_b)
    provider_b.check("the page they land on after signing in")
    apply(provider_b, [lot_3], "Birchwood")
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}

    # 3. Two evaluators score both applications, each alone.
    ev1 = open_as(people["ev1"], who="Evaluator 1 (journey)")
    ev1.check("the page they land on after signing in")
    ev2 = open_as(people["ev2"], who="Evaluator 2 (journey)")
    ev2.check("the page they land on after signing in")
    score(ev1, name_a, SCORES["A"][0], EV1_REASON)
    score(ev1, name_b, SCORES["B"][0], EV1_REASON)
    open_application(ev2, name_a)
    assert "No scores you can see yet." in scores_table(ev2)
    assert str(people["ev1"]) not in main_text(ev2) and EV1_REASON not in main_text(ev2)
    score(ev2, name_a, SCORES["A"][1], "Evaluator two's reasoning")
    score(ev2, name_b, SCORES["B"][1], "Evaluator two's reasoning")
    assert str(people["ev2"]) in scores_table(ev2)
    assert str(people["ev1"]) not in main_text(ev2) and EV1_REASON not in main_text(ev2), (
        "evaluator 2 sees evaluator 1's scores before moderation")

    # The clarification form (audited, submitted empty, not sent: a clarification would pause moderation).
    open_application(officer, name_a)
    follow(officer, "Ask for a clarification")
    officer.submit("Send", label="ask for a clarification, submitted empty")
    officer.check_error_summary()
    assert "Enter the clarification you need" in officer.page.locator(".govuk-error-summary").inner_text()

    # 4. The officer moderates and decides.
    moderate(officer, name_a, SCORES["A"][2], people["ev1"], people["ev2"])
    assert "Weighted score: 92.00%" in main_text(officer) or "Weighted score: 92%" in main_text(officer)
    follow(officer, "Record the decision")
    decide(officer, lot_1, "Admitted", REASONS_A)
    decide(officer, lot_2, "Admitted", REASONS_A)
    officer.submit("Record the decision", label=f"{name_a}: decision recorded")
    assert "Decision recorded" in banner(officer)

    moderate(officer, name_b, SCORES["B"][2], people["ev1"], people["ev2"])
    assert "A pass or fail condition was not met" in main_text(officer)
    follow(officer, "Record the decision")
    decide(officer, lot_3, "Admitted", "Trying to admit")
    officer.submit("Record the decision", label=f"{name_b}: admission refused")
    officer.check_error_summary()
    assert "Cannot admit: A pass or fail condition was not met" in officer.page.locator(
        ".govuk-error-summary").inner_text()
    decide(officer, lot_3, "Rejected", REASONS_B)
    officer.submit("Record the decision", label=f"{name_b}: decision recorded")
    assert "Decision recorded" in banner(officer)

    # The membership page, from the list's members.
    menu(officer, "Provider lists")
    follow(officer, LIST_NAME)
    members = officer.page.get_by_role("table", name="Members by lot")
    assert name_a in members.inner_text() and name_b not in members.inner_text()
    follow(officer, name_a, within=members.get_by_role("row").filter(has_text=lot_1))
    assert officer.page.locator("h1").inner_text().startswith(f"{name_a} on {lot_1}")

    # 5. Each provider sees its own result, and nothing of the other's.
    for audit, own, other, reasons, other_reasons, outcome, lots in (
        (provider_a, name_a, name_b, REASONS_A, REASONS_B, "Admitted", [lot_1, lot_2]),
        (provider_b, name_b, name_a, REASONS_B, REASONS_A, "Rejected", [lot_3]),
    ):
        menu(audit, "Apply to lists")
        memberships = audit.page.get_by_role("table", name="Your memberships").inner_text()
        if outcome == "Admitted":
            assert all(f"{LIST_NAME}: {lot}" in memberships for lot in lots), memberships
            assert lot_3 not in memberships
        else:
            assert "No memberships yet." in memberships
        follow(audit, LIST_NAME, within=audit.page.get_by_role("table", name="Your applications"))
        decision = audit.page.locator("h2:text-is(\"The council's decision\") + dl")
        for lot in lots:
            row = decision.locator(".govuk-summary-list__row").filter(has_text=lot)
            assert outcome in row.inner_text() and reasons in row.inner_text()
        assert decision.locator(".govuk-summary-list__row").count() == len(lots)
        for path, html in pages_of[own]:
            assert other not in html and other_reasons not in html, f"{own} sees {other}'s name or reasons on {path}"
        assert len(pages_of[own]) == len(audit.checked)

    for audit in (officer, provider_a, provider_b, ev1, ev2):
        print(f"{audit.who}: {len(audit.checked)} pages checked")
    problems = [p for audit in (officer, provider_a, provider_b, ev1, ev2) for p in
                (f"{audit.who}: {problem}" for problem in audit.problems)]
    assert not problems, f"{len(problems)} accessibility problem(s):\n" + "\n".join(f"  - {p}" for p in problems)
