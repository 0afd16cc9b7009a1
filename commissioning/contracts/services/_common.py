"""What the contracts services share."""
from django.db import models

from commissioning.core.audit import snapshot
from commissioning.core.money import format_pounds


def readable_snapshot(obj: models.Model, field_names) -> dict:
    """The fields as people read them in a history: amounts in pounds, dates in words."""
    values = snapshot(obj, field_names)
    for name in field_names:
        value = getattr(obj, name)
        if name.endswith("_pence"):
            values[name] = format_pounds(value)
        elif name.endswith("_date") and value:
            values[name] = f"{value:%-d %B %Y}"
    return values
