"""Finance's figures shaped as charts people can read: each drawn by the platform's charts (Vega-Lite on
the server, no JavaScript) with a sentence that states its figures and a table of them."""
from __future__ import annotations

from decimal import Decimal

from commissioning.accounts.selectors import market_names
from commissioning.core.money import format_pounds, pence_to_pounds
from commissioning.intelligence.charts import bar_chart


def _year(start: int) -> str:
    return f"{start}-{str(start + 1)[-2:]}"


def _market(code: str) -> str:
    return market_names().get(code, code)


def spend_chart(*, year: int, months: dict[str, int]):
    """Approved and paid spend by month of a financial year, in the order of the year; None when nothing
    was spent. `months` maps "November 2026" to pence."""
    if not months:
        return None
    total = sum(months.values())
    most = max(months.items(), key=lambda item: item[1])
    least = min(months.items(), key=lambda item: item[1])
    count = len(months)
    if count == 1:
        summary = f"{format_pounds(total)} approved and paid in {_year(year)}, all in {most[0]}."
    else:
        summary = (f"{format_pounds(total)} approved and paid in {_year(year)} across {count} months: the most in "
                   f"{most[0]} ({format_pounds(most[1])}), the least in {least[0]} ({format_pounds(least[1])}).")
    data = [{"month": month, "spend": pence_to_pounds(amount)} for month, amount in months.items()]
    return bar_chart(title=f"Spend by month, {_year(year)}", summary=summary, data=data, category="month",
                     value="spend", category_title="Month", value_title="Spend", money=True, places=2)


def uplift_chart(summaries: list[dict]):
    """What each uplift scenario adds to a year's cost, drawn as the cost itself (not against the budget,
    where tens of thousands beside tens of millions would not show); the budget is stated in words."""
    if not summaries:
        return None
    sentences = []
    for s in summaries:
        scenario = s["scenario"]
        market = scenario.service_type.market_area.name
        share = (f" ({Decimal(s['increase']) * 100 / s['annual_now']:.1f}% more)" if s["annual_now"] else "")
        sentence = (f"{scenario.name} adds {format_pounds(s['increase'])} a year to {format_pounds(s['annual_now'])}"
                    f"{share}")
        if s["budget"]:
            used = Decimal(s["increase"]) * 100 / s["budget"]
            used_text = "less than 0.01%" if 0 <= used < Decimal("0.01") else f"{used:.2f}%"
            left = (f"leaving {format_pounds(s['headroom'])} of it unspent" if s["headroom"] >= 0 else
                    f"{format_pounds(-s['headroom'])} over it")
            sentence += (f", {used_text} of the {_year(scenario.financial_year)} budget for {market.lower()} "
                         f"({format_pounds(s['budget'])}), {left}")
        else:
            sentence += f"; no budget for {market.lower()} is set for {_year(scenario.financial_year)}"
        sentences.append(sentence + ".")
    data = [{"scenario": s["scenario"].name, "added": pence_to_pounds(s["increase"])} for s in summaries]
    return bar_chart(title="What each scenario adds to a year's cost", summary=" ".join(sentences), data=data,
                     category="scenario", value="added", category_title="Scenario",
                     value_title="Added a year", money=True, places=2)
