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
from .funding import contribution_add, funding_add, pool_save
from .register import contract_keep_for_list, contract_save

__all__ = ["arrangement_mark", "contract_keep_for_list", "contract_save", "contribution_add", "funding_add",
           "plan_complete", "plan_start", "pool_save", "step_add", "step_done", "variation_approve",
           "variation_propose", "variation_refuse"]
