"""Template filters for money held in pence."""
from django import template

from commissioning.core.money import format_pounds

register = template.Library()


@register.filter
def pounds(pence):
    return format_pounds(pence)
