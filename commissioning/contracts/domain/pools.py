"""Pooled budgets by quarter of the financial year (1 April to 31 March), in integer pence."""
from datetime import date


def financial_year(day: date) -> int:
    """The year a day's financial year starts: 2026 for 1 April 2026 to 31 March 2027."""
    return day.year if day.month >= 4 else day.year - 1


def quarter(day: date) -> int:
    """The quarter of the financial year a day falls in: 1 for April to June, 4 for January to March."""
    return (day.month - 4) % 12 // 3 + 1


def pool_share(paid_pence: int, pool_pence: int, all_funders_pence: int) -> int:
    """The part of a contract's spend the pool bears: its share of the contract's funders that year,
    in whole pence rounded down (none when the contract has no funders)."""
    if all_funders_pence <= 0:
        return 0
    return paid_pence * pool_pence // all_funders_pence
