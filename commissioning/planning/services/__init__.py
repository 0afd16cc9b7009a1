"""Every write of planning, re-exported from one module per aggregate."""
from .consultations import consultation_limit_set, consultation_outcome, consultation_record
from .delivery import evidence_add, milestone_save, recommendation_review, recommendation_save
from .directorates import directorate_commissioning, directorate_save, feed_token_issue, feed_token_revoke
from .funding import area_save, indicator_set, indicators_import, scenario_approve, scenario_create
from .timetables import committee_date_save, gateway_record, periods_update, project_create, task_complete

__all__ = ["area_save", "committee_date_save", "consultation_limit_set", "consultation_outcome",
           "consultation_record", "directorate_commissioning", "directorate_save", "evidence_add",
           "feed_token_issue", "feed_token_revoke", "gateway_record", "indicator_set", "indicators_import",
           "milestone_save", "periods_update", "project_create", "recommendation_review", "recommendation_save",
           "scenario_approve", "scenario_create", "task_complete"]
