"""Postcodes to coordinates and localities.

Coordinates come from the ONS postcode lookup when the shared data is present
(`SHARED_DATA_DIR/postcodes/DE_postcodes_latlon_nspl_may2025.csv`); without it a service keeps
the coordinates it was given.
"""
import csv
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .models import Locality
from .validators import normalise_postcode

POSTCODE_FILE = Path("postcodes") / "DE_postcodes_latlon_nspl_may2025.csv"


@lru_cache(maxsize=1)
def _postcode_index() -> dict[str, tuple[Decimal, Decimal]]:
    path = Path(settings.SHARED_DATA_DIR) / POSTCODE_FILE
    if not path.exists():
        return {}
    index = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["lat"] or not row["long"]:
                continue  # non-geographic postcodes carry no coordinates
            index[row["Postcode"].replace(" ", "")] = (Decimal(row["lat"]), Decimal(row["long"]))
    return index


def coordinates_for(postcode: str) -> tuple[Decimal, Decimal] | None:
    """(latitude, longitude) of a postcode from the ONS lookup, or None if unknown."""
    return _postcode_index().get((postcode or "").replace(" ", "").upper())


def known_postcodes() -> list[str]:
    """Every postcode in the lookup, in NSPL compact form (no spaces)."""
    return list(_postcode_index())


def locality_for(postcode: str) -> Locality | None:
    """The locality in use whose postcode districts include this postcode's district (a retired
    locality is given to no new record)."""
    normal = normalise_postcode(postcode)
    if not normal:
        return None
    district = normal.split(" ")[0]
    for locality in Locality.objects.filter(retired=False):
        if district in locality.districts:
            return locality
    return None


@lru_cache(maxsize=1)
def _district_centroids() -> dict[str, tuple[Decimal, Decimal]]:
    """The mean position of every postcode of each postcode district (outward code) in the lookup."""
    sums: dict[str, list] = {}
    for compact, (lat, lon) in _postcode_index().items():
        district = compact[:-3]
        entry = sums.setdefault(district, [Decimal(0), Decimal(0), 0])
        entry[0] += lat
        entry[1] += lon
        entry[2] += 1
    return {d: ((la / n).quantize(Decimal("0.00001")), (lo / n).quantize(Decimal("0.00001")))
            for d, (la, lo, n) in sums.items()}


def district_centroid(district: str) -> tuple[Decimal, Decimal] | None:
    """(latitude, longitude) of the middle of a postcode district such as DE22, or None if unknown."""
    return _district_centroids().get((district or "").replace(" ", "").upper())
