"""Reading a CQC file: the care directory CSV or a flat CSV of CQC API location fields.

Pure Python: it turns text into normalised rows and row errors, and knows nothing of the
database. Row numbers are as a spreadsheet shows them (the header is row 1).
"""
import csv
import io
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from ..choices import CQC_RATING_TEXT
from ..validators import CQC_ID, normalise_postcode

DIRECTORY = "directory"
API = "api"

DIRECTORY_COLUMNS = {"name", "cqc_id", "type", "address", "postcode", "provider"}
API_COLUMNS = {"locationId", "name", "postalCode"}

# CQC vocabulary → our service type codes.
DIRECTORY_TYPES = {
    "residential homes": ["care-home-standard"],
    "nursing homes": ["care-home-nursing"],
    "homecare agencies": ["home-care-standard"],
    "supported living": ["supported-living"],
    "extra care housing": ["extra-care"],
}
GAC_SERVICE_TYPES = {
    "care home service without nursing": "care-home-standard",
    "care home service with nursing": "care-home-nursing",
    "domiciliary care service": "home-care-standard",
    "supported living service": "supported-living",
    "extra care housing services": "extra-care",
    "shared lives": "supported-living",
}
SPECIALISMS = {
    "dementia": "dementia",
    "learning disabilities": "learning-disability",
    "autism": "autism",
    "mental health conditions": "mental-health",
    "physical disabilities": "physical-disability",
    "sensory impairments": "sensory-impairment",
    "substance misuse problems": "substance-misuse",
    "caring for people whose rights are restricted under the mental health act": "mental-health",
    "eating disorders": "mental-health",
}
MISSING = {"", "na", "n/a", "null", "none", "-"}


@dataclass
class NormalisedRow:
    """One location as the register holds it."""

    row: int
    cqc_location_id: str
    name: str
    provider_name: str
    cqc_provider_id: str | None
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    latitude: str | None
    longitude: str | None
    service_types: list[str]
    specialisms: list[str] = field(default_factory=list)
    beds: int | None = None
    cqc_rating: str | None = None  # None: the file says nothing about the rating
    cqc_rating_date: str | None = None
    telephone: str = ""
    website: str = ""
    deregistered: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class RowError:
    row: int
    reasons: list[str]


@dataclass
class ParseResult:
    format: str | None
    total_rows: int = 0
    rows: list[NormalisedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    file_error: str = ""


def decode(content: bytes) -> str:
    """Text of an uploaded file: UTF-8 (with or without a byte-order mark), else refused."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError("The file must be saved as UTF-8 CSV (in Excel: 'CSV UTF-8')") from error


def _blank(value: str | None) -> bool:
    return value is None or value.strip().lower() in MISSING


def _clean(value: str | None) -> str:
    return "" if _blank(value) else value.strip()


def _date(value: str, reasons: list[str], label: str) -> str | None:
    if _blank(value):
        return None
    text = value.strip()[:10]
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    reasons.append(f"{label} '{value.strip()}' is not a date like 2025-03-31")
    return None


def _coordinate(value: str, low: int, high: int, label: str, reasons: list[str]) -> str | None:
    if _blank(value):
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        reasons.append(f"{label} '{value.strip()}' is not a number")
        return None
    if not low <= number <= high:
        reasons.append(f"{label} {number} is outside {low} to {high}")
        return None
    return str(number.quantize(Decimal("0.00001")))


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|]", value or "") if part.strip()]


def _address(row: dict, fmt: str) -> tuple[str, str, str]:
    if fmt == API:
        return (_clean(row.get("postalAddressLine1")), _clean(row.get("postalAddressLine2")),
                _clean(row.get("postalAddressTownCity")))
    parts = [p.strip() for p in _clean(row.get("address")).split(",") if p.strip()]
    if not parts:
        return "", "", ""
    town = parts[-1] if len(parts) > 1 else ""
    middle = ", ".join(parts[1:-1]) if len(parts) > 2 else ""
    return parts[0], middle, town


def _row(number: int, row: dict, fmt: str, warnings: list[str]) -> NormalisedRow | RowError:
    reasons: list[str] = []
    get = row.get
    location = _clean(get("locationId") if fmt == API else get("cqc_id"))
    if not location:
        reasons.append("The CQC location ID is missing")
    elif not CQC_ID.match(location):
        reasons.append(f"CQC location ID '{location}' is not in the format 1- followed by digits")
    name = _clean(get("name"))
    if not name:
        reasons.append("The location name is missing")
    raw_postcode = _clean(get("postalCode") if fmt == API else get("postcode"))
    postcode = normalise_postcode(raw_postcode)
    if not raw_postcode:
        reasons.append("The postcode is missing")
    elif not postcode:
        reasons.append(f"Postcode '{raw_postcode}' is not a UK postcode")
    line1, line2, town = _address(row, fmt)
    if not line1:
        reasons.append("The address is missing")

    provider_id = None
    if fmt == API:
        provider_name = _clean(get("providerName")) or _clean(get("organisationName"))
        provider_id = _clean(get("providerId")) or None
        if provider_id and not CQC_ID.match(provider_id):
            reasons.append(f"CQC provider ID '{provider_id}' is not in the format 1- followed by digits")
        kinds = [GAC_SERVICE_TYPES.get(t.lower()) for t in _split(get("gacServiceTypes", ""))]
        unknown = [t for t, k in zip(_split(get("gacServiceTypes", "")), kinds, strict=True) if k is None]
        types = sorted({k for k in kinds if k})
        if unknown:
            warnings.append(f"Row {number}: service types not bought by the council were ignored: {', '.join(unknown)}")
        latitude = _coordinate(get("onspdLatitude"), -90, 90, "Latitude", reasons)
        longitude = _coordinate(get("onspdLongitude"), -180, 180, "Longitude", reasons)
        beds = None
        if not _blank(get("numberOfBeds")):
            try:
                beds = int(get("numberOfBeds").strip())
                if beds < 0:
                    raise ValueError
            except ValueError:
                reasons.append(f"Number of beds '{get('numberOfBeds').strip()}' is not a whole number")
        rating_text = _clean(get("currentRatings.overall.rating"))
        rating = CQC_RATING_TEXT.get(rating_text.lower()) if rating_text else None
        if rating_text and rating is None:
            reasons.append(f"Rating '{rating_text}' is not a CQC rating")
        rating_date = _date(get("currentRatings.overall.reportDate", ""), reasons, "Rating date")
        specialisms, ignored = [], []
        for text in _split(get("specialisms", "")):
            code = SPECIALISMS.get(text.lower())
            (specialisms.append(code) if code else ignored.append(text))
        if ignored:
            warnings.append(f"Row {number}: specialisms not recognised were ignored: {', '.join(ignored)}")
        deregistered = _clean(get("registrationStatus")).lower() == "deregistered"
        telephone, website = _clean(get("mainPhoneNumber")), _clean(get("website"))
    else:
        provider_name = _clean(get("provider"))
        kinds = _split(_clean(get("type")))
        types = sorted({code for kind in kinds for code in DIRECTORY_TYPES.get(kind.lower(), [])})
        unknown = [kind for kind in kinds if kind.lower() not in DIRECTORY_TYPES]
        if unknown and types:
            warnings.append(f"Row {number}: types not bought by the council were ignored: {', '.join(unknown)}")
        elif unknown:
            reasons.append(f"Type '{get('type').strip()}' is not a kind of service the council buys")
        latitude = _coordinate(get("lat"), -90, 90, "Latitude", reasons)
        longitude = _coordinate(get("lon"), -180, 180, "Longitude", reasons)
        beds, rating, specialisms, deregistered = None, None, [], False
        rating_date = _date(get("inspection_date", ""), reasons, "Inspection date")
        telephone, website = _clean(get("telephone")), _clean(get("website"))
    if not types:
        reasons.append("No service type the council buys: give a type such as 'Nursing homes'")
    if not provider_name:
        reasons.append("The provider name is missing")
    if website and not website.startswith(("http://", "https://")):
        website = f"https://{website}"
    if reasons:
        return RowError(number, reasons)
    return NormalisedRow(
        row=number, cqc_location_id=location, name=name, provider_name=provider_name, cqc_provider_id=provider_id,
        address_line_1=line1[:200], address_line_2=line2[:200], town=(town or "Unknown")[:100], postcode=postcode,
        latitude=latitude, longitude=longitude, service_types=types, specialisms=sorted(set(specialisms)), beds=beds,
        cqc_rating=rating, cqc_rating_date=rating_date, telephone=telephone[:30], website=website[:200],
        deregistered=deregistered,
    )


def parse_cqc_csv(text: str) -> ParseResult:
    """Validate every row of a CQC file; good rows are normalised, bad ones reported with reasons."""
    if not text.strip():
        return ParseResult(format=None, file_error="The file is empty")
    reader = csv.DictReader(io.StringIO(text))
    header = {h.strip() for h in (reader.fieldnames or []) if h}
    if header >= DIRECTORY_COLUMNS:
        fmt = DIRECTORY
    elif header >= API_COLUMNS:
        fmt = API
    else:
        return ParseResult(format=None, file_error=(
            "The header is not a CQC format: expected the care directory columns "
            f"({', '.join(sorted(DIRECTORY_COLUMNS))}) or CQC API location fields "
            f"({', '.join(sorted(API_COLUMNS))})"))
    result = ParseResult(format=fmt)
    seen: dict[str, int] = {}
    for index, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): v for k, v in raw.items()}
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        result.total_rows += 1
        parsed = _row(index, row, fmt, result.warnings)
        if isinstance(parsed, NormalisedRow):
            if parsed.cqc_location_id in seen:
                result.errors.append(RowError(index, [
                    f"CQC location ID {parsed.cqc_location_id} is also on row {seen[parsed.cqc_location_id]}"]))
                continue
            seen[parsed.cqc_location_id] = index
            result.rows.append(parsed)
        else:
            result.errors.append(parsed)
    if result.total_rows == 0:
        result.file_error = "The file has a header but no rows"
    return result


