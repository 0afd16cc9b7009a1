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
from .register import contract_keep_for_list, contract_save

__all__ = ["arrangement_mark", "contract_keep_for_list", "contract_save", "contribution_remove", "contribution_save",
           "funding_remove", "funding_save", "payment_record", "payment_remove", "plan_complete", "plan_start",
           "pool_save", "step_add", "step_done", "variation_approve", "variation_propose", "variation_refuse"]
