"""Reads of the directory. The public search reads published listings only; everything else starts
from `for_user`."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.urls import reverse

from commissioning.providers import geo
from commissioning.providers.models import ClientGroup, ServiceType, Specialism
from commissioning.providers.validators import normalise_district, normalise_postcode

from . import rules
from .choices import FundingWho, ProposalStatus
from .domain.geo import EARTH_RADIUS_KM, bounding_box
from .models import Listing, ListingProposal
from .services.verification import unverified

DEFAULT_RADIUS_KM = 10
RADII_KM = [1, 2, 5, 10, 20, 50]


@dataclass(frozen=True)
class Place:
    """Where a search is from: what the person typed, as we show it, and its position."""

    shown: str
    latitude: float
    longitude: float


def place_for(text: str) -> Place | None:
    """A full postcode or an outward code (any spacing or case) as a position, or None if unknown."""
    full = normalise_postcode(text)
    if full:
        found = geo.coordinates_for(full)
        return Place(full, float(found[0]), float(found[1])) if found else None
    district = normalise_district(text)
    if district:
        found = geo.district_centroid(district)
        return Place(district, float(found[0]), float(found[1])) if found else None
    return None


def distance_expression(lat: float, lon: float):
    """The haversine distance in km from (lat, lon) to each row, as SQL (SQLite and PostgreSQL)."""
    phi = math.radians(lat)
    half_dlat = (Radians(F("latitude")) - Value(phi)) / Value(2.0)
    half_dlon = (Radians(F("longitude")) - Value(math.radians(lon))) / Value(2.0)
    a = Power(Sin(half_dlat), 2) + Value(math.cos(phi)) * Cos(Radians(F("latitude"))) * Power(Sin(half_dlon), 2)
    return Value(2 * EARTH_RADIUS_KM) * ASin(Least(Value(1.0), Sqrt(a)), output_field=FloatField())


@dataclass
class Search:
    """What a person asked for. Empty fields do not narrow the search."""

    place: Place | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    service_type: str = ""
    client_group: str = ""
    specialism: str = ""
    name: str = ""
    ratings: list[str] = field(default_factory=list)
    vacancies: bool = False
    contracted: str = ""  # "yes", "no" or ""
    who: str = ""  # FundingWho or ""


def _needs(rows, search: Search):
    for name, column in (("service_type", "service_type_codes"), ("client_group", "client_group_codes"),
                         ("specialism", "specialism_codes")):
        code = getattr(search, name)
        if code:
            rows = rows.filter(**{f"{column}__contains": f"|{code}|"})
    return rows


def search_listings(search: Search, *, rows=None, prefilter: bool = True):
    """Published listings that match, nearest first with `distance_km` when a place is given (within
    the radius), otherwise by name. With a place, a box on the indexed latitude and longitude narrows
    the rows before the exact distance is worked out (`prefilter=False` measures every row instead)."""
    rows = Listing.objects.published() if rows is None else rows
    rows = _needs(rows, search)
    if search.name.strip():
        words = search.name.strip()
        rows = rows.filter(Q(name__icontains=words) | Q(organisation_name__icontains=words))
    if search.ratings:
        rows = rows.filter(cqc_rating__in=search.ratings)
    if search.vacancies:
        rows = rows.filter(beds_vacant__gt=0)
    if search.contracted == "yes":
        rows = rows.filter(council_contracted=True)
    elif search.contracted == "no":
        rows = rows.filter(council_contracted=False)
    if search.who == FundingWho.COUNCIL:
        rows = rows.filter(accepts_council_funded=True)
    elif search.who == FundingWho.SELF:
        rows = rows.filter(accepts_self_funders=True)
    if search.place is None:
        return rows.order_by("name", "pk")
    lat, lon = search.place.latitude, search.place.longitude
    if prefilter:
        south, north, west, east = bounding_box(lat, lon, search.radius_km)
        rows = rows.filter(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
    else:
        rows = rows.filter(latitude__isnull=False)
    return (rows.annotate(distance_km=distance_expression(lat, lon)).filter(distance_km__lte=search.radius_km)
            .order_by("distance_km", "name", "pk"))


def published_listing(pk: int) -> Listing:
    """One listing the public may open (a hidden one is not found)."""
    return Listing.objects.published().select_related("provider").get(pk=pk)


def published_listings():
    return Listing.objects.published()


REFERENCE_SECONDS = 60
_reference: dict = {}


def _reference_rows() -> dict[str, list[tuple[str, str, bool]]]:
    """The register's three classifications as (code, name, retired), read at most once a minute per
    process: the public search reads them on every page, and a renamed or added item shows within the
    minute."""
    now = time.monotonic()
    if _reference.get("at", -REFERENCE_SECONDS) + REFERENCE_SECONDS <= now:
        _reference["rows"] = {
            "service_type": list(ServiceType.objects.values_list("code", "name", "retired")),
            "client_group": list(ClientGroup.objects.values_list("code", "name", "retired")),
            "specialism": list(Specialism.objects.values_list("code", "name", "retired")),
        }
        _reference["at"] = now
    return _reference["rows"]


def forget_reference() -> None:
    """Read the classifications afresh on the next page (tests that change them call this)."""
    _reference.clear()


def need_choices() -> dict[str, list[tuple[str, str]]]:
    """The council's classifications in use, as (code, name), for the search form."""
    return {kind: [(code, name) for code, name, retired in rows if not retired]
            for kind, rows in _reference_rows().items()}


def need_names() -> dict[str, str]:
    """Every classification code (retired ones too) → the name people read."""
    return {code: name for rows in _reference_rows().values() for code, name, _ in rows}


def listings(*, user):
    """Listings a signed-in person may manage: every one for council staff, its own for a provider user."""
    return Listing.objects.for_user(user).select_related("provider")


def proposals(*, user):
    return ListingProposal.objects.for_user(user).select_related("listing", "submitted_by", "decided_by")


def pending_proposals(*, user):
    return proposals(user=user).filter(status=ProposalStatus.PENDING)


def listings_due_check(*, user):
    return unverified(listings(user=user).filter(published=True))


def home_links(user) -> list[tuple[str, str]]:
    links = [("Search the directory of care and support", reverse("directory:search"))]
    if getattr(user, "role", None) in rules.MODERATE:
        links.append(("Manage the directory: community listings and proposals", reverse("directory:manage")))
    if getattr(user, "role", None) in rules.PROVIDER:
        links.append(("Update your services' listings in the public directory", reverse("directory:portal")))
    return links


def work_for(user) -> list:
    from commissioning.core.home import WorkItem

    if getattr(user, "role", None) not in rules.MODERATE:
        return []
    return [WorkItem("proposals for the directory to decide", pending_proposals(user=user).count(),
                     reverse("directory:manage"))]


def taxonomy_names() -> dict[str, dict[str, str]]:
    """Each published taxonomy's {code: name}, for Open Referral UK."""
    return {"service-types": dict(ServiceType.objects.values_list("code", "name")),
            "client-groups": dict(ClientGroup.objects.values_list("code", "name")),
            "specialisms": dict(Specialism.objects.values_list("code", "name"))}


def published_by_uuid(value: str) -> Listing | None:
    """A published listing by its Open Referral identifier, or None (also for a malformed one)."""
    import uuid as uuid_module

    try:
        key = uuid_module.UUID(str(value))
    except ValueError:
        return None
    return Listing.objects.published().select_related("provider").filter(uuid=key).first()


class CountedRows:
    """One page of a search with the number of matches, in one query: each row carries the total as a
    window count (`COUNT(*) OVER ()`), so the page costs one round trip rather than a count and then the
    page. Django's Paginator reads it as it reads a queryset: `count()`, then a slice."""

    def __init__(self, rows, number, per_page: int):
        self.rows, self.per_page = rows, per_page
        try:
            self.number = max(1, int(number or 1))
        except (TypeError, ValueError):
            self.number = 1
        self._page, self._total = None, None

    def _fetch(self, start: int, stop: int) -> list:
        from django.db.models import Count, Window

        return list(self.rows.annotate(matches=Window(Count("pk")))[start:stop])

    def count(self) -> int:
        if self._total is None:
            start = (self.number - 1) * self.per_page
            self._page = (start, self._fetch(start, start + self.per_page))
            self._total = self._page[1][0].matches if self._page[1] else (self.rows.count() if start else 0)
        return self._total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice) and self._page and index.start == self._page[0]:
            return self._page[1]
        if isinstance(index, slice):
            return self._fetch(index.start or 0, index.stop)
        return self._fetch(index, index + 1)[0]
