"""Template helpers for GOV.UK components."""
from django import template

register = template.Library()


@register.filter
def join_if_list(value):
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) if value else "(none)"
    return value


@register.inclusion_tag("govuk/tag.html")
def status_tag(value, label=None):
    """A GOV.UK tag in the colour the status or rating carries (a ColouredChoices member)."""
    colour = getattr(value, "colour", None) or "grey"
    return {"colour": colour, "label": label if label is not None else getattr(value, "label", value)}


@register.filter
def may_open(user, path: str) -> bool:
    """Whether `user`'s role may open the page at `path` (as the page's view declares), so a page
    links only to what the person can open: `{% if user|may_open:case.get_absolute_url %}`."""
    from commissioning.core.permissions import may_open as role_may_open

    return role_may_open(user, path)
