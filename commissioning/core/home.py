"""What the home page shows, contributed by the apps that own it. Each app registers, in its
AppConfig.ready, its sections of the council dashboard, its "What you can do" links and the page a
role lands on instead; core renders them in order without importing any domain app."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """A part of the home page: a template and the context it needs for one user (None hides it)."""

    template: str
    context: Callable[..., dict | None]
    order: int = 100


@dataclass(frozen=True)
class Links:
    """An app's "What you can do" links for one user, as (text, url) pairs."""

    links: Callable[..., list[tuple[str, str]]]
    order: int = 100


@dataclass(frozen=True)
class WorkItem:
    """One kind of work waiting for a person: "3 applications to score", linking to where it is done."""

    text: str
    count: int
    url: str


@dataclass(frozen=True)
class Work:
    """An app's work waiting for one user, as WorkItems (those with a count of 0 are not shown)."""

    items: Callable[..., list[WorkItem]]
    order: int = 100


_work: dict[str, Work] = {}
_sections: dict[str, Section] = {}
_links: dict[str, Links] = {}
_landings: dict[str, str] = {}


def register_section(key: str, *, template: str, context: Callable[..., dict | None], order: int = 100) -> None:
    """Add an app's section; registering the same key again replaces it, so a reloaded app shows once."""
    _sections[key] = Section(template=template, context=context, order=order)


def register_links(key: str, *, links: Callable[..., list[tuple[str, str]]], order: int = 100) -> None:
    """Add an app's links to "What you can do"; the same key again replaces them."""
    _links[key] = Links(links=links, order=order)


def register_work(key: str, *, items: Callable[..., list[WorkItem]], order: int = 100) -> None:
    """Add an app's "Waiting for you" items; the same key again replaces them."""
    _work[key] = Work(items=items, order=order)


def work_for(user) -> list[WorkItem]:
    """What waits for `user`, in order, leaving out the kinds with nothing waiting."""
    return [item for group in sorted(_work.values(), key=lambda w: w.order) for item in group.items(user)
            if item.count]


def register_landing(*, role: str, url_name: str) -> None:
    """Send people of `role` to `url_name` instead of the council dashboard."""
    _landings[role] = url_name


def landing_for(user) -> str | None:
    """The URL name `user`'s role lands on instead of the dashboard, if an app registered one."""
    return _landings.get(getattr(user, "role", None))


def sections_for(user) -> list[dict]:
    """The sections `user` sees, in order, each as its template and its context."""
    shown = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        context = section.context(user)
        if context is not None:
            shown.append({"template": section.template, "context": context})
    return shown


def links_for(user) -> list[tuple[str, str]]:
    """The "What you can do" links `user` sees, in order."""
    return [link for group in sorted(_links.values(), key=lambda g: g.order) for link in group.links(user)]
