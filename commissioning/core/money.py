"""Money is held in integer pence; these convert at the edges with explicit rounding."""
from decimal import ROUND_HALF_UP, Decimal


def pounds_to_pence(amount: Decimal) -> int:
    """£ (Decimal) to whole pence, rounding half a penny up."""
    return int((Decimal(amount) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def pence_to_pounds(pence: int) -> Decimal:
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


def format_pounds(pence: int | None) -> str:
    """£1,234.56 (or £1,234 when whole pounds)."""
    if pence is None or pence == "":
        return ""
    amount = pence_to_pounds(pence)
    whole = amount == amount.to_integral_value()
    return f"£{amount:,.0f}" if whole else f"£{amount:,.2f}"
