from .funding import contribution_add, funding_add, pool_save
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

__all__ = ["action_add", "action_done", "breach_move", "breach_record", "contract_keep_for_list", "contract_save",
           "contribution_add", "funding_add", "kpi_create", "kpi_return_submit", "meeting_record",
           "meetings_schedule", "pool_save"]
