"""Template helpers for GOV.UK components."""
from django import template

from commissioning.brokerage.choices import TAG_COLOURS as BROKERAGE_COLOURS
from commissioning.procurement.choices import TAG_COLOURS as PROCUREMENT_COLOURS
from commissioning.providers.choices import TAG_COLOURS as PROVIDER_COLOURS
from commissioning.quality.choices import TAG_COLOURS as QUALITY_COLOURS

register = template.Library()
TAG_COLOURS = {**QUALITY_COLOURS, **BROKERAGE_COLOURS, **PROVIDER_COLOURS, **PROCUREMENT_COLOURS}


@register.filter
def join_if_list(value):
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) if value else "(none)"
    return value


@register.inclusion_tag("govuk/tag.html")
def status_tag(value, label=None):
    """A GOV.UK tag in the colour the status or rating carries (a ColouredChoices member)."""
    colour = getattr(value, "colour", None) or TAG_COLOURS.get(value, "grey")
    return {"colour": colour, "label": label if label is not None else getattr(value, "label", value)}

