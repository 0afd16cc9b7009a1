"""Formats of the identifiers the register holds."""
import re

from django.core.exceptions import ValidationError

CQC_ID = re.compile(r"^1-\d{5,12}$")
COMPANIES_HOUSE = re.compile(r"^(\d{8}|[A-Z]{2}\d{6})$")
UK_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")


def validate_cqc_id(value: str) -> None:
    if not CQC_ID.match(value or ""):
        raise ValidationError("Enter a CQC ID in the format 1- followed by digits, like 1-101641521")


def validate_companies_house_number(value: str) -> None:
    if not COMPANIES_HOUSE.match(value or ""):
        raise ValidationError("Enter a Companies House number of 8 digits, or 2 letters and 6 digits, like 04273753")


def normalise_postcode(value: str) -> str:
    """A UK postcode in upper case with one space before the inward code, or '' if invalid."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    match = UK_POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else ""


def validate_postcode(value: str) -> None:
    if not normalise_postcode(value):
        raise ValidationError("Enter a real postcode, like DE1 2FS")


POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")


def normalise_district(value: str) -> str:
    """A postcode district (outward code) in upper case, or '' when it is not one."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    return compact if POSTCODE_DISTRICT.match(compact) else ""


def validate_postcode_district(value: str) -> None:
    if not normalise_district(value):
        raise ValidationError(f"Enter a postcode district like DE1 or DE22, not ‘{value}’")
