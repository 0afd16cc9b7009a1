"""Reading a CQC file: the care directory CSV or a flat CSV of CQC API location fields.

Pure Python: it turns text into normalised rows and row errors, and knows nothing of the
database; the caller passes the register's limits (longest text, largest whole number) so that a
row that checks good always fits. Row numbers are as a spreadsheet shows them (the header is row 1).

Two kinds of problem: a row whose data breaks the register's rules (a missing postcode) is reported
and may be skipped on the person's choice; a file that cannot be read exactly as written (a NUL
byte, text that is not UTF-8, binary content, a row with more or fewer cells than the header, a
value too long or a number too large for the register) is malformed and refused whole.
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
    """What is wrong with one row; `malformed` when the file cannot be read as written there."""

    row: int
    reasons: list[str]
    malformed: bool = False


@dataclass(frozen=True)
class Limits:
    """The register's limits a good row must fit: the longest text per field, the largest number."""

    lengths: dict = field(default_factory=dict)
    largest_number: int = 2_147_483_647


# The fields of a normalised row, by the register field whose length limits them.
LENGTH_CHECKED = ("cqc_location_id", "name", "provider_name", "cqc_provider_id", "address_line_1",
                  "address_line_2", "town", "postcode", "telephone", "website")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class ParseResult:
    format: str | None
    total_rows: int = 0
    rows: list[NormalisedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    file_error: str = ""


def _line_of(content: bytes, offset: int) -> int:
    return content.count(b"\n", 0, offset) + 1


def decode(content: bytes) -> str:
    """Text of an uploaded file: UTF-8 (with or without a byte-order mark) with no NUL bytes or other
    control characters, else refused with the row where reading failed."""
    nul = content.find(b"\x00")
    if nul >= 0:
        raise ValueError(f"Row {_line_of(content, nul)} contains a NUL byte: the file is not a CSV file. "
                         "Save it from the spreadsheet as 'CSV UTF-8' and upload that")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"Row {_line_of(content, error.start)} is not UTF-8 text: the file must be saved as "
                         "UTF-8 CSV (in Excel: 'CSV UTF-8')") from error
    control = CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise ValueError(f"Row {line} contains a control character that a CSV file never holds: the file looks "
                         "like binary content, not a CSV file")
    return text


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


def _row(number: int, row: dict, fmt: str, warnings: list[str], limits: Limits) -> NormalisedRow | RowError:
    reasons: list[str] = []
    too_big: list[str] = []
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
                beds = None
            if beds is not None and beds > limits.largest_number:
                too_big.append(f"Number of beds {beds} is larger than the register can hold "
                               f"({limits.largest_number:,})")
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
    parsed = NormalisedRow(
        row=number, cqc_location_id=location, name=name, provider_name=provider_name, cqc_provider_id=provider_id,
        address_line_1=line1, address_line_2=line2, town=town or "Unknown", postcode=postcode or "",
        latitude=latitude, longitude=longitude, service_types=types, specialisms=sorted(set(specialisms)), beds=beds,
        cqc_rating=rating, cqc_rating_date=rating_date, telephone=telephone, website=website,
        deregistered=deregistered,
    )
    for name_ in LENGTH_CHECKED:
        longest, value = limits.lengths.get(name_), getattr(parsed, name_) or ""
        if longest and len(value) > longest:
            too_big.append(f"{name_.replace('_', ' ').capitalize().replace('Cqc', 'CQC')} is {len(value)} "
                           f"characters long; the register holds at most {longest}")
    if too_big:
        return RowError(number, too_big + reasons, malformed=True)
    if reasons:
        return RowError(number, reasons)
    return parsed


def parse_cqc_csv(text: str, limits: Limits | None = None) -> ParseResult:
    """Validate every row of a CQC file; good rows are normalised, bad ones reported with reasons."""
    limits = limits or Limits()
    if not text.strip():
        return ParseResult(format=None, file_error="The file is empty")
    reader = csv.reader(io.StringIO(text))
    try:
        names = [h.strip() for h in next(reader)]
    except csv.Error as error:
        return ParseResult(format=None, file_error=f"Row 1 cannot be read as CSV: {error}")
    header = {h for h in names if h}
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
    index = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            result.errors.append(RowError(index + 1, [f"The row cannot be read as CSV: {error}"], True))
            break
        index += 1
        if not any(c.strip() for c in cells):
            continue
        result.total_rows += 1
        if len(cells) != len(names):
            few = len(cells) < len(names)
            result.errors.append(RowError(index, [
                f"The row has {len(cells)} cells but the header has {len(names)}: "
                f"{'a cell is missing' if few else 'there is a cell too many'} (look for a stray comma or quote)"],
                True))
            continue
        row = dict(zip(names, cells, strict=True))
        parsed = _row(index, row, fmt, result.warnings, limits)
        if isinstance(parsed, NormalisedRow):
            if parsed.cqc_location_id in seen:
                result.errors.append(RowError(index, [
                    f"CQC location ID {parsed.cqc_location_id} is also on row {seen[parsed.cqc_location_id]}"]))
                continue
            seen[parsed.cqc_location_id] = index
            result.rows.append(parsed)
        else:
            result.errors.append(parsed)
    if result.total_rows == 0 and not result.errors:
        result.file_error = "The file has a header but no rows"
    return result


def malformed(result: ParseResult) -> list[RowError]:
    """The rows that make a file unreadable as written, so the whole file is refused."""
    return [e for e in result.errors if e.malformed]


