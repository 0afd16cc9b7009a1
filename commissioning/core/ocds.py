"""What every Open Contracting Data Standard 1.1.5 publication of the council shares: the council as
publisher and buyer (identified by its PPON), the ocid prefix it registered, amounts from integer
pence, dates in the council's time zone, suppliers as organisations and the release package.

The approved lists (`procurement.ocds`) and the contracts register (`contracts.ocds`) both publish
through these, so a party, an amount or a date reads the same in each.
"""
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.utils import timezone

from commissioning.accounts.selectors import council_name, council_ppon

from .money import pence_to_pounds

OCDS_VERSION = "1.1"
PPON_SCHEME = "GB-PPON"
COMPANIES_HOUSE_SCHEME = "GB-COH"
# org-id.guide lists: the Charity Commission (England and Wales), the Scottish Charity Regulator and
# the Charity Commission for Northern Ireland.
CHARITY_SCHEMES = (("SC", "GB-SC"), ("NI", "GB-NIC"), ("", "GB-CHC"))


@dataclass(frozen=True)
class Council:
    """The publisher and buyer of every release: the council, identified by its PPON."""

    name: str
    ppon: str
    ocid_prefix: str

    @property
    def ppon_id(self) -> str:
        return self.ppon.removeprefix(f"{PPON_SCHEME}-")

    @property
    def party_id(self) -> str:
        return f"{PPON_SCHEME}-{self.ppon_id}"

    def reference(self) -> dict:
        return {"id": self.party_id, "name": self.name}

    def party(self, roles=("buyer", "procuringEntity")) -> dict:
        return {**self.reference(), "identifier": {"scheme": PPON_SCHEME, "id": self.ppon_id, "legalName": self.name},
                "roles": list(roles)}

    def process_id(self, local: str) -> str:
        """An ocid: the registered prefix, then the process's own identifier."""
        return f"{self.ocid_prefix}-{local}"


def council_of_record() -> Council:
    """The council this deployment serves: the name and PPON its first run stored (the settings only
    before the first run), with the OCDS prefix it registered."""
    return Council(name=council_name(), ppon=council_ppon(), ocid_prefix=settings.OCDS_OCID_PREFIX)


def amount(pence: int) -> int | float:
    """Pounds as a JSON number from integer pence, exact to the penny (whole pounds as an integer)."""
    pounds = pence_to_pounds(pence)
    return int(pounds) if pounds == pounds.to_integral_value() else float(pounds)


def value(pence: int) -> dict:
    """An OCDS Value in pounds sterling."""
    return {"amount": amount(pence), "currency": "GBP"}


def day_start(day: date) -> str:
    return timezone.make_aware(datetime.combine(day, time.min)).isoformat()


def day_end(day: date) -> str:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59))).isoformat()


def moment(at: datetime) -> str:
    return timezone.localtime(at).replace(microsecond=0).isoformat()


def supplier_party(provider, *, charity_number: str = "") -> dict:
    """A provider as an organisation: its name and, when it has one, its Companies House number, else
    the charity number given. Never a contact person."""
    party = {"id": f"provider-{provider.pk}", "name": provider.name}
    if provider.companies_house_number:
        scheme, number = COMPANIES_HOUSE_SCHEME, provider.companies_house_number
    elif charity_number:
        prefix, scheme = next((p, s) for p, s in CHARITY_SCHEMES if charity_number.startswith(p))
        number = charity_number.removeprefix("NI") if scheme == "GB-NIC" else charity_number
    else:
        return party
    party["id"] = f"{scheme}-{number}"
    party["identifier"] = {"scheme": scheme, "id": number, "legalName": provider.legal_name or provider.name}
    return party


def release_package(releases: list[dict], *, council: Council, uri: str, now: datetime, extensions: list[str],
                    links: dict | None = None) -> dict:
    """A release package of `releases`; generated on demand, it is dated by its newest release.
    `links` (next, prev) pages a long package as OCDS APIs do."""
    published = max((datetime.fromisoformat(r["date"]) for r in releases), default=timezone.localtime(now))
    package = {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": extensions,
        "publishedDate": published.replace(microsecond=0).isoformat(),
        "publisher": {"name": council.name, "scheme": PPON_SCHEME, "uid": council.ppon_id},
        "releases": releases,
    }
    if links:
        package["links"] = links
    return package
