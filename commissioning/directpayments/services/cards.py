"""Prepaid-card statements: a CSV of what each card bought, from whom, and the balance after it.
The file is checked whole first: one bad row and nothing is imported, with every row's reasons. Then,
for each card, its latest balance is set against the configured number of weeks' payments; above it,
a balance review is opened with a reason the person can be given. Nothing is reclaimed here."""
import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, audit_record
from commissioning.core.money import format_pounds, pounds_to_pence
from commissioning.providers.models import Provider

from ..choices import Bought, HeldAs, PayeeType, ReviewStatus
from ..models import BalanceReview, CardStatementImport, CardTransaction, DirectPaymentAgreement

COLUMNS = ["card_reference", "date", "payee", "payee_type", "bought", "amount", "balance"]
OPTIONAL = ["hours"]


@dataclass
class ImportRefused(Exception):
    """The file was refused whole: a reason for the file, or every bad row's reasons."""

    reasons: list[str]

    def __str__(self):
        return "; ".join(self.reasons)


def _date(text: str) -> date | None:
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    return None


def _pounds(text: str, *, negative=False) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace("£", "").replace(",", ""))
    except InvalidOperation:
        return None
    if not value.is_finite() or value.as_tuple().exponent < -2 or (value < 0 and not negative):
        return None
    return value


def _by_label(choices, text: str) -> str | None:
    wanted = text.strip().lower()
    return next((value for value, label in choices.choices if label.lower() == wanted), None)


def surplus_reason(*, balance_pence: int, on: date, weeks: int, weekly_pence: int) -> str:
    """Why the balance is being reviewed, in words the person can be given."""
    threshold = weeks * weekly_pence
    return (f"On {on:%-d %B %Y} your direct payment card held {format_pounds(balance_pence)}. That is more than "
            f"{weeks} weeks of your payments ({weeks} × {format_pounds(weekly_pence)} = {format_pounds(threshold)}). "
            "We will talk with you about whether your support is working as planned and whether some of the "
            "money should come back to the council. Nothing is taken back until we have decided with you and "
            "told you why.")


def _parse(content: bytes, today: date):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(["The file is not text in UTF-8: save it from the spreadsheet as CSV UTF-8"]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportRefused([f"The file has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}: "
                             f"the columns are {', '.join(COLUMNS + OPTIONAL)}"])
    cards = {a.account_reference: a for a in DirectPaymentAgreement.objects.all()}
    providers = {p.name.lower(): p for p in Provider.objects.all()}
    rows, reasons = [], []
    for number, raw in enumerate(reader, start=2):
        raw = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        problems = []
        agreement = cards.get(raw["card_reference"])
        if agreement is None:
            problems.append(f"the card {raw['card_reference'] or '(empty)'} is not a direct payment's card")
        elif agreement.held_as != HeldAs.CARD:
            problems.append(f"the card {raw['card_reference']} belongs to a direct payment held as "
                            f"{agreement.get_held_as_display().lower()}, not a prepaid card")
        spent_on = _date(raw["date"])
        if spent_on is None:
            problems.append(f"the date {raw['date'] or '(empty)'} is not a date like 31/03/2026")
        elif spent_on > today:
            problems.append("the date is in the future")
        elif agreement is not None and spent_on < agreement.start_date:
            problems.append("the date is before the direct payment started")
        if not raw["payee"]:
            problems.append("the payee is empty")
        payee_type = _by_label(PayeeType, raw["payee_type"])
        if payee_type is None:
            problems.append(f"the payee type {raw['payee_type'] or '(empty)'} is not one of "
                            f"{', '.join(PayeeType.labels)}")
        bought = _by_label(Bought, raw["bought"])
        if bought is None:
            problems.append(f"what was bought, {raw['bought'] or '(empty)'}, is not one of {', '.join(Bought.labels)}")
        amount = _pounds(raw["amount"])
        if amount is None:
            problems.append(f"the amount {raw['amount'] or '(empty)'} is not an amount in pounds and pence, "
                            "0 or more")
        balance = _pounds(raw["balance"], negative=True)
        if balance is None:
            problems.append(f"the balance {raw['balance'] or '(empty)'} is not an amount in pounds and pence")
        hours = None
        if raw.get("hours"):
            hours = _pounds(raw["hours"])
            if hours is None:
                problems.append(f"the hours {raw['hours']} are not a number of hours, like 7.5")
        if problems:
            reasons.append(f"Row {number}: " + "; ".join(problems))
            continue
        rows.append(CardTransaction(agreement=agreement, row=number, spent_on=spent_on, payee=raw["payee"][:200],
                                    payee_type=payee_type, bought=bought, provider=providers.get(raw["payee"].lower()),
                                    hours=hours, amount_pence=pounds_to_pence(amount),
                                    balance_pence=pounds_to_pence(balance)))
    if reasons:
        raise ImportRefused(reasons)
    if not rows:
        raise ImportRefused(["The file has no rows after its header"])
    return rows


@transaction.atomic
def card_statement_import(*, by, file_name: str, content: bytes, today: date | None = None) -> CardStatementImport:
    """Import the whole file or nothing (ImportRefused with every reason); flag balances above the
    configured weeks' payments for review."""
    today = today or timezone.localdate()
    digest = hashlib.sha256(content).hexdigest()
    seen = CardStatementImport.objects.filter(sha256=digest).first()
    if seen is not None:
        raise ImportRefused([f"This file was imported on {timezone.localtime(seen.imported_at):%-d %B %Y}: "
                             "nothing was imported again"])
    rows = _parse(content, today)
    statement = CardStatementImport.objects.create(file_name=file_name[:255], sha256=digest, imported_by=by,
                                                   rows=len(rows))
    for row in rows:
        row.statement = statement
    CardTransaction.objects.bulk_create(rows)
    weeks = settings.DIRECT_PAYMENT_SURPLUS_WEEKS
    latest: dict[int, CardTransaction] = {}
    for row in rows:
        if row.agreement_id not in latest or (row.spent_on, row.row) > (latest[row.agreement_id].spent_on,
                                                                        latest[row.agreement_id].row):
            latest[row.agreement_id] = row
    flagged = 0
    for row in latest.values():
        agreement = row.agreement
        threshold = weeks * agreement.weekly_pence
        if row.balance_pence <= threshold:
            continue
        if agreement.balance_reviews.filter(status=ReviewStatus.OPEN).exists():
            continue
        review = BalanceReview.objects.create(
            agreement=agreement, statement=statement, balance_on=row.spent_on, balance_pence=row.balance_pence,
            threshold_pence=threshold, weeks=weeks,
            reason=surplus_reason(balance_pence=row.balance_pence, on=row.spent_on, weeks=weeks,
                                  weekly_pence=agreement.weekly_pence))
        audit_record(actor=by, action=Action.CREATED, obj=review,
                     note=f"Balance {format_pounds(row.balance_pence)} above {format_pounds(threshold)}")
        flagged += 1
    statement.flagged = flagged
    statement.save(update_fields=["flagged"])
    audit_record(actor=by, action=Action.CREATED, obj=statement,
                 note=f"{len(rows)} purchase{'s' if len(rows) != 1 else ''} imported, {flagged} balance"
                      f"{'s' if flagged != 1 else ''} flagged for review")
    return statement


def refusal_as_validation(error: ImportRefused) -> ValidationError:
    return ValidationError({"file": error.reasons})
