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


def mix_trend_chart(snaps, *, title: str):
    """A ratings mix (CQC or council RAG) a refresh at a time, one line per rating, with what moved."""
    from .charts import dated_line_chart

    if not snaps:
        return None
    data = [{"on": s.taken_on.isoformat(), "rating": r["rating"], "services": r["services"]}
            for s in snaps for r in s.detail.get("rows", [])]
    if not data:
        return None
    first = {r["rating"]: r["services"] for r in snaps[0].detail.get("rows", [])}
    last = {r["rating"]: r["services"] for r in snaps[-1].detail.get("rows", [])}
    if len(snaps) == 1:
        summary = (f"One refresh so far ({snaps[0].taken_on:%-d %B %Y}): " + ", ".join(
            f"{n} {k}" for k, n in sorted(last.items())) + ". The trend appears from the next refresh.")
    else:
        summary = (f"From {snaps[0].taken_on:%-d %B %Y} to {snaps[-1].taken_on:%-d %B %Y}: " + ", ".join(
            f"{k} {first.get(k, 0)} to {last.get(k, 0)}" for k in sorted(set(first) | set(last))) + ".")
    return dated_line_chart(title=title, summary=summary, data=data, on="on", y="services", y_title="Services",
                            series="rating", series_title="Rating")


def count_trend_chart(snaps, *, title: str, y_title: str):
    """One tracked count a refresh at a time."""
    from .charts import dated_line_chart

    if not snaps:
        return None
    data = [{"on": s.taken_on.isoformat(), "value": s.value or 0} for s in snaps]
    first, last = snaps[0], snaps[-1]
    summary = (f"{y_title}: {first.value or 0:,.0f} on {first.taken_on:%-d %B %Y}" +
               (f", {last.value or 0:,.0f} on {last.taken_on:%-d %B %Y}." if len(snaps) > 1 else
                "; the trend appears from the next refresh."))
    return dated_line_chart(title=title, summary=summary, data=data, on="on", y="value", y_title=y_title)


def gap_chart(figure):
    """People waiting or unmet by locality and client group, where there are any."""
    if figure is None:
        return None
    rows = [r for r in figure.detail.get("rows", []) if r["waiting"] or r["unmet"]]
    if not rows:
        return None
    data = [{"where": f"{r['locality']}, {r['client_group']}", "people": r["waiting"] + r["unmet"]} for r in rows]
    biggest = max(data, key=lambda r: r["people"])
    return bar_chart(title="People waiting or unmet, by locality and client group",
                     summary=f"{sum(r['people'] for r in data)} people are waiting for care or recorded as unmet "
                             f"need; the most in {biggest['where']} ({biggest['people']}).",
                     data=data, category="where", value="people", category_title="Locality and client group",
                     value_title="People")


def oflog_chart(figure):
    """The council's position among councils on each measure where higher is better (100 = best, 50 = median)."""
    if figure is None:
        return None
    data = []
    for m in figure.detail.get("measures", []):
        latest = m["years"][-1]
        if m["better"] != "higher" or latest["of"] < 2:
            continue
        place = (Decimal(latest["of"] - latest["rank"]) * 100 / (latest["of"] - 1)).quantize(Decimal(1))
        data.append({"measure": f"{m['measure']} ({latest['year']})", "position": place})
    if not data:
        return None
    below = [d["measure"] for d in data if d["position"] < 50]
    return bar_chart(title="Position among English councils on Oflog's measures",
                     summary=(f"On {len(below)} of {len(data)} measures where a higher value is better the council "
                              f"is in the lower half of councils (a position under 50; 100 is the best council)."),
                     data=data, category="measure", value="position", category_title="Measure and year",
                     value_title="Position (100 = best, 50 = median)")


def spend_chart(figure):
    """Spend so far against each market's budget for the year."""
    if figure is None or not figure.detail.get("rows"):
        return None
    data = []
    for r in figure.detail["rows"]:
        data.append({"what": f"{r['market']}: spent", "pounds": Decimal(r["spend_pence"]) / 100, "spent": True})
        data.append({"what": f"{r['market']}: budget", "pounds": Decimal(r["budget_pence"]) / 100, "spent": False})
    detail = figure.detail
    return bar_chart(title=f"Spend against budget, {detail['year']}",
                     summary=(f"£{Decimal(detail['spend_pence']) / 100:,.0f} spent of £"
                              f"{Decimal(detail['budget_pence']) / 100:,.0f} budgeted, with "
                              f"{detail['elapsed_percent']}% of the year gone."),
                     data=data, category="what", value="pounds", category_title="Market",
                     value_title="£", money=True, highlight="spent")


def _n(count, one: str, many: str) -> str:
    """"1 person", "3 people": a count with its noun."""
    return f"{count:,.0f} {one if count == 1 else many}"


def _pounds(pence: int) -> str:
    return f"£{Decimal(pence) / 100:,.0f}"


def cycle_stages(found: dict, snaps: dict, urls: dict) -> list[dict]:
    """The cycle view's four stages, each a list of tiles: a headline, what it means, the figure's date
    and source, and the page with its detail."""
    def tile(key, title, headline, lines, url_name, link):
        figure = found.get(key)
        return {"title": title, "headline": headline, "lines": [x for x in lines if x], "url": urls[url_name],
                "link": link, "as_of": figure.as_of if figure else None, "source": figure.source if figure else ""}

    def value(key, default=0):
        figure = found.get(key)
        return default if figure is None or figure.value is None else figure.value

    placed, waiting, unmet = value("demand.placed"), value("demand.waiting"), value("demand.unmet")
    beds, hours = value("supply.beds"), value("supply.hours")
    forecast = found.get("demand.forecast")
    away = found.get("gaps.out_of_area")
    gaps = found.get("gaps.cells")
    spend = found.get("cycle.spend")
    due = found.get("cycle.due")
    reviews = found.get("cycle.reviews")
    rag = found.get("supply.rag_mix")
    rag_rows = {r["rating"]: r["services"] for r in (rag.detail.get("rows", []) if rag else [])}
    rag_snaps = snaps.get("supply.rag_mix", [])
    red_then = next((r["services"] for r in rag_snaps[0].detail.get("rows", []) if r["rating"] == "Red"), 0) \
        if len(rag_snaps) > 1 else None
    unmet_snaps = snaps.get("demand.unmet", [])
    spend_detail = spend.detail if spend else {}
    budget = spend_detail.get("budget_pence", 0)
    used = (Decimal(spend_detail.get("spend_pence", 0)) * 100 / budget).quantize(Decimal("0.1")) if budget else None
    kinds = "; ".join(f"{k['kind']}: {k['count']}" for k in (due.detail.get("kinds", []) if due else []))
    return [
        {"title": "Analyse", "tiles": [
            tile("demand.placed", "Demand against supply", f"{_n(placed, 'person', 'people')} placed",
                 [f"{_n(waiting, 'request', 'requests')} being sourced and {_n(unmet, 'person', 'people')} waiting as "
                  "unmet need.",
                  f"Supply in the register: {beds:,.0f} beds and {hours:,.0f} care hours a week.",
                  f"Forecast: {_n(forecast.value, 'person', 'people')} in {forecast.as_of.year}." if forecast and
                  forecast.value is not None else ""],
                 "market", "See demand, the forecast and supply"),
            tile("gaps.cells", "Gaps", f"{_n(value('gaps.cells'), 'gap', 'gaps')} by locality and client group",
                 [f"{_n(away.value, 'person', 'people')} placed outside the council's area"
                  f"{' (' + away.detail['share'] + '% of placements)' if away.detail.get('share') else ''}."
                  if away and away.value is not None else "",
                  "A gap is a locality and client group with unmet need, or people needing care and no service."
                  if gaps else ""],
                 "gaps", "See the gaps and out-of-area placements"),
        ]},
        {"title": "Plan", "tiles": [
            tile("cycle.due", "What falls due", f"{_n(value('cycle.due'), 'date', 'dates')} in the next "
                 f"{due.detail.get('days', 90) if due else 90} days",
                 [f"{kinds}." if kinds else "Nothing falls due.",
                  f"Procurement timetable tasks past their target date: {value('cycle.late_tasks'):,.0f}."],
                 "calendar", "See the commissioning calendar"),
        ]},
        {"title": "Do", "tiles": [
            tile("cycle.spend", "Spend against budget",
                 f"{_pounds(spend_detail.get('spend_pence', 0))} spent" if spend else "No spend yet",
                 [f"{used}% of the {_pounds(budget)} budget for {spend_detail.get('year')}, with "
                  f"{spend_detail.get('elapsed_percent')}% of the year gone." if used is not None else
                  "No budget is set for this year."],
                 "spend", "See spend by market, provider and month"),
            tile("demand.unmet", "Unmet need", f"{_n(unmet, 'person', 'people')} waiting as unmet need",
                 [f"{unmet_snaps[0].value or 0:,.0f} on {unmet_snaps[0].taken_on:%-d %B %Y}."
                  if len(unmet_snaps) > 1 else "",
                  f"Requests being sourced: {waiting:,.0f}."],
                 "gaps", "See unmet need and time to source by locality"),
        ]},
        {"title": "Review", "tiles": [
            tile("supply.rag_mix", "Quality across providers",
                 f"{_n(rag_rows.get('Red', 0), 'service', 'services')} rated Red by the council",
                 [f"{rag_rows.get('Amber', 0)} Amber and {rag_rows.get('Green', 0)} Green; "
                  f"{rag_rows.get('Not yet rated by the council', 0)} not yet rated." if rag else "",
                  f"Red services {red_then} on {rag_snaps[0].taken_on:%-d %B %Y}." if red_then is not None
                  else ""],
                 "supply", "See the ratings mix, its trend, exits and failures"),
            tile("cycle.reviews", "Reviews",
                 f"{_n(value('cycle.reviews'), 'contract review', 'contract reviews')} open",
                 [f"Action plans overdue: {reviews.detail.get('overdue_plans', 0)}." if reviews else "",
                  f"Exits and failures in the last 12 months: {value('supply.exits'):,.0f}."],
                 "reviews", "See the contract reviews"),
        ]},
    ]
