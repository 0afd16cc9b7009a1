"""The home page is composed of what the apps register, and core depends on no domain app."""
import ast
from pathlib import Path

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.core import home

CORE = Path(home.__file__).resolve().parent
DOMAIN_APPS = {"providers", "procurement", "brokerage", "quality", "finance", "portal", "privacy", "demo"}


def _imported(path: Path, node: ast.AST) -> list[str]:
    """The absolute names an import statement in `path` brings in."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    module = node.module or ""
    if node.level:
        package = ["commissioning", "core", *path.relative_to(CORE).parent.parts]
        module = ".".join([*package[:len(package) - node.level + 1], *([module] if module else [])])
    return [module, *(f"{module}.{alias.name}" for alias in node.names)]


def _domain_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(CORE)}:{node.lineno} {name}" for node in ast.walk(tree)
            for name in _imported(path, node)
            if name.startswith("commissioning.") and name.split(".")[1] in DOMAIN_APPS]


def test_core_imports_no_domain_app():
    modules = list(CORE.rglob("*.py"))
    assert modules
    assert [line for path in modules for line in _domain_imports(path)] == []


@pytest.fixture
def registry(monkeypatch):
    """An empty home-page registry, so a test sees only what it registers."""
    for name in ("_sections", "_links", "_landings", "_work"):
        monkeypatch.setattr(home, name, {})
    return home


@pytest.fixture
def section_template(settings, tmp_path):
    (tmp_path / "section.html").write_text('<p class="govuk-body">{{ section.text }}</p>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return "section.html"


def test_the_dashboard_shows_the_sections_and_links_the_apps_register_in_their_order(
        registry, section_template, client_for, broker):
    registry.register_section("later", template=section_template, order=20,
                              context=lambda user: {"text": "Later section"})
    registry.register_section("hidden", template=section_template, context=lambda user: None)
    registry.register_section("first", template=section_template, order=10,
                              context=lambda user: {"text": f"First for {user.username}"})
    registry.register_links("first", links=lambda user: [("Find a thing", "/things/")], order=10)
    page = client_for(broker).get(reverse("core:home")).content.decode()
    assert page.index(f"First for {broker.username}") < page.index("Later section")
    assert '<a class="govuk-link" href="/things/">Find a thing</a>' in page
    assert "The market at a glance" not in page
    assert page.count('<p class="govuk-body">') == 3  # the two sections and "Nothing is waiting for you"
    assert "Nothing is waiting for you." in page


def test_the_home_page_lists_the_work_waiting_for_that_person_and_leaves_out_what_is_empty(
        registry, client_for, broker):
    registry.register_work("later", order=20, items=lambda user: [home.WorkItem("Requests to place", 4, "/queue/")])
    registry.register_work("first", order=10, items=lambda user: [
        home.WorkItem(f"Offers for {user.username} to score", 2, "/offers/"),
        home.WorkItem("Audits due", 0, "/audits/")])
    page = client_for(broker).get(reverse("core:home")).content.decode()
    assert page.index(f"Offers for {broker.username} to score") < page.index("Requests to place")
    assert '<a class="govuk-link" href="/queue/">Requests to place</a>' in page
    assert "Audits due" not in page and "Nothing is waiting for you." not in page


def test_registering_a_section_again_replaces_it_rather_than_showing_it_twice(registry, broker):
    for text in ("Old", "New"):
        registry.register_section("one", template="t.html", context=lambda user, text=text: {"text": text})
    assert registry.sections_for(broker) == [{"template": "t.html", "context": {"text": "New"}}]


def test_a_role_with_its_own_landing_page_is_sent_there(registry, client_for, broker):
    registry.register_landing(role=Role.BROKER, url_name="providers:service_list")
    response = client_for(broker).get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"] == reverse("providers:service_list")


def test_the_apps_register_the_register_summary_and_the_provider_portal(client_for, commissioner, provider_user):
    page = client_for(commissioner).get(reverse("core:home")).content.decode()
    assert "The market at a glance" in page and "Search the provider register" in page
    assert "Add a provider" in page
    response = client_for(provider_user).get(reverse("core:home"))
    assert response["Location"] == reverse("portal:home")
