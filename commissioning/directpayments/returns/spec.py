"""The Client Level Data specification, read from the shared release file (`SHARED_DATA_DIR/cld/`),
never copied: each field's position, its type, its permitted values where the file lists them, and the
rule that makes it mandatory, which the file gives in words and `MANDATORY` states as code."""
import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

SPEC_FILE = Path("cld") / "cld_release2_fields.csv"


class Rule:
    """When a field must be given (the release file's `mandatory_rule`, as code)."""

    ALWAYS = "every row"
    NOT_REQUEST = "every row except Request events"
    EVENT = "every event row, unless the client is a carer known by association"
    NOT_SERVICE = "Request, Assessment and Review events, and any row with a date of death"
    REQUEST = "Request events"
    ASSESSMENT = "Assessment events"
    SERVICE = "Service events"
    REVIEW = "Review events"
    PLANNED_REVIEW = "Review events whose review reason is planned"
    FUNDING = "Service and Review events of service users"
    EMPLOYMENT = "service users aged 18 to 64 whose primary support reason is Learning Disability Support"
    COST = ("Service events not delivered as CASSR commissioned support that are long-term or unpaid carer "
            "support, or short-term residential or nursing care")
    OPTIONAL = ""


# Field name → rule. Fields not named here are optional. The rules are the release file's words.
MANDATORY = {
    "LA Code": Rule.ALWAYS, "Reporting Period Start Date": Rule.ALWAYS, "Reporting Period End Date": Rule.ALWAYS,
    "NHS Number": Rule.ALWAYS, "LA Person Unique Identifier": Rule.ALWAYS, "Gender": Rule.ALWAYS,
    "Ethnicity": Rule.ALWAYS, "Date of Birth": Rule.ALWAYS, "Client Type": Rule.ALWAYS, "Postcode": Rule.ALWAYS,
    "Accommodation Status": Rule.ALWAYS, "Has Unpaid Carer": Rule.ALWAYS,
    "Primary Support Reason": Rule.NOT_REQUEST,
    "Employment Status": Rule.EMPLOYMENT,
    "Client Funding Status": Rule.FUNDING,
    "Event Type": Rule.EVENT, "Event Start Date": Rule.EVENT, "Event Outcome": Rule.EVENT,
    "Event End Date": Rule.NOT_SERVICE,
    "Request: Route of Access": Rule.REQUEST,
    "Assessment Type": Rule.ASSESSMENT, "Method of Assessment": Rule.ASSESSMENT,
    "Service Type": Rule.SERVICE, "Service Component": Rule.SERVICE,
    "Review Reason": Rule.REVIEW, "Method of Review": Rule.REVIEW,
    "Review Outcomes Achieved": Rule.PLANNED_REVIEW,
    "Unit Cost": Rule.COST, "Cost Frequency (Unit Type)": Rule.COST, "Planned units per week": Rule.COST,
}


@dataclass(frozen=True)
class Field:
    name: str
    position: int | None
    kind: str  # "date", "numeric", "list" or "text"
    permitted: tuple[str, ...]
    strength: str  # "full": a value outside the list fails; "partial": it is only a warning; "" no list
    prefixes: tuple[str, ...]  # list entries the file gives as a beginning ("week…")
    rule: str
    personal: bool

    @property
    def column(self) -> str:
        return self.name


@dataclass(frozen=True)
class Spec:
    fields: tuple[Field, ...]
    source: str

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _permitted(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(strength, exact values, prefixes) from the file's `permitted_values` words."""
    text = text.strip()
    strength = "full" if text.startswith(("FULL", "LIKELY FULL")) else "partial" if text.startswith("PARTIAL") else ""
    match = re.match(r"^(?:LIKELY FULL|FULL|PARTIAL)(?:\s*\([^)]*\))?:\s*(.*)$", text, re.S)
    if not strength or match is None or " | " not in match.group(1):
        return "", (), ()  # no list, or a list described in words only
    listed = match.group(1)
    listed = re.split(r"\.\s+\(", listed, maxsplit=1)[0].rstrip(". ")
    values, prefixes = [], []
    for value in (v.strip() for v in listed.split(" | ")):
        if value.endswith("…"):
            prefixes.append(value[:-1].lower())
        elif value:
            values.append(value)
    return strength, tuple(values), tuple(prefixes)


def _kind(type_text: str) -> str:
    t = type_text.lower()
    if t.startswith("date"):
        return "date"
    if t.startswith("numeric"):
        return "numeric"
    if t.startswith("defined list"):
        return "list"
    return "text"


def spec_path() -> Path:
    return Path(settings.SHARED_DATA_DIR) / SPEC_FILE


@lru_cache(maxsize=4)
def _load(path: str) -> Spec:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = []
    for row in rows:
        strength, values, prefixes = _permitted(row["permitted_values"])
        position = int(row["position"]) if row["position"].strip() else None
        fields.append(Field(name=row["field"].strip(), position=position, kind=_kind(row["type"]),
                            permitted=values, strength=strength, prefixes=prefixes,
                            rule=MANDATORY.get(row["field"].strip(), Rule.OPTIONAL),
                            personal="personal data" in row["type"]))
    # The release's order: LA Code (no position: submission information) first, then by position.
    fields.sort(key=lambda f: -1 if f.position is None else f.position)
    return Spec(fields=tuple(fields), source=str(path))


def load_spec(path: Path | None = None) -> Spec:
    """The specification as the release file gives it; FileNotFoundError when the file is not there."""
    return _load(str(path or spec_path()))


def choices_for(name: str, spec: Spec | None = None) -> list[tuple[str, str]] | None:
    """A full list's values as form choices, or None when the file gives no full list for the field."""
    spec = spec or load_spec()
    field = spec.field(name)
    if field.strength != "full":
        return None
    return [(v, v) for v in field.permitted]


def listed_values(name: str, spec: Spec | None = None) -> tuple[str, ...]:
    """The values the file lists for a field (full or partial)."""
    spec = spec or load_spec()
    return spec.field(name).permitted
