"""Every write of planning, re-exported from one module per aggregate."""
from .consultations import consultation_limit_set, consultation_outcome, consultation_record
from .funding import area_save, indicator_set, indicators_import, scenario_approve, scenario_create
from .timetables import committee_date_save, gateway_record, periods_update, project_create, task_complete

__all__ = ["area_save", "committee_date_save", "consultation_limit_set", "consultation_outcome",
           "consultation_record", "gateway_record", "indicator_set", "indicators_import", "periods_update",
           "project_create", "scenario_approve", "scenario_create", "task_complete"]
