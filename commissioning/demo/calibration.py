"""Published figures the demo market is calibrated on, read from the shared public data
(`settings.SHARED_DATA_DIR`) when it is present, with the same cited values built in as the fallback.

Cited (see shared/data/README.md for where each file came from):
- ons/derby_population_age_bands_mid2019_mid2020.csv, period mid-2020, Derby E06000015:
  all ages 256,814; aged 65+ 42,361 (ONS mid-year estimates, OGL-3).
- cqc/cqc_care_home_beds_per_1000_aged_65plus_by_lad_june2021.csv, lad_code E06000015:
  51.22 care home beds and 25.88 nursing beds per 1,000 people aged 65+ (British Red Cross from
  the CQC active locations file of 1 June 2021) → 2,170 beds, of which 1,096 nursing.
- procurement/derby_supported_living_framework_2025_suppliers.csv: 35 suppliers named in the award
  of Derby's Supported Living Flexible Open Framework (Find a Tender 014202-2025).
- asc_finance/pss_unit_costs_2014_15_east_midlands_long.csv, cassr_code 507: searched for a home care
  row with unit_cost_category Denominator (care weeks). The 2014-15 file has only residential, nursing
  and short-term rows, so home care volume falls back to the labelled assumption in ASSUMED.

Everything in ASSUMED is an assumption made for the demo, not a published figure.
"""
import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

DERBY_LAD = "E06000015"
DERBY_CASSR = "507"
POPULATION_FILE = Path("ons") / "derby_population_age_bands_mid2019_mid2020.csv"
BEDS_FILE = Path("cqc") / "cqc_care_home_beds_per_1000_aged_65plus_by_lad_june2021.csv"
SUPPORTED_LIVING_FILE = Path("procurement") / "derby_supported_living_framework_2025_suppliers.csv"
UNIT_COSTS_FILE = Path("asc_finance") / "pss_unit_costs_2014_15_east_midlands_long.csv"

CITED = {
    "population": 256_814,  # POPULATION_FILE, mid-2020, all_ages
    "aged_65_plus": 42_361,  # POPULATION_FILE, mid-2020, age_65_plus
    "beds_per_1000": 51.22,  # BEDS_FILE, E06000015, beds_per_1000_over_65
    "nursing_per_1000": 25.88,  # BEDS_FILE, E06000015, nursing_beds_per_1000_over_65
    "supported_living_suppliers": 35,  # SUPPORTED_LIVING_FILE, rows
}
ASSUMED = {
    # No home care volume for Derby in the shared data: about 1 in 30 people aged 65+ receive home
    # care, about 10 hours a week each.
    "home_care_people_per_1000_aged_65_plus": 33,
    "home_care_hours_per_person_per_week": 10,
    "extra_care_schemes": 6,
    "day_opportunity_services": 24,
    # Shares (%) of CQC overall ratings among the demo's open regulated services: assumed, of the
    # order CQC reports nationally for adult social care, not taken from a cited table.
    "cqc_rating_shares": {"outstanding": 4, "good": 75, "requires_improvement": 18, "inadequate": 1,
                          "not_yet_rated": 2},
    # Shares (%) of services in each locality: no locality population figure is cited, so equal.
    "locality_shares": {"Central": 25, "West": 25, "East": 25, "South": 25},
    "providers_inactive_percent": 4,
    "providers_ceased": 3,
}


@dataclass(frozen=True)
class Targets:
    """What the demo market is built to match, and where each figure came from."""

    population: int
    aged_65_plus: int
    care_home_beds: int
    nursing_beds: int
    home_care_people: int
    home_care_hours: int
    home_care_basis: str
    supported_living_providers: int
    from_shared_data: bool


def _rows(path: Path):
    if not path.exists():
        return
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _first(path: Path, **match) -> dict | None:
    return next((row for row in _rows(path) if all(row.get(k) == v for k, v in match.items())), None)


def home_care_weeks(path: Path) -> float | None:
    """Derby's council-funded home care weeks for ages 18+ (Denominator = care weeks), if the file has them."""
    for row in _rows(path):
        if (row["cassr_code"] == DERBY_CASSR and row["unit_cost_category"] == "Denominator"
                and row["unit_cost_provision"] == "All" and row["age_category"] == "Age 18 and over"
                and not row["primary_support_reason"] and "home care" in row["service_delivery_mechanism"].lower()):
            try:
                return float(row["value"].replace(",", ""))
            except ValueError:
                return None  # "." or ":" mean not calculable or unavailable
    return None


def targets(shared_data_dir: Path | None = None) -> Targets:
    """The demo's capacity targets for Derby, from the shared data files or the cited fallback."""
    shared = Path(shared_data_dir if shared_data_dir is not None else settings.SHARED_DATA_DIR)
    population = _first(shared / POPULATION_FILE, area_code=DERBY_LAD, period="mid-2020")
    beds = _first(shared / BEDS_FILE, lad_code=DERBY_LAD)
    suppliers = sum(1 for _ in _rows(shared / SUPPORTED_LIVING_FILE))
    weeks = home_care_weeks(shared / UNIT_COSTS_FILE)

    all_ages = int(population["all_ages"]) if population else CITED["population"]
    older = int(population["age_65_plus"]) if population else CITED["aged_65_plus"]
    per_1000 = float(beds["beds_per_1000_over_65"]) if beds else CITED["beds_per_1000"]
    nursing_per_1000 = float(beds["nursing_beds_per_1000_over_65"]) if beds else CITED["nursing_per_1000"]
    hours_each = ASSUMED["home_care_hours_per_person_per_week"]
    if weeks:
        people = round(weeks / 52)
        basis = (f"PSS unit costs 2014-15, Derby home care {weeks:,.0f} care weeks / 52 = {people:,} people, "
                 f"× {hours_each} hours a week (assumed)")
    else:
        people = round(older * ASSUMED["home_care_people_per_1000_aged_65_plus"] / 1000)
        basis = (f"assumed: {ASSUMED['home_care_people_per_1000_aged_65_plus']} people per 1,000 aged 65+ = "
                 f"{people:,} people × {hours_each} hours a week (no Derby home care row in the shared data)")
    return Targets(
        population=all_ages,
        aged_65_plus=older,
        care_home_beds=round(older * per_1000 / 1000),
        nursing_beds=round(older * nursing_per_1000 / 1000),
        home_care_people=people,
        home_care_hours=people * hours_each,
        home_care_basis=basis,
        supported_living_providers=suppliers or CITED["supported_living_suppliers"],
        from_shared_data=bool(population and beds),
    )
