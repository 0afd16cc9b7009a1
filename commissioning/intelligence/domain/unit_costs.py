"""Reading NHS Digital's "Personal Social Services: Expenditure and Unit Costs" council-level CSV.

The official file is Latin-1 (the pound sign is byte 0xA3). Its first row holds region codes over
the council columns, its second the headers: six describing columns (support type, age category,
primary support reason, service delivery mechanism, unit cost category, unit cost provision) then
one column per council (`507 - Derby`), per region (`East Midlands`) and `England`. Data rows follow;
the file ends with blank rows and footnotes, which are kept as notes and are never data. A value of
`:` means the figure is unavailable and `.` that it could not be calculated (a zero or a missing
part); both are kept as markers with no value, never as zero. Any other cell that is not a number
refuses the file, with its row and column. Numerators are £ thousands of gross expenditure,
denominators care weeks, unit costs £ a week (the file's own notes).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

DESCRIBING = ("support_type", "age_category", "primary_support_reason", "delivery_mechanism", "measure", "provision")
MEASURES = {"Numerator", "Denominator", "Unit costs"}
UNAVAILABLE, NOT_CALCULABLE = "unavailable", "not_calculable"
MARKERS = {":": UNAVAILABLE, ".": NOT_CALCULABLE}
_COUNCIL = re.compile(r"^\s*(\d{3})\s*-\s*(.+?)\s*$")


@dataclass(frozen=True)
class Area:
    """A column of the file: a council (CASSR code and name), a region or England."""

    code: str
    name: str
    kind: str  # "council", "region" or "england"


@dataclass(frozen=True)
class Figure:
    """One cell: what it measures, for which area, and its value or the marker in its place."""

    support_type: str
    age_category: str
    primary_support_reason: str
    delivery_mechanism: str
    measure: str
    provision: str
    area: Area
    value: Decimal | None
    marker: str = ""


@dataclass
class Parsed:
    """The file read whole: its areas, its figures and its footnotes, or why it was refused."""

    areas: list[Area] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    data_rows: int = 0


def decode(content: bytes) -> str:
    """The file's text: UTF-8 when it is valid UTF-8, else Latin-1 as NHS Digital publishes it."""
    if b"\x00" in content:
        raise ValueError("The selected file is not a CSV file")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def parse_number(cell: str) -> tuple[Decimal | None, str]:
    """A cell as (value, marker): a number, or None with `unavailable` / `not_calculable`."""
    text = cell.strip().replace(",", "")
    if text in MARKERS:
        return None, MARKERS[text]
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{cell.strip()[:40]}” is not a number, “:” or “.”") from None
    if not value.is_finite():
        raise ValueError(f"“{cell.strip()[:40]}” is not a number, “:” or “.”")
    return value, ""


def _areas(header: list[str]) -> list[Area]:
    areas = []
    for cell in header[len(DESCRIBING):]:
        name = cell.strip()
        match = _COUNCIL.match(name)
        if match:
            areas.append(Area(match.group(1), match.group(2), "council"))
        elif name == "England":
            areas.append(Area("england", "England", "england"))
        elif name:
            areas.append(Area(name.lower().replace(" ", "-"), name, "region"))
        else:
            areas.append(Area("", "", ""))
    return areas


def parse_unit_costs(text: str) -> Parsed:
    """Read the council-level unit-cost CSV; a file that is not that CSV, or has a bad cell, is refused."""
    parsed = Parsed()
    rows = list(csv.reader(io.StringIO(text)))
    header_at = next((i for i, row in enumerate(rows[:5]) if row and row[0].strip().lower() == "support type"), None)
    if header_at is None:
        parsed.errors.append("The file is not NHS Digital's unit cost CSV: no row starts with “Support type”")
        return parsed
    header = rows[header_at]
    parsed.areas = _areas(header)
    if not any(a.kind == "council" for a in parsed.areas):
        parsed.errors.append("The file has no council columns (headed like “507 - Derby”)")
        return parsed
    data_ended = False
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            data_ended = data_ended or parsed.data_rows > 0
            continue
        describing = [cell.strip() for cell in row[:len(DESCRIBING)]]
        if data_ended or len(describing) < len(DESCRIBING) or describing[4] not in MEASURES:
            if not any(cell.strip() for cell in row[1:]):
                parsed.notes.append(" ".join(row[0].split()))
                data_ended = True
                continue
            parsed.errors.append(f"Row {number}: the unit cost category must be Numerator, Denominator or "
                                 "Unit costs")
            continue
        if len(row) < len(header):
            parsed.errors.append(f"Row {number}: the row has {len(row)} cells but the headers name {len(header)}")
            continue
        parsed.data_rows += 1
        for area, cell in zip(parsed.areas, row[len(DESCRIBING):], strict=False):
            if not area.kind:
                continue
            try:
                value, marker = parse_number(cell)
            except ValueError as error:
                parsed.errors.append(f"Row {number}, column {area.name}: {error}")
                continue
            parsed.figures.append(Figure(*describing, area=area, value=value, marker=marker))
    if not parsed.data_rows and not parsed.errors:
        parsed.errors.append("The file has headers but no figures")
    return parsed
