"""Reads of market intelligence, each starting from the records the person may see."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from .domain.bands import ARROWS, band_for, median, position, shift
from .models import BenchmarkImport, ComparatorGroup, Figure, UnitCost, VacancyReturn

HEADLINE = ("Long term", "Age 18 and over", "", "Residential and nursing care")


@dataclass(frozen=True)
class BenchmarkRow:
    """One line of a benchmark table: the council's figure, the group's and England's, its band and shift."""

    support_type: str
    age_category: str
    primary_support_reason: str
    delivery_mechanism: str
    own: Decimal | None
    own_marker: str
    group_median: Decimal | None
    england: Decimal | None
    place: Decimal | None
    band: str
    compared: int
    previous: Decimal | None
    previous_band: str
    shift: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.support_type, self.age_category, self.primary_support_reason, self.delivery_mechanism)

    @property
    def arrow(self) -> str:
        return ARROWS.get(self.shift, "")

    @property
    def reason_label(self) -> str:
        return self.primary_support_reason or "All reasons"


def benchmark_imports(*, user):
    """The unit-cost files imported or waiting, newest first."""
    return BenchmarkImport.objects.for_user(user).select_related("uploaded_by").defer("content")


def benchmark_years(*, user) -> list[int]:
    """The financial years with imported unit costs, newest first."""
    return sorted(set(UnitCost.objects.for_user(user).values_list("financial_year", flat=True).distinct()),
                  reverse=True)


def comparator_groups(*, user):
    """The comparator groups the council keeps."""
    return ComparatorGroup.objects.for_user(user)


def councils(*, user, financial_year: int | None = None) -> list[tuple[str, str]]:
    """(CASSR code, name) of every council in a year's file (the latest year when none is given)."""
    figures = UnitCost.objects.for_user(user).filter(area_kind="council")
    if financial_year is None:
        years = benchmark_years(user=user)
        if not years:
            return []
        financial_year = years[0]
    pairs = figures.filter(financial_year=financial_year).values_list("area_code", "area_name").distinct()
    return sorted(set(pairs), key=lambda p: p[1])


def _values(user, year: int, codes: list[str], measure: str, provision: str) -> dict[tuple, dict[str, tuple]]:
    rows = (UnitCost.objects.for_user(user).filter(financial_year=year, measure=measure, provision=provision,
                                                   area_code__in=[*codes, "england"])
            .values_list("support_type", "age_category", "primary_support_reason", "delivery_mechanism",
                         "area_code", "value", "marker"))
    out: dict[tuple, dict[str, tuple]] = defaultdict(dict)
    for support, age, reason, mechanism, code, value, marker in rows:
        out[(support, age, reason, mechanism)][code] = (value, marker)
    return out


def _place(values: dict[str, tuple], own: str, members: list[str]) -> tuple[Decimal | None, list[Decimal]]:
    group = [values[c][0] for c in members if c in values and values[c][0] is not None]
    own_value = values.get(own, (None, ""))[0]
    return (position(own_value, group) if own_value is not None else None), group


def benchmark_rows(*, user, group: ComparatorGroup, financial_year: int, measure: str = "Unit costs",
                   provision: str = "All") -> list[BenchmarkRow]:
    """Every figure of a year for the council against its group and England, banded, with last year's shift."""
    members = list(group.member_codes)
    bands = group.band_list()
    current = _values(user, financial_year, members, measure, provision)
    before = _values(user, financial_year - 1, members, measure, provision)
    rows = []
    for key, values in current.items():
        place, values_in_group = _place(values, group.own_code, members)
        own_value, own_marker = values.get(group.own_code, (None, "unavailable"))
        previous_values = before.get(key, {})
        previous_place, _ = _place(previous_values, group.own_code, members)
        previous = previous_values.get(group.own_code, (None, ""))[0]
        rows.append(BenchmarkRow(
            *key, own=own_value, own_marker=own_marker, group_median=median(values_in_group),
            england=values.get("england", (None, ""))[0], place=place, band=band_for(place, bands),
            compared=len(values_in_group), previous=previous, previous_band=band_for(previous_place, bands),
            shift=shift(own_value, previous, tolerance_percent=group.level_tolerance_percent)))
    return sorted(rows, key=lambda r: (r.support_type, r.age_category, r.primary_support_reason != "",
                                       r.primary_support_reason, r.delivery_mechanism))


def group_figures(*, user, group: ComparatorGroup, financial_year: int, key: tuple = HEADLINE,
                  measure: str = "Unit costs", provision: str = "All") -> list[dict]:
    """Each member council's figure for one line, lowest first, for the group chart."""
    support, age, reason, mechanism = key
    rows = (UnitCost.objects.for_user(user)
            .filter(financial_year=financial_year, measure=measure, provision=provision, support_type=support,
                    age_category=age, primary_support_reason=reason, delivery_mechanism=mechanism,
                    area_code__in=group.member_codes, value__isnull=False)
            .values_list("area_code", "area_name", "value"))
    return sorted(({"council": name, "value": value, "own": code == group.own_code} for code, name, value in rows),
                  key=lambda r: r["value"])


def figures(*, user) -> dict[str, Figure]:
    """The read model's figures by key, as the last refresh stored them."""
    return {f.key: f for f in Figure.objects.for_user(user)}


def figures_refreshed_at(*, user):
    """When the read model was last refreshed (None before its first refresh)."""
    return Figure.objects.for_user(user).order_by().values_list("refreshed_at", flat=True).first()


def vacancy_returns(*, user):
    """Weekly bed returns: a provider user's own services', every one for council staff."""
    return VacancyReturn.objects.for_user(user).select_related("service", "submitted_by")


def care_homes_of(*, user):
    """A provider user's own services with beds, to send a weekly return for."""
    from commissioning.providers import selectors as providers

    return providers.service_list(user=user).filter(beds__gt=0, status="active").order_by("name")


def editions():
    """Published editions of the Market Position Statement, newest first (public)."""
    from .models import StatementEdition

    return StatementEdition.objects.all()


def edition_changes(edition) -> list:
    """What changed in each figure of an edition since the edition before it."""
    from .domain.editions import compare

    previous = editions().filter(number__lt=edition.number).first()
    if previous is None:
        return []
    return compare(previous.figures + previous.benchmarks, edition.figures + edition.benchmarks)


def previous_edition(edition):
    return editions().filter(number__lt=edition.number).first()


def statement_draft():
    """The words for the next edition (there is one draft, made when first saved)."""
    from .models import StatementDraft

    return StatementDraft.objects.first() or StatementDraft()


def scrutiny_report(*, user, financial_year: int) -> dict:
    """A value-for-money report for a year like seed 000: staffing, spend on purchased services,
    savings, and the benchmark rows of the first comparator group for the latest year up to it."""
    from commissioning.finance import selectors as finance

    from .models import Saving, StaffingLine

    staffing = list(StaffingLine.objects.for_user(user).filter(financial_year=financial_year))
    savings = list(Saving.objects.for_user(user).filter(financial_year=financial_year))
    spend = finance.spend(year=financial_year)
    years = [y for y in benchmark_years(user=user) if y <= financial_year]
    groups = list(comparator_groups(user=user))
    rows = []
    if years and groups:
        rows = [r for r in benchmark_rows(user=user, group=groups[0], financial_year=years[0])
                if r.support_type == "Long term" and r.own is not None]
    return {"staffing": staffing, "staffing_fte": sum((s.fte for s in staffing), Decimal(0)),
            "staffing_cost_pence": sum(s.cost_pence for s in staffing), "savings": savings,
            "savings_pence": sum(s.saving_pence for s in savings),
            "spend_total_pence": spend["total"], "spend_by_market": spend["by"]["market"],
            "benchmarks": rows, "benchmark_year": years[0] if years else None,
            "group": groups[0] if groups else None}


def snapshots(*, user, keys: tuple[str, ...]) -> dict[str, list]:
    """The daily snapshots of tracked figures, oldest first, by key (the last year's)."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import FigureSnapshot

    since = timezone.localdate() - timedelta(days=366)
    found: dict[str, list] = {k: [] for k in keys}
    for snap in FigureSnapshot.objects.for_user(user).filter(key__in=keys, taken_on__gte=since).order_by("taken_on"):
        found[snap.key].append(snap)
    return found


def forthcoming_by_market() -> dict[str, list[dict]]:
    """Planning's forthcoming opportunities (public facts only) by market area, for the intentions of the
    Market Position Statement: approved lists open to applications and planned procurements, whose market
    is their lead's (a procurement led by someone with no market is under "")."""
    from django.utils import timezone

    from commissioning.planning.selectors import forthcoming_opportunities

    found = forthcoming_opportunities(timezone.localdate())
    out: dict[str, list[dict]] = defaultdict(list)
    for approved in found["lists"]:
        out[approved.market_area_id].append({"name": approved.name, "kind": "list", "until": approved.end_date})
    for task in found["tenders"]:
        out[task.project.owner.market_area_id or ""].append({"name": task.project.name, "kind": "tender",
                                                          "tender": task.start_date,
                                                          "starts": task.project.wanted_start})
    return dict(out)
