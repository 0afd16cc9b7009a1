from .funding import contribution_add, funding_add, pool_save
from .register import contract_keep_for_list, contract_save

__all__ = ["contract_keep_for_list", "contract_save", "contribution_add", "funding_add", "pool_save"]
