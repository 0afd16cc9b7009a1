from .changes import (
    arrangement_mark,
    plan_complete,
    plan_start,
    step_add,
    step_done,
    variation_approve,
    variation_propose,
    variation_refuse,
)
from .funding import (
    contribution_remove,
    contribution_save,
    funding_remove,
    funding_save,
    payment_record,
    payment_remove,
    pool_save,
)
from .management import (
    action_add,
    action_done,
    breach_move,
    breach_record,
    kpi_create,
    kpi_return_submit,
    meeting_record,
    meetings_schedule,
)
from .register import contract_keep_for_list, contract_save

__all__ = ["action_add", "action_done", "arrangement_mark", "breach_move", "breach_record", "contract_keep_for_list",
           "contract_save", "contribution_remove", "contribution_save", "funding_remove", "funding_save",
           "kpi_create", "kpi_return_submit", "meeting_record", "meetings_schedule", "payment_record",
           "payment_remove", "plan_complete", "plan_start", "pool_save", "step_add", "step_done",
           "variation_approve", "variation_propose", "variation_refuse"]
