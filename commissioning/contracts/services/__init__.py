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

__all__ = ["contract_keep_for_list", "contract_save", "contribution_remove", "contribution_save", "funding_remove",
           "funding_save", "payment_record", "payment_remove", "pool_save"]
