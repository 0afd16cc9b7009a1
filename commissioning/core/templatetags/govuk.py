"""Template helpers for GOV.UK components."""
from django import template
from django.utils.html import format_html

from commissioning.core.fragments import rendered_form

register = template.Library()


@register.filter
def join_if_list(value):
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) if value else "(none)"
    return value


@register.simple_tag
def status_tag(value, label=None):
    """A GOV.UK tag in the colour the status or rating carries (a ColouredChoices member); built in
    Python rather than from an included template, as it is drawn once per row of a list."""
    colour = getattr(value, "colour", None) or "grey"
    label = label if label is not None else getattr(value, "label", value)
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label) if label else ""


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """This page's address with the list's page parameter (`page_param`, "page" unless named) set."""
    query = context["request"].GET.copy()
    query[context.get("page_param") or "page"] = number
    return f"?{query.urlencode()}"


@register.simple_tag
def cached_form(form):
    """The form's HTML, reused while its fields, values and choices are the same (core.fragments)."""
    return rendered_form(form)


@register.filter
def may_open(user, path: str) -> bool:
    """Whether `user`'s role may open the page at `path` (as the page's view declares), so a page
    links only to what the person can open: `{% if user|may_open:case.get_absolute_url %}`."""
    from commissioning.core.permissions import may_open as role_may_open

    return role_may_open(user, path)
