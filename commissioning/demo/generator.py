"""A fictional but realistic care market for one English city, generated as plain data from a seed.

Same seed, same market: names, identifiers, postcodes and ratings come from one random generator,
and dates are counted back from a fixed reference day, never from today.
"""
import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from .calibration import ASSUMED, Targets

REFERENCE_DAY = date(2026, 11, 1)
DEFAULT_SEED = 20191001

# Postcode districts of Derby city by locality, with approximate centroids for use when the ONS
# postcode lookup is not available. Shares follow the localities' rough share of the population.
DISTRICTS = {
    "DE1": ("Central", Decimal("52.9225"), Decimal("-1.4770")),
    "DE22": ("Central", Decimal("52.9350"), Decimal("-1.4950")),
    "DE23": ("Central", Decimal("52.9050"), Decimal("-1.4920")),
    "DE3": ("West", Decimal("52.9130"), Decimal("-1.5450")),
    "DE21": ("East", Decimal("52.9330"), Decimal("-1.4300")),
    "DE72": ("East", Decimal("52.9000"), Decimal("-1.3700")),
    "DE24": ("South", Decimal("52.8930"), Decimal("-1.4500")),
    "DE73": ("South", Decimal("52.8600"), Decimal("-1.4700")),
}
STREETS = ["Friar Gate", "Burton Road", "Duffield Road", "Kedleston Road", "Osmaston Road", "London Road",
           "Nottingham Road", "Uttoxeter Road", "Ashbourne Road", "Normanton Road", "Stenson Road", "Chellaston Road",
           "Station Road", "Church Lane", "Park Avenue", "Derwent Street", "Mill Lane", "Oakwood Drive",
           "Alvaston Street", "Sinfin Lane", "Mickleover Road", "Spondon Road", "Allestree Lane", "Darley Grove"]
PLACE_WORDS = ["Oak", "Willow", "Beech", "Cedar", "Rowan", "Hazel", "Elm", "Ash", "Birch", "Holly", "Laurel",
               "Maple", "Meadow", "Brook", "River", "Valley", "Hill", "Park", "Green", "Field", "Spring", "Lark",
               "Heron", "Kestrel", "Derwent", "Markeaton", "Darley", "Chaddesden", "Littleover", "Allestree",
               "Spondon", "Sinfin", "Normanton", "Alvaston", "Chellaston", "Mackworth", "Oakwood", "Stenson"]
HOME_SUFFIXES = ["House", "Lodge", "Court", "Manor", "Grange", "View", "Gardens", "Hall"]
ORG_SUFFIXES = ["Care", "Care Homes", "Healthcare", "Care Services", "Support Services", "Homecare",
                "Community Care", "Living"]
FIRST_NAMES = ["Amrit", "Bethany", "Callum", "Deepa", "Eleanor", "Farah", "Gareth", "Hannah", "Imran", "Joanne",
               "Kieran", "Leanne", "Mohammed", "Nicola", "Owen", "Priya", "Rebecca", "Sanjay", "Tariq", "Wendy"]
LAST_NAMES = ["Ahmed", "Bennett", "Chauhan", "Davies", "Evans", "Fletcher", "Gill", "Hughes", "Iqbal", "Johnson",
              "Kaur", "Lawson", "Mistry", "Nolan", "Okafor", "Patel", "Robinson", "Singh", "Turner", "Walker"]
# Assumed shares of CQC overall ratings among the demo's regulated services (see calibration.ASSUMED).
RATING_SHARES = list(ASSUMED["cqc_rating_shares"].items())


@dataclass
class ServiceSpec:
    name: str
    types: list[str]
    address_line_1: str
    postcode: str
    latitude: Decimal
    longitude: Decimal
    locality: str
    cqc_location_id: str | None
    cqc_rating: str
    cqc_rating_date: date | None
    beds: int | None = None
    hours_per_week: int | None = None
    specialisms: list[str] = field(default_factory=list)
    client_groups: list[str] = field(default_factory=list)
    status: str = "active"


@dataclass
class ProviderSpec:
    name: str
    legal_name: str
    companies_house_number: str
    cqc_provider_id: str | None
    contact_name: str
    contact_email: str
    contact_phone: str
    status: str
    services: list[ServiceSpec] = field(default_factory=list)


class Postcodes:
    """Real Derby postcodes from the ONS lookup when present, else valid-format synthetic ones."""

    def __init__(self, rng: random.Random, shared_data_dir: Path):
        self.rng = rng
        self.by_district: dict[str, list[tuple[str, Decimal, Decimal]]] = {}
        path = shared_data_dir / "postcodes" / "DE_postcodes_latlon_nspl_may2025.csv"
        if path.exists():
            with path.open(newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    compact = row["Postcode"].replace(" ", "")
                    district = compact[:-3]
                    if district in DISTRICTS and row["lat"] and row["long"]:
                        self.by_district.setdefault(district, []).append(
                            (f"{district} {compact[-3:]}", Decimal(row["lat"]), Decimal(row["long"])))
            for rows in self.by_district.values():
                rows.sort()
        self.real = bool(self.by_district)

    def pick(self, district: str) -> tuple[str, Decimal, Decimal]:
        if self.real:
            return self.rng.choice(self.by_district[district])
        _, lat, lon = DISTRICTS[district]
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        inward = f"{self.rng.randint(1, 9)}{self.rng.choice(letters)}{self.rng.choice(letters)}"
        lat += Decimal(self.rng.randint(-150, 150)) / 10000
        lon += Decimal(self.rng.randint(-150, 150)) / 10000
        return f"{district} {inward}", lat.quantize(Decimal("0.00001")), lon.quantize(Decimal("0.00001"))


class Generator:
    """Builds the market as plain data; nothing here touches the database."""

    def __init__(self, targets: Targets, shared_data_dir: Path, seed: int = DEFAULT_SEED):
        self.rng = random.Random(seed)
        self.targets = targets
        self.postcodes = Postcodes(self.rng, shared_data_dir)
        self.used_names: set[str] = set()
        self.used_ids: set[str] = set()
        self.round = 0

    # Small pieces -----------------------------------------------------------------------
    def _id(self, digits: int = 10) -> str:
        while True:
            value = f"1-{self.rng.randint(10 ** (digits - 1), 10 ** digits - 1)}"
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def _unique(self, make) -> str:
        """A name not used yet; after the first round of a scaled market, names may carry a number."""
        for _ in range(1000 if self.round == 0 else 20):
            name = make()
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        if self.round == 0:
            raise RuntimeError("Ran out of demo names")
        base = make()
        for number in range(2, 10_000):
            if (name := f"{base} {number}") not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("Ran out of demo names")

    def _rating(self) -> tuple[str, date | None]:
        rating = self.rng.choices([r for r, _ in RATING_SHARES], [w for _, w in RATING_SHARES])[0]
        if rating == "not_yet_rated":
            return rating, None
        return rating, REFERENCE_DAY - timedelta(days=self.rng.randint(30, 4 * 365))

    def _place(self) -> tuple[str, str, Decimal, Decimal, str]:
        district = self.rng.choices(list(DISTRICTS), [4, 3, 3, 5, 5, 1, 5, 1])[0]
        postcode, lat, lon = self.postcodes.pick(district)
        address = f"{self.rng.randint(1, 240)} {self.rng.choice(STREETS)}"
        return address, postcode, lat, lon, DISTRICTS[district][0]

    def _person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def _provider(self, suffixes: list[str], *, registered: bool = True) -> ProviderSpec:
        name = self._unique(lambda: f"{self.rng.choice(PLACE_WORDS)} {self.rng.choice(suffixes)}")
        slug = name.lower().replace(" ", "")
        contact = self._person()
        return ProviderSpec(
            name=name,
            legal_name=f"{name} {'Ltd' if registered else 'CIC'}",
            companies_house_number=f"{self.rng.randint(1_000_000, 13_999_999):08d}",
            cqc_provider_id=self._id(10) if registered else None,
            contact_name=contact,
            contact_email=f"{contact.split()[0].lower()}@{slug}.example.org.uk",
            contact_phone=f"01332 {self.rng.randint(100000, 999999)}",
            status=self.rng.choices(["active", "inactive", "ceased"], [94, 4, 2])[0],
        )

    def _service(self, name: str, types: list[str], *, registered: bool = True, **extra) -> ServiceSpec:
        address, postcode, lat, lon, locality = self._place()
        rating, rated_on = self._rating() if registered else ("", None)
        return ServiceSpec(name=name, types=types, address_line_1=address, postcode=postcode, latitude=lat,
                           longitude=lon, locality=locality, cqc_location_id=self._id(10) if registered else None,
                           cqc_rating=rating, cqc_rating_date=rated_on, **extra)

    # Markets -------------------------------------------------------------------------------
    def _care_homes(self, providers: list[ProviderSpec]) -> None:
        """Care homes until the bed targets are met: nursing first, then residential and specialist."""
        nursing_left = self.targets.nursing_beds
        residential_left = self.targets.care_home_beds - self.targets.nursing_beds
        group = None
        while nursing_left > 0 or residential_left > 0:
            if group is None or len(group.services) >= self.rng.choice([1, 1, 1, 2]):
                group = self._provider(["Care Homes", "Healthcare", "Care"])
                providers.append(group)
            home = self._unique(lambda: f"{self.rng.choice(PLACE_WORDS)} {self.rng.choice(HOME_SUFFIXES)}")
            if nursing_left > 0:
                beds = min(nursing_left, self.rng.randint(30, 64))
                nursing_left -= beds
                spec = self._service(home, ["care-home-nursing"], beds=beds,
                                     specialisms=self.rng.sample(["dementia", "end-of-life", "physical-disability"], 2),
                                     client_groups=["older-people"])
            elif self.rng.random() < 0.2:
                beds = min(residential_left, self.rng.randint(6, 14))
                residential_left -= beds
                spec = self._service(home, ["care-home-specialist"], beds=beds,
                                     specialisms=self.rng.sample(["learning-disability", "autism", "mental-health",
                                                                  "challenging-behaviour"], 2),
                                     client_groups=self.rng.sample(["learning-disability", "mental-health",
                                                                    "autism"], 1))
            else:
                beds = min(residential_left, self.rng.randint(20, 48))
                residential_left -= beds
                spec = self._service(home, ["care-home-standard"], beds=beds, specialisms=["dementia"],
                                     client_groups=["older-people"])
            group.services.append(spec)

    def _home_care(self, providers: list[ProviderSpec]) -> None:
        hours_left = self.targets.home_care_hours
        while hours_left > 0:
            provider = self._provider(["Homecare", "Care Services", "Community Care", "Care"])
            specialist = self.rng.random() < 0.2
            hours = min(hours_left, self.rng.randint(100, 600) if specialist else self.rng.randint(150, 800))
            hours_left -= hours
            provider.services.append(self._service(
                f"{provider.name} – Derby branch", ["home-care-specialist" if specialist else "home-care-standard"],
                hours_per_week=hours,
                specialisms=(["multiple-complex-needs", "challenging-behaviour"] if specialist else ["dementia"]),
                client_groups=["older-people", "physical-disability"]))
            providers.append(provider)

    def _supported_living_and_extra_care(self, providers: list[ProviderSpec]) -> None:
        for _ in range(self.targets.supported_living_providers):
            provider = self._provider(["Support Services", "Living", "Care"])
            provider.services.append(self._service(
                f"{provider.name} supported living", ["supported-living"], hours_per_week=self.rng.randint(200, 1200),
                specialisms=self.rng.sample(
                    ["learning-disability", "autism", "mental-health", "physical-disability"], 2),
                client_groups=self.rng.sample(["learning-disability", "autism", "mental-health"], 2)))
            providers.append(provider)
        for _ in range(ASSUMED["extra_care_schemes"]):
            provider = self._provider(["Living", "Care"])
            scheme = self._unique(
                lambda: f"{self.rng.choice(PLACE_WORDS)} {self.rng.choice(['Court', 'Gardens', 'Place'])}")
            provider.services.append(self._service(scheme, ["extra-care"], hours_per_week=self.rng.randint(300, 900),
                                                   client_groups=["older-people"]))
            providers.append(provider)

    def _day_opportunities(self, providers: list[ProviderSpec]) -> None:
        """Council-only services: day opportunities need no CQC registration."""
        for _ in range(ASSUMED["day_opportunity_services"]):
            provider = self._provider(["Community Care", "Support Services"], registered=False)
            provider.services.append(self._service(
                f"{provider.name} day centre", ["day-opportunities"], registered=False,
                client_groups=self.rng.sample(["learning-disability", "older-people", "mental-health", "carers"], 2)))
            providers.append(provider)

    def market(self, scale: int = 1) -> list[ProviderSpec]:
        """The city's market; `scale` N builds N times as many providers and services (for benchmarks)."""
        providers: list[ProviderSpec] = []
        for self.round in range(scale):
            self._care_homes(providers)
            self._home_care(providers)
            self._supported_living_and_extra_care(providers)
            self._day_opportunities(providers)
        self.round = 0
        for provider in providers:
            if provider.status != "active":
                for service in provider.services:
                    service.status = "closed" if provider.status == "ceased" else "active"
        return providers
