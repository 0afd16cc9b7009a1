"""The register follows the approved lists: a list set up or changed keeps its register entry."""


def keep_register_entry_of_list(sender, instance, raw=False, **kwargs):
    """Every save of an approved list keeps its contract in the register (not when loading fixtures)."""
    if raw:
        return
    from .services import contract_keep_for_list

    contract_keep_for_list(approved_list=instance)
