"""Browser tests: one headless Chromium for the session, a fresh context per person, axe-core in every page.

Chromium is Debian's (/usr/bin/chromium, installed by `make browser`); Playwright's own browser
download is not used on these machines. axe-core comes from the npm dev dependencies and the
GOV.UK Frontend assets from static_build/, both set up by `make test`.
"""
import base64
import contextlib
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from commissioning.accounts.roles import MarketArea, Role
from commissioning.accounts.tests.factories import UserFactory
from commissioning.providers.choices import CqcRating
from commissioning.providers.services import provider_save
from commissioning.providers.tests.factories import CouncilOnlyServiceFactory, ProviderFactory, ServiceFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
STYLESHEET = Path(settings.BASE_DIR) / "static_build" / "css" / "application.css"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PASSWORD = "correct-horse-battery"
PAGES_CHECKED = pytest.StashKey[dict[str, list[str]]]()
USED_CODES: dict[int, set[str]] = {}

# One round trip: axe's violations plus what every GOV.UK page must have.
AUDIT_JS = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const h1s = document.querySelectorAll('h1');
  const skip = document.querySelector('a.govuk-skip-link');
  return {
    violations: result.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')), count: v.nodes.length,
    })),
    title: document.title,
    h1Count: h1s.length,
    h1Font: h1s.length ? getComputedStyle(h1s[0]).fontFamily : '',
    skipHref: skip ? skip.getAttribute('href') : null,
    skipIsFirstLink: skip !== null && document.querySelector('a[href]') === skip,
    mainContent: document.getElementById('main-content') !== null,
  };
}"""

# Every link in the error summary must lead to a field on the page.
ERROR_SUMMARY_JS = """() => {
  const summary = document.querySelector('.govuk-error-summary');
  if (!summary) return null;
  const links = [...summary.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href'));
  return {
    links: links.length,
    fieldErrors: document.querySelectorAll('.govuk-error-message').length,
    broken: links.filter(href => !document.getElementById(decodeURIComponent(href.slice(1)))),
    focused: document.activeElement === summary,
  };
}"""


@pytest.fixture(scope="session")
def static_assets() -> None:
    """The built GOV.UK Frontend assets; without them the pages would be checked unstyled."""
    if not STYLESHEET.exists():
        pytest.fail(
            f"{STYLESHEET.relative_to(settings.BASE_DIR)} is missing: run `make test`, which builds the "
            "GOV.UK Frontend assets into static_build/ (or `npm ci && npm run build`).",
            pytrace=False,
        )
    if not AXE_JS.exists():
        pytest.fail("node_modules/axe-core is missing: run `make test` (it runs `npm ci`).", pytrace=False)


@pytest.fixture(scope="session")
def browser(static_assets) -> Iterator:
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (Debian's chromium package).", pytrace=False)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, so Django's ORM, used by the
    # factories and the database fixtures here, would refuse to run ("async context").
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@dataclass
class PageAudit:
    """Checks each page a person opens and collects the problems, so one run reports them all."""

    page: object
    base_url: str
    who: str
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def visit(self, path: str, *, status: int = 200, label: str = "") -> None:
        """Open `path` and check it, unless it redirected to a page already checked."""
        url = path if path.startswith("http") else self.base_url + path
        response = self.page.goto(url)
        if self.path() != path and self.path() in self.checked and response is not None and response.status == status:
            return
        self.check(label or path, status=status, response=response)

    def submit(self, button: str, *, status: int = 200, label: str = "") -> None:
        """Press a form's submit button and check the page that comes back."""
        with self.page.expect_navigation() as navigation:
            self.page.get_by_role("button", name=button, exact=True).click()
        self.check(label or f"{self.path()} after {button!r}", status=status, response=navigation.value)

    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)

    def check(self, label: str, *, status: int | None = None, response=None) -> None:
        where = f"{label} [{self.path()}]" if label != self.path() else label
        self.checked.append(self.path())
        if response is not None and status is not None and response.status != status:
            self.problems.append(f"{where}: HTTP {response.status}, expected {status}")
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            self.page.add_script_tag(path=str(AXE_JS))
        found = self.page.evaluate(AUDIT_JS, AXE_TAGS)
        for v in found["violations"]:
            self.problems.append(
                f"{where}: axe {v['id']} ({v['impact']}, {v['count']} node(s)): {v['help']} "
                f"→ {', '.join(v['targets'])}"
            )
        suffix = f" – {settings.SERVICE_NAME} – {settings.COUNCIL_NAME}"
        title = found["title"]
        if not title.endswith(suffix) or not title.removesuffix(suffix).strip():
            self.problems.append(f"{where}: title {title!r} should be 'Page – {settings.SERVICE_NAME} – ...'")
        if found["h1Count"] != 1:
            self.problems.append(f"{where}: {found['h1Count']} h1 elements, expected exactly 1")
        if found["skipHref"] != "#main-content" or not found["skipIsFirstLink"] or not found["mainContent"]:
            self.problems.append(f"{where}: no skip link to #main-content as the first link on the page")
        if "GDS Transport" not in found["h1Font"]:
            self.problems.append(f"{where}: GOV.UK Frontend CSS not applied (h1 font {found['h1Font']!r})")

    def check_error_summary(self) -> None:
        """The GOV.UK error summary is shown, takes focus, and every link leads to a field."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        with contextlib.suppress(PlaywrightTimeout):  # reported below, with what the page does have
            self.page.wait_for_function(
                "() => document.activeElement?.classList.contains('govuk-error-summary')", timeout=3000
            )
        summary = self.page.evaluate(ERROR_SUMMARY_JS)
        where = self.path()
        if summary is None:
            self.problems.append(f"{where}: no GOV.UK error summary after submitting the form empty")
            return
        if summary["links"] < summary["fieldErrors"]:
            self.problems.append(
                f"{where}: {summary['fieldErrors']} field errors but {summary['links']} links in the error summary"
            )
        if summary["broken"]:
            self.problems.append(f"{where}: error summary links to missing ids {summary['broken']}")
        if not summary["focused"]:
            self.problems.append(f"{where}: the error summary does not have focus")

    def assert_clean(self) -> None:
        if self.problems:
            report = "\n".join(f"  - {p}" for p in self.problems)
            pytest.fail(
                f"{len(self.problems)} accessibility problem(s) for {self.who} "
                f"across {len(self.checked)} pages:\n{report}",
                pytrace=False,
            )


@pytest.fixture
def open_as(browser, live_server, request) -> Iterator[Callable]:
    """Signs a person in through the real sign-in pages (password, then authenticator code) in a fresh
    browser context."""
    contexts = []
    checked = request.config.stash.setdefault(PAGES_CHECKED, {})

    def open_as(user, *, who: str = "") -> PageAudit:
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        # axe-core is in every document from the start: injecting its 550 kB with add_script_tag
        # on each page cost ~0.1 s a page; check() still adds it to any page that lacks it.
        context.add_init_script(path=str(AXE_JS))
        contexts.append(context)
        page = context.new_page()
        audit = PageAudit(page=page, base_url=live_server.url, who=who or str(user))
        checked[audit.who] = audit.checked
        if user is not None:
            sign_in(audit, user)
        return audit

    yield open_as
    for context in contexts:
        context.close()


def authenticator_secret(user) -> str:
    """The person's authenticator-app secret, setting one up the first time they sign in here."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    from commissioning.accounts.totp import totp_set_up

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return decrypt(existing.data["secret"])
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    totp_set_up(user=user, secret=secret)
    return secret


def fresh_code(user, secret: str) -> str:
    """A code the app shows now or in the next period, not yet used for this person (codes work once)."""
    from commissioning.accounts.totp import totp_code

    used = USED_CODES.setdefault(user.pk, set())
    code = next(c for c in (totp_code(secret, periods_ahead=n) for n in (0, 1, -1)) if c not in used)
    used.add(code)
    return code


def sign_in(audit: PageAudit, user, *, check_code_page: bool = False) -> None:
    """Sign in through the real pages: username and password, then the code from the person's app."""
    page = audit.page
    secret = authenticator_secret(user)
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    assert audit.path() == "/accounts/second-factor/authenticate/", f"{user.username} was not asked for a code"
    if check_code_page:
        audit.check("the second-factor code page")
    page.get_by_label("Code from your authenticator app").fill(fresh_code(user, secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue", exact=True).click()
    assert "/accounts/" not in audit.path(), f"{user.username} could not sign in ({audit.path()})"


def person(role: str, **kwargs):
    """Someone of `role`; lead commissioners own a market area, provider users belong to a provider."""
    if role == Role.LEAD_COMMISSIONER and "market_area" not in kwargs:
        kwargs.setdefault("market_area_id", MarketArea.CARE_HOMES)
    return UserFactory(role=role, **kwargs)


@pytest.fixture
def make_person(transactional_db) -> Callable:
    return person


@dataclass
class Register:
    provider_a: object
    service_a: object
    council_only_a: object
    provider_b: object
    service_b: object
    provider_user_a: object
    provider_user_b: object


@pytest.fixture
def register() -> Register:
    """Two providers, each with a signed-in user, and enough services for the lists to page."""
    keeper = UserFactory(role=Role.ADMINISTRATOR, username="register-keeper")
    provider_a = ProviderFactory(name="Amberley Care Group")
    service_a = ServiceFactory(provider=provider_a, name="Amberley House")
    council_only_a = CouncilOnlyServiceFactory(provider=provider_a, name="Amberley Day Centre")
    provider_b = ProviderFactory(name="Birchwood Homes")
    service_b = ServiceFactory(provider=provider_b, name="Birchwood Lodge", cqc_rating=CqcRating.REQUIRES_IMPROVEMENT)
    for n in range(25):
        CouncilOnlyServiceFactory(provider=provider_b, name=f"Birchwood Day Service {n + 1}")
    provider_a.contact_name = "Jo Contact"
    provider_save(provider=provider_a, by=keeper)
    return Register(
        provider_a=provider_a, service_a=service_a, council_only_a=council_only_a,
        provider_b=provider_b, service_b=service_b,
        provider_user_a=person(Role.PROVIDER_USER, provider=provider_a, job_title="Registered manager"),
        provider_user_b=person(Role.PROVIDER_USER, provider=provider_b),
    )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    checked = config.stash.get(PAGES_CHECKED, {})
    if not checked:
        return
    terminalreporter.section("accessibility: pages checked with axe-core")
    for who, pages in checked.items():
        if not pages:
            continue
        terminalreporter.write_line(f"{who:<32} {len(pages):>3} pages")
    terminalreporter.write_line(f"{'total':<32} {sum(len(p) for p in checked.values()):>3} pages")


@pytest.fixture(autouse=True)
def reference_data(transactional_db) -> None:
    """What the migrations make (the register's reference data, the default audit framework, the
    procurement timetable template), loaded again before each browser test, with an empty cache (no
    lock-outs or used codes from earlier tests): a live-server test empties the database when it
    ends, so nothing may rely on the migrations having run just before."""
    from django.core.cache import cache

    from conftest import reload_what_the_migrations_make

    cache.clear()
    USED_CODES.clear()
    reload_what_the_migrations_make()


def fill_date(page, legend: str, value: date, *, exact: bool = True) -> None:
    """Types `value` into the GOV.UK date input whose legend is `legend`: its day, month and year boxes."""
    group = page.get_by_role("group", name=legend, exact=exact)
    for box, part in (("Day", value.day), ("Month", value.month), ("Year", value.year)):
        group.get_by_label(box, exact=True).fill(str(part))
