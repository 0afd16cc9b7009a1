"""Writes of the funding formula: areas, their need indicators (typed or uploaded), scenarios and
the approval of one."""
import csv
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.models import Market
from commissioning.core.audit import Action, audit_record
from commissioning.finance.services import budgets_from_allocation

from .. import rules
from ..domain.funding import allocate
from ..models import Area, FundingScenario, IndicatorValue
from ._common import require


@transaction.atomic
def area_save(*, by, name: str, previous_pence: int, area: Area | None = None, market_area: str | None = None) -> Area:
    """Add an area, or change its name, last year's allocation (the base of its floor) or the market
    whose finance budget its approved allocation goes into."""
    require(by, rules.FUNDING, "change funding areas")
    name = name.strip()
    if not name:
        raise ValidationError("Enter the area's name")
    if previous_pence < 0:
        raise ValidationError("Last year's allocation must be £0 or more")
    clash = Area.objects.filter(name__iexact=name)
    if area is not None:
        clash = clash.exclude(pk=area.pk)
    if clash.exists():
        raise ValidationError(f"There is already an area called {name}")
    created = area is None
    area = area or Area()
    if market_area is not None and market_area and not Market.objects.filter(code=market_area).exists():
        raise ValidationError("Choose the market from the list")
    area.name, area.previous_pence = name, previous_pence
    if market_area is not None:
        area.market_area_id = market_area or None
    area.save()
    audit_record(actor=by, action=Action.CREATED if created else Action.UPDATED, obj=area,
                 note=f"Last year's allocation {previous_pence} pence")
    return area


@transaction.atomic
def indicator_set(*, by, area: Area, indicator: str, value: Decimal) -> IndicatorValue:
    """Record one need indicator of an area (a count, so never negative)."""
    require(by, rules.FUNDING, "change need indicators")
    indicator = indicator.strip()
    if not indicator:
        raise ValidationError("Enter the indicator's name")
    if value < 0:
        raise ValidationError("The indicator's value must be 0 or more")
    row, _ = IndicatorValue.objects.update_or_create(area=area, indicator=indicator, defaults={"value": value})
    audit_record(actor=by, action=Action.UPDATED, obj=area, note=f"{indicator}: {value}")
    return row


@transaction.atomic
def indicators_import(*, by, text: str) -> int:
    """Read need indicators from a CSV: an `area` column, then one column per indicator. Areas not
    yet known are added with last year's allocation at £0. Nothing is saved if any row is wrong."""
    require(by, rules.FUNDING, "import need indicators")
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    if "area" not in columns or len(columns) < 2:
        raise ValidationError("The file must have an area column and at least one indicator column")
    problems, parsed = [], []
    for line, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not row.get("area"):
            problems.append(f"Row {line}: enter the area")
            continue
        values = {}
        for name in columns:
            if name == "area":
                continue
            try:
                value = Decimal(row.get(name, "").replace(",", ""))
            except InvalidOperation:
                problems.append(f"Row {line}: {name} must be a number")
                continue
            if value < 0:
                problems.append(f"Row {line}: {name} must be 0 or more")
            values[name] = value
        parsed.append((row["area"], values))
    if not parsed and not problems:
        problems.append("The file has no rows")
    if problems:
        raise ValidationError(problems[:20])
    count = 0
    for name, values in parsed:
        area = Area.objects.filter(name__iexact=name).first() or area_save(by=by, name=name, previous_pence=0)
        for indicator, value in values.items():
            IndicatorValue.objects.update_or_create(area=area, indicator=indicator, defaults={"value": value})
            count += 1
        audit_record(actor=by, action=Action.IMPORTED, obj=area, note=f"{len(values)} need indicators uploaded")
    return count


@transaction.atomic
def scenario_create(*, by, name: str, budget_pence: int, floor: Decimal, ceiling: Decimal | None,
                    weights: dict[str, Decimal], financial_year: int | None = None) -> FundingScenario:
    """Model a way of sharing the budget: its weights, floor and optional ceiling."""
    require(by, rules.FUNDING, "model funding scenarios")
    if not name.strip():
        raise ValidationError("Enter the scenario's name")
    if not weights or all(w == 0 for w in weights.values()):
        raise ValidationError("Give at least one indicator a weight above 0")
    if any(w < 0 for w in weights.values()):
        raise ValidationError("Weights must be 0 or more")
    if floor <= -1:
        raise ValidationError("The floor must be above -100%")
    if ceiling is not None and ceiling < floor:
        raise ValidationError("The ceiling must not be below the floor")
    if financial_year is not None and not 2000 <= financial_year <= 2100:
        raise ValidationError("Enter the financial year it funds, for example 2027")
    scenario = FundingScenario.objects.create(
        name=name.strip(), budget_pence=budget_pence, floor=floor, ceiling=ceiling, created_by=by,
        financial_year=financial_year,
        weights={k: str(v) for k, v in weights.items() if v})
    audit_record(actor=by, action=Action.CREATED, obj=scenario, note=f"Budget {budget_pence} pence, floor {floor}")
    return scenario


@transaction.atomic
def scenario_approve(*, by, scenario: FundingScenario) -> FundingScenario:
    """The head of commissioning approves a feasible scenario; its allocations are recorded as they
    stand and set the finance budgets of the year it funds. Finance budgets are per market, so each
    market's budget becomes the sum of the allocations of the areas that name it."""
    from ..selectors import allocation_by_market, scenario_inputs

    require(by, rules.APPROVE, "approve a funding allocation")
    scenario = FundingScenario.objects.select_for_update().get(pk=scenario.pk)
    if scenario.approved_at:
        raise ValidationError("This scenario is already approved")
    try:
        result = allocate(**scenario_inputs(user=by, scenario=scenario))
    except ValueError as error:
        raise ValidationError(str(error)) from None
    if not result.feasible:
        raise ValidationError(f"This scenario cannot be approved: {result.reason.lower()}")
    if scenario.financial_year is None:
        raise ValidationError("Enter the financial year this scenario funds before approving it")
    by_market, unmapped = allocation_by_market(user=by, result=result)
    if unmapped:
        raise ValidationError(f"Say which market's budget each area funds before approving: {', '.join(unmapped)}")
    budgets = {market: total for market, (_, total) in by_market.items()}
    budgets_from_allocation(financial_year=scenario.financial_year, amounts_pence=budgets, by=by,
                            reason=f"Funding allocation approved: {scenario.name}")
    scenario.approved_at, scenario.approved_by, scenario.approved_pence = timezone.now(), by, result.pence
    scenario.save(update_fields=["approved_at", "approved_by", "approved_pence", "updated_at"])
    audit_record(actor=by, action=Action.STATUS_CHANGED, obj=scenario,
                 note=f"Approved; scaling factor {result.scaling_factor}")
    return scenario
