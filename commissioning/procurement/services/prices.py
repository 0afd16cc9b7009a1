"""Writes of prices: a lot's price lines (set up while the list is a draft) and the annual rate
review that changes members' prices from an effective date, with history."""
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.core.audit import Action, Source, audit_record
from commissioning.core.money import pence_to_pounds

from ..choices import ListStatus
from ..models import Lot, MemberPrice, Membership, PriceLine

MOST_PENCE = 100_000_00  # £100,000.00: no price line of a care lot is higher


def format_pence(pence: int) -> str:
    """£18.00: prices always with their pence, as in the messages providers read."""
    return f"£{pence_to_pounds(pence):,.2f}"


def _check_limits(line: PriceLine) -> dict:
    errors = {}
    for field in ("min_pence", "max_pence"):
        value = getattr(line, field)
        if value is not None and not 0 < value <= MOST_PENCE:
            errors[field] = f"The {'lowest' if field == 'min_pence' else 'highest'} price must be between £0.01 and " \
                            f"{format_pence(MOST_PENCE)}"
    if line.min_pence and line.max_pence and line.max_pence < line.min_pence:
        errors["max_pence"] = "The highest price must be the same as or more than the lowest price"
    return errors


@transaction.atomic
def price_line_save(*, line: PriceLine, by) -> PriceLine:
    """Add or change a price line of a lot of a draft list. A lot has one main line: the first line
    of a lot is its main line, and making another line main moves it there."""
    lot = Lot.objects.select_for_update().select_related("approved_list").get(pk=line.lot_id)
    if lot.approved_list.status != ListStatus.DRAFT:
        raise ValidationError("Price lines can only change while the list is a draft")
    errors = _check_limits(line)
    if not line.name.strip():
        errors["name"] = "Enter the name of the price, for example Hourly rate, weekday daytime"
    if errors:
        raise ValidationError(errors)
    others = lot.price_lines.exclude(pk=line.pk)
    if not others.filter(is_main=True).exists():
        line.is_main = True
    elif line.is_main:
        others.update(is_main=False)
    creating = line.pk is None
    line.full_clean(validate_unique=False, validate_constraints=False)
    if others.filter(number=line.number).exists():
        raise ValidationError({"number": f"{lot} already has a price line numbered {line.number}"})
    line.save()
    audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=lot.approved_list,
                 note=f"{'Added' if creating else 'Changed'} price line {line} of {lot}")
    return line


def _in_step(membership: Membership, today: date) -> None:
    """Keep Membership.rate_pence equal to the main line's price in effect today."""
    row = (membership.prices.filter(price_line__is_main=True, effective_from__lte=today)
           .order_by("-effective_from", "-pk").first())
    if row is not None and membership.rate_pence != row.pence:
        membership.rate_pence = row.pence
        membership.save(update_fields=["rate_pence", "updated_at"])


def uplifted(pence: int, percentage: Decimal) -> int:
    """A price raised (or lowered) by a percentage, to the nearest penny."""
    return int((Decimal(pence) * (100 + Decimal(percentage)) / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@transaction.atomic
def rate_review(*, lot: Lot, by, effective_from: date, reason: str, uplift_percentage: Decimal | None = None,
                new_prices: dict[tuple[int, int], int] | None = None, source: str = Source.WEB) -> int:
    """The annual rate review of a lot: either an uplift percentage for every live member's every
    line, or new prices per (membership id, price line id), from an effective date. Each change
    adds a MemberPrice row (the history) and an audit line; a member's rate follows its main
    line's price once the date is reached (today or by the daily task). Returns the rows added."""
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = "Give the reason for the review, for example the annual Fees and Charges approval"
    if (uplift_percentage is None) == (not new_prices):
        errors["__all__"] = "Give either an uplift percentage or new prices"
    if uplift_percentage is not None and not Decimal("-50") <= Decimal(uplift_percentage) <= Decimal("50"):
        errors["uplift_percentage"] = "The uplift must be between -50% and 50%"
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    members = {m.pk: m for m in Membership.objects.select_for_update().filter(lot=lot, status__in=("active",
                                                                                                   "suspended"))}
    lines = {line.pk: line for line in lot.price_lines.all()}
    changes = {}
    if uplift_percentage is not None:
        for membership in members.values():
            current = {}
            for row in membership.prices.filter(effective_from__lte=effective_from).order_by("-effective_from", "-pk"):
                current.setdefault(row.price_line_id, row.pence)
            for line_id, pence in current.items():
                changes[(membership.pk, line_id)] = uplifted(pence, uplift_percentage)
    else:
        changes = dict(new_prices)
    for (membership_id, line_id), pence in changes.items():
        line = lines.get(line_id)
        if membership_id not in members or line is None:
            raise ValidationError("A price was given for a member or price line not on this lot")
        if not 0 < pence <= MOST_PENCE:
            errors[f"m{membership_id}_{line_id}"] = (f"The {line.name[:1].lower()}{line.name[1:]} must be between "
                                                     f"£0.01 and {format_pence(MOST_PENCE)}")
    if errors:
        raise ValidationError(errors)
    added = 0
    for (membership_id, line_id), pence in changes.items():
        membership, line = members[membership_id], lines[line_id]
        before = membership.prices.filter(price_line=line, effective_from__lte=effective_from).order_by(
            "-effective_from", "-pk").first()
        if before is not None and before.pence == pence:
            continue
        MemberPrice.objects.create(membership=membership, price_line=line, pence=pence, effective_from=effective_from,
                                   reason=reason.strip()[:300], recorded_by=by)
        audit_record(actor=by, action=Action.UPDATED, obj=membership, source=source, note=reason.strip(),
                     changes={f"{line.name} from {effective_from:%-d %B %Y}":
                              [format_pence(before.pence) if before else "", format_pence(pence)]})
        added += 1
        if effective_from <= today:
            _in_step(membership, today)
    return added


@transaction.atomic
def member_rates_bring_into_step(*, today: date) -> int:
    """Move each member's rate to its main line's price once a reviewed price takes effect (daily)."""
    moved = 0
    due = Membership.objects.filter(prices__effective_from__lte=today, prices__price_line__is_main=True).values("pk")
    # PostgreSQL cannot lock the rows of a DISTINCT query: pick the members first, then lock them.
    for membership in Membership.objects.select_for_update(of=("self",)).filter(pk__in=due).order_by("pk"):
        before = membership.rate_pence
        _in_step(membership, today)
        moved += before != membership.rate_pence
    return moved
