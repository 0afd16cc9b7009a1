"""Turn stored figures into the charts and tables of the market pages and the statement."""
from __future__ import annotations

from decimal import Decimal

from .charts import bar_chart, line_chart


def forecast_chart(figure):
    """The forecast as a line each for the central, low and high projections."""
    if figure is None or not figure.detail.get("points"):
        return None
    points = figure.detail["points"]
    data = [{"year": p["year"], "people": Decimal(p[k]), "projection": name}
            for p in points for k, name in (("central", "Central"), ("low", "Low"), ("high", "High"))]
    first, last = points[0], points[-1]
    summary = (f"At today's use of placed packages per age band, the {first['central']} adults of "
               f"{first['year']} become {last['central']} by {last['year']} "
               f"(between {last['low']} and {last['high']}).")
    return line_chart(title="Projected people needing a placed package", summary=summary, data=data, x="year",
                      y="people", x_title="Year (mid-year)", y_title="People", series="projection",
                      series_title="Projection")


def capacity_chart(figure, *, value: str, value_title: str):
    """Capacity by market and locality as bars."""
    if figure is None or not figure.detail.get("rows"):
        return None
    data = [{"where": f"{r['market']}, {r['locality']}", value: r[value]} for r in figure.detail["rows"]]
    biggest = max(data, key=lambda r: r[value])
    return bar_chart(title=f"{figure.label} by market and locality",
                     summary=f"{figure.label}: {figure.value:,.0f} in all; the most in {biggest['where']} "
                             f"({biggest[value]:,}).",
                     data=data, category="where", value=value, category_title="Market and locality",
                     value_title=value_title)


def mix_chart(figure, *, title: str):
    """A ratings mix (CQC or council RAG) as bars."""
    if figure is None or not figure.detail.get("rows"):
        return None
    rows = figure.detail["rows"]
    total = sum(r["services"] for r in rows)
    return bar_chart(title=title, summary=f"{total} services: " + ", ".join(
        f"{r['services']} {r['rating']}" for r in rows) + ".", data=rows, category="rating", value="services",
        category_title="Rating", value_title="Services")
