"""Keeping a person's identity out of the free text a provider reads.

The problem: a social worker writes the needs and outcomes of a request in their own words, and
every invited provider reads them. Providers must never learn who the person is (ADR 0007): they
see a pseudonymous reference and the postcode district only. People write identity in many shapes:
"Mr Allsop's wife", "A. Allsop", "DOB 1/1/1936", "1st Jan 1936", "de22-3ab".

The method: from the person's own record (name, date of birth, postcode) build patterns for the
shapes people write, and look for them in the text:
- names: the full name; the surname as a whole word in any case (so with a title, an initial or a
  possessive); a forename as a whole word when written with a capital, as a name is;
- the date of birth: day, month and year in any order people use (day-month-year, month-day-year,
  year-month-day), with any of `/ - . ` or nothing between them, with or without leading zeros,
  two- or four-digit years, and month names or their abbreviations with or without an ordinal
  ("1st", "the 1st of"); and any date at all written after "born", "DOB" or "date of birth";
- the postcode: its letters and digits in order with any spacing or punctuation between them, in
  any case, not inside a longer word.
Each finding says what to remove, so the writer can fix the text.

The limits: it knows only this person's identity, so it cannot catch a relative's name; a surname
that is also an ordinary word ("Day") is refused wherever it stands as a word, which errs on the
side of the person's privacy; names shorter than two letters are not matched on their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_SEP = r"[\s./\-]?"
_TEXT_SEP = r"[\s,./\-]*"
_NOT_DIGIT_BEFORE, _NOT_DIGIT_AFTER = r"(?<!\d)", r"(?!\d)"
_ANY_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
             r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ANY_DATE = (r"(?:\d{1,4}[\s./\-]\d{1,2}[\s./\-]\d{2,4}|\d{6,8}|"
             rf"\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?{_TEXT_SEP}{_ANY_MONTH}{_TEXT_SEP}\d{{2,4}}|"
             rf"{_ANY_MONTH}{_TEXT_SEP}\d{{1,2}}(?:st|nd|rd|th)?{_TEXT_SEP}\d{{2,4}})")
_LABELLED_DATE = re.compile(rf"\b(?:born|d\.?o\.?b\.?|date\s+of\s+birth)\b[\s:,-]*(?:on\s+)?(?:the\s+)?{_ANY_DATE}",
                            re.IGNORECASE)


@dataclass(frozen=True)
class Identity:
    """What identifies a person: their name, date of birth and postcode, as held by the council."""

    name: str = ""
    date_of_birth: date | None = None
    postcode: str = ""


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _number(value: int) -> str:
    return rf"0?{value}" if value < 10 else str(value)


def _month_name(month: int) -> str:
    full = MONTHS[month - 1]
    return rf"(?:{re.escape(full)}|{full[:3]}{'t' if month == 9 else ''}\.?|{full[:3]}\.?)"


def date_patterns(born: date) -> list[re.Pattern]:
    """Patterns for `born` written the ways people write a date of birth."""
    day, month = _number(born.day), _number(born.month)
    year = rf"(?:{born.year}|'?{born.year % 100:02d})"
    long_year = str(born.year)
    named_day = rf"{born.day}(?:{_ordinal(born.day)})?|0{born.day}" if born.day < 10 else \
        rf"{born.day}(?:{_ordinal(born.day)})?"
    named_day = rf"(?:the\s+)?(?:{named_day})(?:\s+of)?"
    shapes = [
        rf"{day}{_SEP}{month}{_SEP}{year}",
        rf"{month}{_SEP}{day}{_SEP}{year}",
        rf"{long_year}{_SEP}{month}{_SEP}{day}",
        rf"{born.day:02d}{born.month:02d}{long_year}",
        rf"{long_year}{born.month:02d}{born.day:02d}",
        rf"{named_day}{_TEXT_SEP}{_month_name(born.month)}{_TEXT_SEP}{year}",
        rf"{_month_name(born.month)}{_TEXT_SEP}{named_day}{_TEXT_SEP}{year}",
    ]
    return [re.compile(rf"{_NOT_DIGIT_BEFORE}(?:{shape}){_NOT_DIGIT_AFTER}", re.IGNORECASE) for shape in shapes]


def postcode_pattern(postcode: str) -> re.Pattern | None:
    """The postcode's letters and digits in order, any spacing or punctuation between, any case."""
    characters = [c for c in postcode if c.isalnum()]
    if len(characters) < 5:
        return None
    body = r"[\s.\-_/]*".join(re.escape(c) for c in characters)
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", re.IGNORECASE)


def _name_parts(name: str) -> list[str]:
    return [part for part in re.split(r"[^\w'\-]+", name.strip()) if part]


def name_findings(text: str, name: str) -> list[str]:
    """The places `text` names the person: full name, surname in any case, or a capitalised forename."""
    parts = _name_parts(name)
    if not parts:
        return []
    found = []
    full = r"\s+".join(re.escape(p) for p in parts)
    found += [m.group(0) for m in re.finditer(rf"\b{full}\b", text, re.IGNORECASE)]
    surname = parts[-1]
    if len(surname) >= 2:
        prefix = r"(?:(?:mrs?|ms|miss|mx|dr)\.?\s+|[a-z]\.?\s*(?:[a-z]\.?\s*)?)?"
        found += [m.group(0).strip() for m in re.finditer(rf"\b{prefix}{re.escape(surname)}\b", text, re.IGNORECASE)]
    for forename in parts[:-1]:
        if len(forename) >= 2:
            written = rf"\b(?:{re.escape(forename[0].upper() + forename[1:].lower())}|{re.escape(forename.upper())})\b"
            found += [m.group(0) for m in re.finditer(written, text)]
    return found


def date_findings(text: str, born: date | None) -> list[str]:
    """The places `text` gives the date of birth, or any date labelled as one."""
    found = [m.group(0) for m in _LABELLED_DATE.finditer(text)]
    if born is not None:
        for pattern in date_patterns(born):
            found += [m.group(0) for m in pattern.finditer(text)]
    return found


def postcode_findings(text: str, postcode: str) -> list[str]:
    """The places `text` gives the full postcode, however it is spaced or cased."""
    pattern = postcode_pattern(postcode or "")
    return [m.group(0) for m in pattern.finditer(text)] if pattern else []


def _shown(found: list[str]) -> str:
    unique = list(dict.fromkeys(f.strip() for f in found if f.strip()))
    unique = [f for f in unique if not any(f != g and f.lower() in g.lower() for g in unique)]
    return ", ".join(f"“{f}”" for f in unique)


def identity_problems(text: str, identity: Identity, label: str) -> list[str]:
    """What to remove from the free text `label` before a provider may read it; empty when it is clean."""
    problems = []
    if names := name_findings(text, identity.name):
        problems.append(f"Remove the person's name from the {label} ({_shown(names)}): providers read this text")
    if dates := date_findings(text, identity.date_of_birth):
        problems.append(f"Remove the date of birth from the {label} ({_shown(dates)}): providers read this text")
    if postcodes := postcode_findings(text, identity.postcode):
        problems.append(f"Remove the full postcode from the {label} ({_shown(postcodes)}): providers see the "
                        "postcode district only")
    return problems
