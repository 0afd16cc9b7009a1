"""Writes of the scrutiny report: the head's staffing table and the savings each procurement won."""
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record

from ..models import Saving, StaffingLine

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def _year(financial_year: int, errors: dict) -> None:
    if not EARLIEST_YEAR <= financial_year <= LATEST_YEAR:
        errors["financial_year"] = ["Enter the year the financial year starts, such as 2026"]


@transaction.atomic
def staffing_line_add(*, financial_year: int, job_title: str, fte: Decimal, cost_pence: int, by) -> StaffingLine:
    """Add a line to a year's staffing table: a job title, FTE above 0 and a cost of £0 or more."""
    errors: dict[str, list[str]] = {}
    _year(financial_year, errors)
    if not job_title.strip():
        errors["job_title"] = ["Enter the job title"]
    if fte <= 0:
        errors["fte"] = ["The FTE must be more than 0"]
    if cost_pence < 0:
        errors["cost"] = ["The annual cost must be £0 or more"]
    if errors:
        raise ValidationError(errors)
    line = StaffingLine.objects.create(financial_year=financial_year, job_title=job_title.strip(), fte=fte,
                                       cost_pence=cost_pence, recorded_by=by)
    audit_record(actor=by, action=Action.CREATED, obj=line, note=f"Staffing {line}")
    return line


@transaction.atomic
def saving_record(*, financial_year: int, service_area: str, previous_annual_pence: int, new_annual_pence: int,
                  by, approved_list=None) -> Saving:
    """Record what a procurement changed in a service's annual value; both values £0 or more."""
    errors: dict[str, list[str]] = {}
    _year(financial_year, errors)
    if not service_area.strip():
        errors["service_area"] = ["Enter the service area"]
    if previous_annual_pence < 0:
        errors["previous_annual"] = ["The previous annual value must be £0 or more"]
    if new_annual_pence < 0:
        errors["new_annual"] = ["The new annual value must be £0 or more"]
    if errors:
        raise ValidationError(errors)
    saving = Saving.objects.create(financial_year=financial_year, service_area=service_area.strip(),
                                   approved_list=approved_list, previous_annual_pence=previous_annual_pence,
                                   new_annual_pence=new_annual_pence, recorded_by=by)
    audit_record(actor=by, action=Action.CREATED, obj=saving, note=f"Saving on {saving}")
    return saving
