"""Rendered GOV.UK forms kept for reuse: a filter panel costs more to render than the rows beside it,
and its HTML depends only on what the form holds (ADR 0024, "Pages and API").

The key is everything the HTML is made from: the form's class, each field's label, hint, widget
attributes and value, the choices of every choice field as read for this request (so a service type
added, renamed or retired makes a new key and the old HTML is never shown), and the errors of a bound
form. Each process keeps its own most recent fragments; nothing is shared or needs clearing."""
from collections import OrderedDict
from threading import Lock

from django.utils.safestring import SafeString, mark_safe

MAX_FRAGMENTS = 512
_fragments: OrderedDict[tuple, str] = OrderedDict()
_lock = Lock()


def _hashable(value):
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _hashable(v)) for k, v in value.items()))
    return str(value)


def form_key(form) -> tuple:
    """What the form's HTML is made from, as a hashable key."""
    parts: list = [type(form).__module__, type(form).__qualname__, form.prefix, form.is_bound]
    for name, field in form.fields.items():
        bound = form[name]
        choices = getattr(field, "choices", None)
        parts.append((name, str(field.label), str(field.help_text), field.required, field.disabled,
                      type(field.widget).__qualname__, _hashable(field.widget.attrs), _hashable(bound.value()),
                      None if choices is None else tuple((str(value), str(label)) for value, label in choices)))
    if form.is_bound:
        parts.append(_hashable(form.errors.get_json_data()))
    return tuple(parts)


def rendered_form(form) -> SafeString:
    """The form's HTML, from the process's fragments when the same form was rendered before."""
    key = form_key(form)
    with _lock:
        html = _fragments.get(key)
        if html is not None:
            _fragments.move_to_end(key)
            return mark_safe(html)  # noqa: S308 - the form's own rendering, kept
    html = str(form.render())
    with _lock:
        _fragments[key] = html
        while len(_fragments) > MAX_FRAGMENTS:
            _fragments.popitem(last=False)
    return mark_safe(html)  # noqa: S308 - the form's own rendering
