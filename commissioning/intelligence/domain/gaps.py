"""Where demand outruns supply: demand against supply by locality and client group, and where people
are placed outside the council's area.

Demand in a cell (a locality and a client group) is the people the platform knows need care there: those
in a placed package (accepted agreements), those whose request is being sourced, and those waiting as
unmet need. Supply in the same cell is the active services of the register in that locality that say they
serve the client group, with their beds and hours a week. A cell with demand and no service, or with
unmet need, is a gap. Time to source (request to accepted agreement) is the median of the cell's placed
requests, in days.

A placement is out of area when the service's postcode district is in none of the council's localities
(the localities are made of postcode districts, such as DE1 and DE22). Its distance is the great-circle
distance between the person's request postcode and the service's postcode, from the ONS postcode
lookup's coordinates; the distance is a reading, not money, so it is worked in floating point and shown
to a tenth of a kilometre.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

PLACED, WAITING, UNMET = "placed", "waiting", "unmet"
NO_GROUP = "No client group recorded"
EARTH_RADIUS_KM = 6371.0088


def median_days(days: list[Decimal]) -> Decimal | None:
    """The median of the days to source, to a tenth of a day."""
    if not days:
        return None
    ordered = sorted(days)
    mid = len(ordered) // 2
    middle = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return Decimal(middle).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def gap_rows(demand: Iterable[tuple[str, str, str, Decimal | None]],
             supply: Iterable[tuple[str, str, int, int]]) -> list[dict]:
    """One row per locality and client group from demand (locality, group, placed/waiting/unmet, days to
    source) and supply (locality, group, beds, hours a week of one service), in locality then group order."""
    cells: dict[tuple[str, str], dict] = defaultdict(lambda: {PLACED: 0, WAITING: 0, UNMET: 0, "days": [],
                                                              "services": 0, "beds": 0, "hours": 0})
    for locality, group, kind, days in demand:
        cell = cells[(locality, group or NO_GROUP)]
        cell[kind] += 1
        if kind == PLACED and days is not None:
            cell["days"].append(Decimal(days))
    for locality, group, beds, hours in supply:
        cell = cells[(locality, group or NO_GROUP)]
        cell["services"] += 1
        cell["beds"] += beds or 0
        cell["hours"] += hours or 0
    rows = []
    for (locality, group), cell in sorted(cells.items()):
        people = cell[PLACED] + cell[WAITING] + cell[UNMET]
        rows.append({"locality": locality, "client_group": group, "placed": cell[PLACED], "waiting": cell[WAITING],
                     "unmet": cell[UNMET], "demand": people, "services": cell["services"], "beds": cell["beds"],
                     "hours": cell["hours"], "median_days": str(median_days(cell["days"]) or ""),
                     "gap": bool(cell[UNMET]) or (people > 0 and cell["services"] == 0)})
    return rows


def is_out_of_area(postcode_district: str, council_districts: Iterable[str]) -> bool:
    """True when a postcode district is in none of the council's localities (an empty district is unknown,
    not out of area)."""
    district = (postcode_district or "").strip().upper()
    return bool(district) and district not in {d.strip().upper() for d in council_districts}


def distance_km(a: tuple[Decimal, Decimal] | None, b: tuple[Decimal, Decimal] | None) -> Decimal | None:
    """The great-circle (haversine) distance between two (latitude, longitude) points, to 0.1 km."""
    if a is None or b is None or None in (*a, *b):
        return None
    lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return Decimal(2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def cost_rows(placements: Iterable[tuple[str, str, int]]) -> list[dict]:
    """The platform's own weekly unit cost by support type and client group, from the weekly cost in
    pence of each placed package: people, mean and median in pence (half a penny up), lowest and highest."""
    costs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for support, group, pence in placements:
        costs[(support, group or NO_GROUP)].append(int(pence))
    rows = []
    for (support, group), values in sorted(costs.items()):
        ordered = sorted(values)
        mid = len(ordered) // 2
        middle = Decimal(ordered[mid]) if len(ordered) % 2 else Decimal(ordered[mid - 1] + ordered[mid]) / 2
        rows.append({"support_type": support, "client_group": group, "people": len(values),
                     "mean_pence": int((Decimal(sum(values)) / len(values)).quantize(Decimal(1), ROUND_HALF_UP)),
                     "median_pence": int(middle.quantize(Decimal(1), ROUND_HALF_UP)),
                     "lowest_pence": ordered[0], "highest_pence": ordered[-1]})
    return rows
