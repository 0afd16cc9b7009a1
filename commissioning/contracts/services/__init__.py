from .register import contract_keep_for_list, contract_save

__all__ = ["contract_keep_for_list", "contract_save"]
