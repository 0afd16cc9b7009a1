"""Reading the payments the finance system made on contracts that are not lists, from a CSV of its
export (ADR 0026): every row checked before anything is written; a payment already recorded with
the same date and amount is left as it is, so importing the same export twice counts nothing twice."""
from dataclasses import dataclass

from django.db import transaction

from commissioning.core.audit import Action, audit_record
from commissioning.core.money import format_pounds

from .forms import PaymentForm
from .imports import ImportReport, RowResult, csv_rows, date_parts, pounds_text
from .models import Contract, ContractPayment
from .services import payment_record
from .services.funding import payment_problems

PAYMENT_COLUMNS = ["Contract reference", "Date paid", "Amount (£)", "Payment reference", "Description"]
REQUIRED = ("Contract reference", "Date paid", "Amount (£)", "Payment reference")


@dataclass
class PaymentImportReport(ImportReport):
    already: int = 0  # rows recorded by an earlier import, left as they are


def _row(number: int, row: dict, contracts: dict, recorded: dict, seen: set) -> tuple[RowResult, bool]:
    """A row checked through the payment form and the service's rules; True when it is already recorded."""
    reference = (row.get("Payment reference") or "").strip()
    result = RowResult(number=number, reference=reference)
    problems = result.problems
    problems.extend(f"{column} is missing" for column in REQUIRED if not (row.get(column) or "").strip())
    wanted = (row.get("Contract reference") or "").strip()
    contract = contracts.get(wanted)
    if wanted and contract is None:
        problems.append(f"No contract in the register has the reference {wanted}")
    elif contract is not None and contract.approved_list_id:
        problems.append(f"{wanted} is an approved list's entry: its spend is its call-offs' invoices")
    data = {"amount": pounds_text(row.get("Amount (£)")), "reference": reference,
            "description": (row.get("Description") or "").strip()}
    date_parts(row.get("Date paid") or "", "paid_on", data, "Date paid", problems)
    if problems:
        return result, False
    key = (contract.pk, reference.lower())
    if key in seen:
        problems.append(f"Payment {reference} of {wanted} is on an earlier row of this file")
        return result, False
    seen.add(key)
    form = PaymentForm(data, instance=ContractPayment(contract=contract))
    if not form.is_valid():
        problems.extend(f"{form.fields[name].label}: {e}" if name in form.fields else e
                        for name, errors in form.errors.items() for e in errors)
        return result, False
    payment = form.instance
    earlier = recorded.get(key)
    if earlier is not None:
        if (earlier.paid_on, earlier.amount_pence) == (payment.paid_on, payment.amount_pence):
            return result, True
        problems.append(f"Payment {reference} is already recorded on {wanted} as {format_pounds(earlier.amount_pence)} "
                        f"paid {earlier.paid_on:%-d %B %Y}: correct it on the contract's page")
        return result, False
    problems.extend(payment_problems(contract=contract, payment=payment).values())
    result.form = form
    return result, False


def read_payments(content: bytes) -> PaymentImportReport:
    """Check every row of a payments CSV: the contracts and earlier payments are read once."""
    contracts = {c.reference: c for c in Contract.objects.all()}
    recorded = {(p.contract_id, p.reference.lower()): p for p in ContractPayment.objects.all()}
    report, seen = PaymentImportReport(rows=[]), set()
    for number, row in csv_rows(content, PAYMENT_COLUMNS, "payments"):
        result, already = _row(number, row, contracts, recorded, seen)
        if already:
            report.already += 1
        else:
            report.rows.append(result)
    return report


@transaction.atomic
def payments_import(*, content: bytes, file_name: str, by, good_rows_only: bool = False) -> PaymentImportReport:
    """Import a payments CSV: every new payment when all rows are good; when some are refused,
    nothing, unless the user chose to import only the good rows."""
    report = read_payments(content)
    if report.bad and not good_rows_only:
        return report
    for row in report.good:
        payment_record(payment=row.form.instance, by=by)
        report.imported += 1
    report.created = report.imported
    audit_record(actor=by, action=Action.UPDATED, obj=by,
                 note=f"Contract payments imported from {file_name[:100]}: {report.imported} recorded, "
                      f"{report.already} already recorded, {len(report.bad)} row(s) refused")
    return report
