"""What each person meets when they click about: every link on every page a role can reach from its
home page opens (none leads to "no access" or to a missing page), and no page shows an internal
value where people's words belong (a raw choice value, an ISO month or date, a pence amount, a
key such as "weekly:2026-12-31", or a choice label run together such as "Requiresimprovement")."""
import html
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.urls import reverse

from commissioning.accounts.roles import ALL_ROLES, Role

from .test_permission_matrix import _users, objects  # noqa: F401  (the fixture of one of everything)

# Pages that change state on GET or are not pages: followed for their status only, or not at all.
NOT_FOLLOWED = re.compile(r"^/(accounts/logout|accounts/sign-out|static/|media/|api/|admin/)")
DOWNLOAD = re.compile(r"(\.csv|\.ics|\.pdf|\.json)$|[?&](format|download)=|/export/?$|/download/?$|/attachment")
LINK = re.compile(r'<a\b[^>]*\bhref="([^"#][^"]*)"', re.I)
MOST_PAGES = 70


def visible_text(page: str) -> str:
    """The words a person reads: no scripts, styles, tags or attribute values."""
    page = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    return html.unescape(re.sub(r"(?s)<[^>]+>", " ", page))


def _choice_words() -> tuple[set[str], set[str]]:
    """Every stored choice value that is a code (it has an underscore), and every multi-word choice
    label run together as a string's `title()` of its value would show it ("Requiresimprovement")."""
    codes, run_together = set(), set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and "_" in value:
                    codes.add(value)
                label = str(label)
                if " " in label:
                    run_together.add(label.replace(" ", "").capitalize())
    return codes, run_together


INTERNAL = [
    ("an ISO date", re.compile(r"\b(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")),
    ("an ISO month", re.compile(r"(?<![\d-])(19|20)\d\d-(0[1-9]|1[0-2])(?![\d-])")),
    ("a key", re.compile(r"\b[a-z]+:(19|20)\d\d-\d\d")),
    ("a pence amount", re.compile(r"\d[\d,]*\s*pence\b|\(pence\)", re.I)),
]


def internal_values(text: str, codes: set[str], run_together: set[str]) -> list[str]:
    """What in `text` is an internal value rather than people's words, each with what it is."""
    found = [f"{what}: {m.group(0)!r}" for what, pattern in INTERNAL for m in pattern.finditer(text)]
    words = set(re.findall(r"[A-Za-z][A-Za-z_]+", text))
    found += [f"a raw choice value: {w!r}" for w in sorted(words & codes)]
    found += [f"a label run together: {w!r}" for w in sorted(words & run_together)]
    return found


def _shape(path: str) -> str:
    """Pages of the same kind (/providers/12/ and /providers/13/) are walked once."""
    parts = urlsplit(path)
    return re.sub(r"\d+", "N", parts.path) + ("?" + re.sub(r"=[^&]*", "=", parts.query) if parts.query else "")


def walk(client, start: str):
    """Breadth-first over the internal links from `start`, one page of each shape: yields each page's
    path, the page that linked to it, its status and body (downloads are opened for their status only)."""
    queue, seen = deque([(start, "")]), {_shape(start)}
    while queue and len(seen) <= MOST_PAGES:
        path, parent = queue.popleft()
        response = client.get(path)
        if DOWNLOAD.search(path):
            yield path, parent, response.status_code, ""
            continue
        body = response.content.decode(errors="replace") if response.status_code == 200 else ""
        yield path, parent, response.status_code, body
        for href in LINK.findall(body):
            target = urljoin(path, html.unescape(href))
            parts = urlsplit(target)
            if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if NOT_FOLLOWED.match(parts.path) or _shape(target) in seen:
                continue
            seen.add(_shape(target))
            queue.append((target, path))


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_every_link_a_role_can_reach_opens_and_shows_peoples_words(role, client, make_user, objects):  # noqa: F811
    user = _users(make_user, objects)[role]
    client.force_login(user)
    start = reverse("portal:home") if role == Role.PROVIDER_USER else reverse("core:home")
    codes, run_together = _choice_words()
    broken, words = [], []
    for path, parent, status, body in walk(client, start):
        if status not in (200, 302):
            broken.append(f"{path} (linked from {parent}) answered {status}")
        for found in internal_values(visible_text(body), codes, run_together):
            words.append(f"{path} shows {found}")
    assert not broken and not words, (f"Links a {role} is shown that do not open:\n" + "\n".join(broken)
                                      + f"\nInternal values on pages a {role} sees:\n" + "\n".join(words))


def test_the_scanner_finds_the_internal_values_people_should_never_read():
    codes, run_together = {"home_care", "front_door"}, {"Requiresimprovement"}
    text = visible_text('<p title="home_care">Month 2026-11, run weekly:2026-12-31, 12000 pence</p>'
                        "<p>Rated Requiresimprovement, type home_care, seen 2026-11-03</p>"
                        "<script>var x = 'front_door';</script>")
    found = internal_values(text, codes, run_together)
    assert "an ISO month: '2026-11'" in found and "an ISO date: '2026-11-03'" in found
    assert "a key: 'weekly:2026-12'" in found and "a pence amount: '12000 pence'" in found
    assert "a raw choice value: 'home_care'" in found and "a label run together: 'Requiresimprovement'" in found
    assert not any("front_door" in f for f in found)
    assert internal_values(visible_text("<p>Home care in November 2026, £120.00 a week</p>"
                                        "<p>Give the amount in pounds and pence, like 125.50</p>"), codes,
                           run_together) == []
