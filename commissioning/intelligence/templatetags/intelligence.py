"""Template filters of market intelligence: figures held as Decimal pounds and counts."""
from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def pounds_exact(value):
    """£582.60 from Decimal pounds; "Not available" when there is no figure."""
    if value is None or value == "":
        return "Not available"
    return f"£{Decimal(str(value)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


@register.filter
def whole(value):
    """12,345 from a number; "Not available" when there is none."""
    if value is None or value == "":
        return "Not available"
    return f"{Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


@register.filter
def day_month_year(value):
    """1 December 2026 from an ISO date kept in a snapshot."""
    from datetime import date

    try:
        return f"{date.fromisoformat(str(value)):%-d %B %Y}"
    except ValueError:
        return ""


@register.filter
def pence_abs(value):
    """The size of a pence amount, without its sign."""
    return abs(int(value))


@register.filter
def measure(value):
    """An Oflog value as published, to at most three decimal places: 0.394, 65.1, 1,192.339."""
    if value is None or value == "":
        return "Not available"
    number = Decimal(str(value)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize()
    return f"{number:,f}"
