"""Reading a council's existing contracts register from a CSV of its spreadsheet (ADR 0026): every
row is checked, with the reasons for each refused row, before anything is written."""
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.core.audit import Action, audit_record
from commissioning.planning.models import Directorate
from commissioning.providers.models import Provider

from .choices import ContractKind, ContractStatus, Procedure
from .forms import ContractForm
from .models import Contract
from .services import contract_save

MOST_BYTES = 5 * 1024 * 1024
MOST_ROWS = 20_000
COLUMNS = ["Reference", "Title", "Department", "Description", "Supplier", "Companies House number",
           "Charity number", "Contract or grant", "Value (£)", "Value a year (£)",
           "VAT that cannot be recovered (£)", "Start date", "End date", "Review date", "Procedure", "SME", "VCSE",
           "Lead commissioner email", "Terms version", "Status"]
REQUIRED = {"Reference", "Title", "Department", "Value (£)", "Value a year (£)", "Start date", "End date",
            "Procedure", "Lead commissioner email"}
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}


class ImportRefused(Exception):
    """The file as a whole cannot be read: nothing in it is imported."""


@dataclass
class RowResult:
    number: int
    reference: str
    problems: list[str] = field(default_factory=list)
    form: ContractForm | None = None
    updates: bool = False


@dataclass
class ImportReport:
    rows: list[RowResult]
    imported: int = 0
    created: int = 0
    updated: int = 0

    @property
    def bad(self) -> list[RowResult]:
        return [r for r in self.rows if r.problems]

    @property
    def good(self) -> list[RowResult]:
        return [r for r in self.rows if not r.problems]


def _choice(value: str, choices, what: str, problems: list[str]) -> str:
    wanted = value.strip().lower()
    for code, label in choices:
        if wanted in (code.lower(), str(label).lower()):
            return code
    problems.append(f"{what} “{value}” is not one of: {', '.join(str(label) for _, label in choices)}")
    return ""


def date_parts(value: str, name: str, data: dict, what: str, problems: list[str]) -> None:
    value = value.strip()
    data.update({f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""})
    if not value:
        return
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"):
        try:
            parsed = datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        data.update({f"{name}_day": parsed.day, f"{name}_month": parsed.month, f"{name}_year": parsed.year})
        return
    problems.append(f"{what} “{value}” is not a date like 31/03/2027")


def _flag(value: str, what: str, problems: list[str]) -> bool:
    wanted = value.strip().lower()
    if wanted in YES:
        return True
    if wanted not in NO:
        problems.append(f"{what} must be Yes or No, not “{value}”")
    return False


def pounds_text(value: str) -> str:
    return re.sub(r"[£,\s]", "", value or "")


class _Lookups:
    """The register's directorates, suppliers and lead commissioners, read once for the whole file."""

    def __init__(self):
        self.directorates = {d.name.lower(): d for d in Directorate.objects.all()}
        self.leads = {u.email.lower(): u for u in User.objects.filter(role=Role.LEAD_COMMISSIONER, is_active=True)
                      if u.email}
        self.contracts = {c.reference: c for c in Contract.objects.all()}

    def supplier(self, name: str, company: str):
        providers = Provider.objects.all()
        if company.strip():
            return providers.filter(companies_house_number=company.strip().upper()).first()
        return providers.filter(name__iexact=name.strip()).first() if name.strip() else None


def _row_form(number: int, row: dict, lookups: _Lookups, seen: set[str]) -> RowResult:
    reference = (row.get("Reference") or "").strip()
    result = RowResult(number=number, reference=reference)
    problems = result.problems
    for column in sorted(REQUIRED):
        if not (row.get(column) or "").strip():
            problems.append(f"{column} is missing")
    if reference in seen:
        problems.append(f"Reference {reference} is on an earlier row of this file")
    seen.add(reference)
    existing = lookups.contracts.get(reference)
    if existing is not None and existing.approved_list_id:
        problems.append(f"{reference} is an approved list's entry: change it on the list")
    directorate = lookups.directorates.get((row.get("Department") or "").strip().lower())
    if row.get("Department", "").strip() and directorate is None:
        problems.append(f"Department “{row['Department']}” is not one of the council's directorates")
    supplier = lookups.supplier(row.get("Supplier") or "", row.get("Companies House number") or "")
    if (row.get("Supplier") or row.get("Companies House number") or "").strip() and supplier is None:
        problems.append(f"Supplier “{row.get('Supplier') or row.get('Companies House number')}” is not in the "
                        "provider register: add it there first")
    lead = lookups.leads.get((row.get("Lead commissioner email") or "").strip().lower())
    if (row.get("Lead commissioner email") or "").strip() and lead is None:
        problems.append(f"No lead commissioner has the email {row['Lead commissioner email']}")
    data = {
        "reference": reference, "title": (row.get("Title") or "").strip(),
        "description": (row.get("Description") or "").strip(),
        "directorate": directorate.pk if directorate else "", "supplier": supplier.pk if supplier else "",
        "supplier_charity_number": (row.get("Charity number") or "").strip(),
        "kind": _choice(row.get("Contract or grant") or "Contract", ContractKind.choices, "Contract or grant",
                        problems),
        "value": pounds_text(row.get("Value (£)")), "annual_value": pounds_text(row.get("Value a year (£)")),
        "irrecoverable_vat": pounds_text(row.get("VAT that cannot be recovered (£)")),
        "procedure": _choice(row.get("Procedure") or "", Procedure.choices, "Procedure", problems)
        if (row.get("Procedure") or "").strip() else "",
        "lead_commissioner": lead.pk if lead else "", "terms_version": (row.get("Terms version") or "").strip(),
        "status": _choice(row.get("Status") or "Live", ContractStatus.choices, "Status", problems),
    }
    if _flag(row.get("SME") or "", "SME", problems):
        data["supplier_is_sme"] = "on"
    if _flag(row.get("VCSE") or "", "VCSE", problems):
        data["supplier_is_vcse"] = "on"
    for column, name in (("Start date", "start_date"), ("End date", "end_date"), ("Review date", "review_date")):
        date_parts(row.get(column) or "", name, data, column, problems)
    form = ContractForm(data, instance=existing if existing and not existing.approved_list_id else None)
    if not problems and not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            problems.extend(f"{label}: {e}" if label else e for e in errors)
    result.form, result.updates = form, existing is not None
    return result


def csv_rows(content: bytes, columns: list[str], noun: str):
    """The rows of an uploaded CSV with named columns, numbered as the spreadsheet numbers them (the
    header is row 1), blank rows left out; a file that cannot be read at all is refused whole."""
    if len(content) > MOST_BYTES:
        raise ImportRefused("The file must be smaller than 5 MB")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused("The file must be a CSV saved as UTF-8") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in columns if c not in header]
    if missing:
        raise ImportRefused(f"The file has no column {', '.join(missing)}: the first row must name the columns "
                            f"{', '.join(columns)}")
    reader.fieldnames = header
    rows = []
    for number, row in enumerate(reader, start=2):
        if number - 1 > MOST_ROWS:
            raise ImportRefused(f"The file has more than {MOST_ROWS:,} rows")
        if any((v or "").strip() for v in row.values() if isinstance(v, str)):
            rows.append((number, row))
    if not rows:
        raise ImportRefused(f"The file has no rows of {noun}")
    return rows


def read_register(content: bytes) -> ImportReport:
    """Check every row of a register CSV; a file that cannot be read at all is refused whole."""
    lookups, seen = _Lookups(), set()
    return ImportReport(rows=[_row_form(number, row, lookups, seen)
                              for number, row in csv_rows(content, COLUMNS, "contracts")])


@transaction.atomic
def register_import(*, content: bytes, file_name: str, by, good_rows_only: bool = False) -> ImportReport:
    """Import a register CSV: all of it when every row is good; when some rows are refused, nothing,
    unless the user chose to import only the good rows. A reference already in the register updates
    that contract rather than adding another; each entry's history names the file and row."""
    report = read_register(content)
    if report.bad and not good_rows_only:
        return report
    for row in report.good:
        contract_save(contract=row.form.instance, by=by, note=f"Imported from {file_name[:100]}, row {row.number}")
        report.imported += 1
        report.updated += row.updates
    report.created = report.imported - report.updated
    audit_record(actor=by, action=Action.UPDATED, obj=by,
                 note=f"Contracts register imported from {file_name[:100]}: {report.created} added, "
                      f"{report.updated} updated, {len(report.bad)} row(s) refused")
    return report


__all__ = ["COLUMNS", "ImportRefused", "csv_rows", "read_register", "register_import"]
